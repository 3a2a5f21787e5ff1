"""probe_runtime finds the active runtime manifest without loading it, and never raises."""

from __future__ import annotations

import json

from vrasmr.backends.openxr import probe_runtime
from vrasmr.backends.openxr.probe import manifest_candidates


def write_manifest(path, library, name="Monado"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        json.dumps(
            {
                "file_format_version": "1.0.0",
                "runtime": {"library_path": str(library), "name": name},
            }
        )
    )


def test_no_manifest_gives_a_clear_reason(tmp_path):
    probe = probe_runtime(
        {
            "HOME": str(tmp_path),
            "XDG_CONFIG_DIRS": str(tmp_path / "none"),
            "XR_RUNTIME_JSON": str(tmp_path / "absent.json"),
        }
    )
    assert not probe.available and probe.name is None
    assert "SteamVR" in probe.reason and "vrasmr preview" in probe.reason


def test_user_manifest_with_relative_library(tmp_path):
    manifest = tmp_path / ".config" / "openxr" / "1" / "active_runtime.json"
    (manifest.parent / "lib").mkdir(parents=True)
    (manifest.parent / "lib" / "libopenxr_monado.so").write_bytes(b"")
    write_manifest(manifest, "lib/libopenxr_monado.so")
    probe = probe_runtime({"HOME": str(tmp_path), "XDG_CONFIG_DIRS": str(tmp_path / "none")})
    assert probe.available and probe.name == "Monado"


def test_manifest_naming_a_missing_library_is_not_available(tmp_path):
    manifest = tmp_path / "rt.json"
    write_manifest(manifest, tmp_path / "gone.so", name="SteamVR")
    probe = probe_runtime({"XR_RUNTIME_JSON": str(manifest)})
    assert not probe.available and probe.name == "SteamVR" and "gone.so" in probe.reason


def test_broken_manifest_is_reported_not_raised(tmp_path):
    manifest = tmp_path / "rt.json"
    manifest.write_text("{not json")
    probe = probe_runtime({"XR_RUNTIME_JSON": str(manifest)})
    assert not probe.available and "unreadable" in probe.reason


def test_bare_soname_is_trusted_to_the_dynamic_linker(tmp_path):
    manifest = tmp_path / "rt.json"
    write_manifest(manifest, "libopenxr_wivrn.so", name="WiVRn")
    assert probe_runtime({"XR_RUNTIME_JSON": str(manifest)}).available


def test_search_order_follows_the_loader(tmp_path):
    paths = manifest_candidates({"HOME": "/h", "XDG_CONFIG_DIRS": "/a:/b"})
    dirs = [str(p.parent.parent.parent) for p in paths]
    assert dirs.index("/h/.config") < dirs.index("/a") < dirs.index("/b") < dirs.index("/etc")
    assert all(p.name.startswith("active_runtime") for p in paths)
