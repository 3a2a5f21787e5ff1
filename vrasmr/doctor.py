"""``vrasmr doctor``: what this machine has for vrasmr, and the fix for each missing piece."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib import metadata


@dataclass
class Check:
    name: str
    ok: bool
    detail: str
    fix: str = ""


def _version(pkg: str) -> str:
    try:
        return metadata.version(pkg)
    except metadata.PackageNotFoundError:
        return "missing"


def check_packages() -> Check:
    names = [
        "numpy",
        "scipy",
        "moderngl",
        "glfw",
        "PyOpenAL",
        "pyopenxr",
        "pydantic",
        "soundfile",
        "pyloudnorm",
        "Pillow",
        "platformdirs",
    ]
    versions = {n: _version(n) for n in names}
    missing = [n for n, v in versions.items() if v == "missing"]
    detail = ", ".join(f"{n} {v}" for n, v in versions.items())
    return Check(
        "Python packages",
        not missing,
        detail,
        f"pip install {' '.join(missing)}" if missing else "",
    )


def check_gl() -> Check:
    from vrasmr.render.context import GLUnavailable, create_headless_context, describe

    try:
        ctx = create_headless_context()
    except GLUnavailable as exc:
        return Check(
            "OpenGL (EGL, headless)",
            False,
            str(exc),
            "sudo apt-get install libegl1 libgl1-mesa-dri",
        )
    detail = describe(ctx)
    ctx.release()
    return Check("OpenGL (EGL, headless)", True, detail)


def check_window() -> Check:
    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return Check(
            "Desktop window",
            False,
            "no display (DISPLAY is not set)",
            "run from a desktop session, or use the headless mode",
        )
    try:
        import glfw
    except Exception as exc:
        return Check("Desktop window", False, f"glfw unavailable ({exc})", "pip install glfw")
    if not glfw.init():
        return Check("Desktop window", False, "glfw could not initialise", "check the display")
    try:
        glfw.window_hint(glfw.VISIBLE, glfw.FALSE)
        glfw.window_hint(glfw.CONTEXT_VERSION_MAJOR, 3)
        glfw.window_hint(glfw.CONTEXT_VERSION_MINOR, 3)
        glfw.window_hint(glfw.OPENGL_PROFILE, glfw.OPENGL_CORE_PROFILE)
        win = glfw.create_window(64, 64, "vrasmr doctor", None, None)
        if not win:
            return Check("Desktop window", False, "no OpenGL 3.3 window", "update the GL driver")
        glfw.destroy_window(win)
        return Check(
            "Desktop window", True, f"glfw {glfw.__version__} on {os.environ.get('DISPLAY')}"
        )
    finally:
        glfw.terminate()


def check_openal() -> Check:
    from vrasmr.sound.openal._raw import FIX_MISSING, OpenALMissing

    try:
        from vrasmr.sound.engine.device import open_device

        device = open_device(48000, loopback=True)  # what a loopback engine opens
    except OpenALMissing as exc:
        return Check("OpenAL Soft", False, str(exc), FIX_MISSING)
    except Exception as exc:
        return Check("OpenAL Soft", False, str(exc), FIX_MISSING)
    from vrasmr.sound.openal.hrtf import device_hrtf

    try:
        version = device.version_string()
        hrtfs = device.hrtf_names()
        hrtf = device_hrtf(device)
    finally:
        device.close()
    return Check(
        "OpenAL Soft + HRTF",
        hrtf.on,
        f"{version}; HRTF {hrtf.status}; available: {', '.join(hrtfs) or 'none'}",
        hrtf.reason,
    )


def check_playback() -> Check:
    from vrasmr.sound.engine import open_engine

    engine = open_engine("playback")
    status = engine.status
    engine.close()
    if status.backend == "silent":
        return Check(
            "Audio output",
            False,
            status.device,
            "connect headphones; vrasmr plays silently without a device",
        )
    return Check("Audio output", True, f"{status.device}; HRTF {status.hrtf}")


def check_openxr() -> Check:
    from vrasmr.backends.openxr import probe_runtime

    probe = probe_runtime()
    if probe.available:
        return Check("OpenXR runtime", True, probe.name or "available")
    return Check(
        "OpenXR runtime",
        False,
        probe.reason,
        "install and start a runtime (SteamVR, Monado, WiVRn, ALVR, Quest Link), "
        "or use `vrasmr preview`",
    )


def check_voice() -> Check:
    from vrasmr.sound.speech.neural import HOW_TO_GET_NEURAL_VOICE
    from vrasmr.sound.speech.voices import VoiceRegistry

    registry = VoiceRegistry()
    if not registry.neural_installed():
        return Check(
            "Voice",
            False,
            "the espeak-ng whisper speaks (robotic); the natural neural voice is not installed",
            HOW_TO_GET_NEURAL_VOICE,
        )
    return Check("Voice", True, f"whisper and soft: {registry.neural.licence}")


def check_folders() -> Check:
    from vrasmr import content

    try:
        root = content.content_root()
    except FileNotFoundError as exc:
        return Check("Content", False, str(exc), "reinstall vrasmr")
    return Check(
        "Content and your folders",
        True,
        f"content {root}; data {content.user_data_dir()}; cache {content.user_cache_dir()}; "
        f"your scenes {content.user_scenes_dir()}",
    )


def check_sound_cache() -> Check:
    from vrasmr.sound.sound_cache import CacheSettingError, cap_mib, sounds_dir, usage

    sounds, speech = usage()
    kept = f"whispered speech {speech.bytes / 1024**2:.0f} MiB kept apart, never evicted"
    try:
        cap = f"{cap_mib():.0f} MiB"
    except CacheSettingError as exc:
        return Check("Sound cache", False, str(exc), "fix [cache] sounds_mib in settings.toml")
    return Check(
        "Sound cache",
        True,
        f"{sounds.bytes / 1024**2:.0f} MiB of {cap} ({sounds.entries} sounds, least recently "
        f"used go first) in {sounds_dir()}; {kept}",
    )


CHECKS = (
    check_packages,
    check_gl,
    check_window,
    check_openal,
    check_playback,
    check_openxr,
    check_voice,
    check_folders,
    check_sound_cache,
)


def run_checks(out=sys.stdout) -> int:
    print(f"vrasmr doctor: Python {platform.python_version()} on {platform.platform()}", file=out)
    failed_essential = False
    for fn in CHECKS:
        try:
            c = fn()
        except Exception as exc:  # doctor must always finish its report
            c = Check(fn.__name__.removeprefix("check_"), False, f"check crashed: {exc}")
        mark = "ok " if c.ok else "-- "
        print(f"  {mark}{c.name}: {c.detail}", file=out)
        if not c.ok and c.fix:
            print(f"       fix: {c.fix}", file=out)
        if not c.ok and fn in (check_packages, check_gl, check_openal, check_folders):
            failed_essential = True
    return 1 if failed_essential else 0
