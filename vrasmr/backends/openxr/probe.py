"""Is an OpenXR runtime installed? A cheap check that never raises and never starts one.

It follows the Linux OpenXR loader's search for the active runtime manifest
(``XR_RUNTIME_JSON``, then ``$XDG_CONFIG_HOME``, ``$XDG_CONFIG_DIRS`` and ``/etc``) and
checks that the library it names exists. Creating an instance would be the real test, but
that can launch SteamVR or block; ``vrasmr doctor`` and the automatic mode need a quick
answer.
"""

from __future__ import annotations

import importlib.util
import json
import os
import platform
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from vrasmr.errors import VrasmrError

MANIFEST_DIR = Path("openxr") / "1"
INSTALL_HINT = (
    "install and start an OpenXR runtime (SteamVR, Monado, WiVRn, ALVR, Quest Link/Virtual "
    "Desktop via SteamVR) or use `vrasmr preview`"
)


@dataclass(frozen=True)
class RuntimeProbe:
    """The answer: whether a runtime looks usable, its name, and a one-line reason."""

    available: bool
    name: str | None
    reason: str


def manifest_candidates(env: Mapping[str, str]) -> list[Path]:
    """Where the loader looks for the active runtime manifest, in order."""
    if env.get("XR_RUNTIME_JSON"):
        return [Path(env["XR_RUNTIME_JSON"])]
    names = [f"active_runtime.{platform.machine()}.json", "active_runtime.json"]
    home = env.get("HOME", "")
    dirs = [env.get("XDG_CONFIG_HOME") or (os.path.join(home, ".config") if home else "")]
    dirs += (env.get("XDG_CONFIG_DIRS") or "/etc/xdg").split(":")
    dirs.append("/etc")
    return [Path(d) / MANIFEST_DIR / n for d in dirs if d for n in names]


def read_manifest(path: Path) -> RuntimeProbe:
    """Judge one manifest file: parseable, names a runtime, library present."""
    try:
        runtime = json.loads(path.read_text())["runtime"]
        library = str(runtime["library_path"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return RuntimeProbe(False, None, f"unreadable runtime manifest {path}: {exc}")
    name = str(runtime.get("name") or Path(library).stem)
    if "/" not in library:  # a bare soname: the dynamic linker searches for it
        return RuntimeProbe(True, name, f"runtime {name!r} from {path}")
    lib = Path(library) if os.path.isabs(library) else path.parent / library
    if not lib.exists():
        return RuntimeProbe(False, name, f"runtime {name!r} in {path} names missing {lib}")
    return RuntimeProbe(True, name, f"runtime {name!r} from {path}")


def probe_runtime(env: Mapping[str, str] | None = None) -> RuntimeProbe:
    """Find the active OpenXR runtime without loading it. Never raises."""
    try:
        if importlib.util.find_spec("xr") is None:
            return RuntimeProbe(False, None, "pyopenxr is not installed (pip install pyopenxr)")
        env = os.environ if env is None else env
        for path in manifest_candidates(env):
            if path.is_file():
                return read_manifest(path)
        return RuntimeProbe(False, None, f"no active OpenXR runtime found: {INSTALL_HINT}")
    except Exception as exc:  # noqa: BLE001 - a probe must answer, not crash
        return RuntimeProbe(False, None, f"could not probe for an OpenXR runtime: {exc}")


class NoRuntimeError(VrasmrError, RuntimeError):
    """No usable OpenXR runtime or headset; the message is the line to show."""


def no_runtime_message(what: str, exc: BaseException) -> str:
    """``what`` failed with ``exc``: one line naming the error and what to install."""
    name = type(exc).__name__
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"no OpenXR headset: {what} failed ({name}{': ' + detail if detail else ''}); {INSTALL_HINT}"
