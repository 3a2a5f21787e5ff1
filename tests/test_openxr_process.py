"""Things that load pyopenxr run in a child process, so ``xr``'s GLX switch stays out of ours."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RUN = (
    "import sys; from vrasmr.backends.openxr import run_headset; "
    "sys.exit(run_headset(None, lambda **k: None))"
)


def child(code: str, env_extra: dict, tmp_path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), **env_extra}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, cwd=ROOT
    )


def test_package_import_stays_light(tmp_path):
    out = child(
        "import sys, vrasmr.backends.openxr as o; o.probe_runtime(); "
        "print(sorted(m for m in ('xr', 'OpenGL', 'glfw') if m in sys.modules))",
        {},
        tmp_path,
    )
    assert out.returncode == 0 and out.stdout.strip() == "[]"


def test_no_runtime_is_one_line_and_status_2(tmp_path):
    out = child(RUN, {"XR_RUNTIME_JSON": str(tmp_path / "absent.json")}, tmp_path)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "vrasmr preview" in lines[0] and "SteamVR" in lines[0]


def test_broken_runtime_library_is_one_line_and_status_2(tmp_path):
    lib = tmp_path / "libnot_a_runtime.so"
    lib.write_bytes(b"not an elf")
    manifest = tmp_path / "rt.json"
    manifest.write_text(
        json.dumps(
            {
                "file_format_version": "1.0.0",
                "runtime": {"library_path": str(lib), "name": "Broken"},
            }
        )
    )
    out = child(RUN, {"XR_RUNTIME_JSON": str(manifest)}, tmp_path)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "RuntimeUnavailable" in lines[0], out.stderr


def test_benchmark_rows_have_the_agreed_shape(tmp_path):
    code = (
        "import json, sys; sys.path.insert(0, 'benchmarks'); import bench_openxr; "
        "print(json.dumps(bench_openxr.run()))"
    )
    out = child(code, {}, tmp_path)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout.strip().splitlines()[-1])
    keys = {"name", "value", "unit", "floor", "ratio", "target", "passed"}
    assert all(keys <= set(r) for r in rows)
    assert rows[0]["value"] > 0 and rows[0]["passed"] is not None
    # No runtime here: every runtime row says "not measured", none passes.
    runtime_rows = rows[1:]
    assert runtime_rows and all(r["value"] is None and r["passed"] is None for r in runtime_rows)
    assert "XR_RUNTIME_JSON" in runtime_rows[0]["note"]


def test_rows_not_measured_are_shown_as_such_never_as_passes():
    from benchmarks.runner import to_markdown, verdict

    rows = [
        {"name": "a", "value": 1.0, "unit": "ms", "target": "<= 2", "passed": True},
        {"name": "b", "value": None, "unit": "ms", "target": "<= 2", "passed": None},
        {"name": "c", "value": 3.0, "unit": "ms", "target": "informational", "passed": None},
        {"name": "d", "value": 3.0, "unit": "ms", "target": "<= 2", "passed": False},
    ]
    assert [verdict(r) for r in rows] == ["pass", "not measured", "reported", "FAIL"]
    text = to_markdown({}, [("bench_x", rows, 1.0)])
    assert "| b | – | ms | – | – | – | <= 2 | not measured |" in text  # (spread: –)
    assert "**1 of 2 judged rows pass; 1 not measured.**" in text
