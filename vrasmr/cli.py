"""The ``vrasmr`` command.

``vrasmr`` alone picks the best mode this machine allows: the headset when an OpenXR
runtime answers, else the desktop window when there is a display, else a headless render
written to ``out/``. With no scene named near the bedtime in ``settings.toml``, it starts the
bedtime scene with the bedtime timer and says so. Known problems (no library, no display, a
broken scene) end in one clear line and an exit status, never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import datetime
from importlib import import_module
from pathlib import Path

from vrasmr import __version__
from vrasmr.cli_values import (
    confirm_written,
    count,
    eye_size,
    number,
    output_file,
    output_folder,
)
from vrasmr.errors import EXIT_UNAVAILABLE, VrasmrError
from vrasmr.session.export import MAX_MINUTES as MAX_EXPORT_MINUTES

# Subcommand modules that register themselves (kept light at import time).
_SUBCOMMAND_MODULES = (
    "vrasmr.scene.cli",
    "vrasmr.sleep.cli",
    "vrasmr.sleep.settings_cli",
    "vrasmr.safety.cli",
    "vrasmr.sound.speech.cli",
    "vrasmr.program.cli",
)

EXIT_OK = 0
EXIT_FAILED = 1


# What a person could sensibly ask for (the checks are in vrasmr/cli_values.py).
FRAME_RATE = number(1.0, 240.0, "frames per second")
HEADLESS_SECONDS = number(1.0, 3600.0, "seconds (for longer, `vrasmr export` streams to a file)")
EXPORT_MINUTES = number(0.01, MAX_EXPORT_MINUTES, "minutes")
FRAME_COUNT = count(0)
JOURNAL_HELP = "keep this run in the sleep journal (runs with --frames are not kept unless asked)"
SEED = count(0, 2**31 - 1)
SEED_HELP = (
    "a night's seed, 0..2147483647: the same seed gives the same sound (default: a new night)"
)


def _add_run_modes(sub) -> None:
    auto = sub.add_parser("auto", help="start the best mode this machine allows (the default)")
    auto.add_argument(
        "scene", nargs="?", help="scene id or file (default: your bedtime scene or the first)"
    )
    auto.add_argument(
        "--out", type=output_folder, default=Path("out"), help="folder for a headless render"
    )
    auto.set_defaults(func=run_auto)

    headless = sub.add_parser("headless", help="render a scene to a stereo PNG and a binaural WAV")
    headless.add_argument("scene", nargs="?", help="scene id or file")
    headless.add_argument("--out", type=output_folder, default=Path("out"), help="output folder")
    headless.add_argument(
        "--seconds",
        type=HEADLESS_SECONDS,
        default=20.0,
        help="length of the render, 1..3600 (scenes fade in over their first 10-15 s)",
    )
    headless.add_argument(
        "--size", type=eye_size(), default=(480, 270), help="eye size, WxH (16..8192 each)"
    )
    headless.add_argument("--fps", type=FRAME_RATE, default=30.0, help="frames per second, 1..240")
    headless.add_argument("--seed", type=SEED, default=None, help=SEED_HELP)
    headless.set_defaults(func=run_headless)

    preview = sub.add_parser("preview", help="the desktop window (mouse = head)")
    preview.add_argument("scene", nargs="?", help="scene id or file")
    preview.add_argument("--stereo", action="store_true", help="show both eyes side by side")
    preview.add_argument("--rate", type=FRAME_RATE, default=90.0, help="frame rate, 1..240 Hz")
    preview.add_argument(
        "--frames", type=FRAME_COUNT, default=0, help="stop after N frames (0 = run)"
    )
    preview.add_argument("--silent", action="store_true", help="no sound")
    preview.add_argument("--journal", action="store_true", help=JOURNAL_HELP)
    preview.add_argument(
        "--scale",
        type=_render_scale,
        default=None,
        metavar="S",
        help="render scale 0.2..1 (of the window size), or auto: follow the frame time",
    )
    preview.set_defaults(func=run_preview)

    vr = sub.add_parser("vr", help="run in a VR headset (OpenXR)")
    vr.add_argument("scene", nargs="?", help="scene id or file")
    vr.add_argument("--mirror", action="store_true", help="show one eye in a desktop window")
    vr.add_argument("--frames", type=FRAME_COUNT, default=0, help="exit after N frames (0 = run)")
    vr.add_argument("--journal", action="store_true", help=JOURNAL_HELP)
    vr.set_defaults(func=run_vr)

    doctor = sub.add_parser("doctor", help="what this machine has, and how to fix what is missing")
    doctor.set_defaults(func=run_doctor)

    export = sub.add_parser("export", help="write a binaural recording of a scene for headphones")
    export.add_argument("scene", help="scene id or file")
    export.add_argument(
        "--minutes",
        type=EXPORT_MINUTES,
        default=None,
        help=f"length in minutes, 0.01..{MAX_EXPORT_MINUTES:g} (default 5, or the timer's)",
    )
    export.add_argument(
        "--timer",
        type=count(15, 90),
        metavar="MIN",
        help="a sleep timer of 15..90 minutes: its fade is in the file, which ends with it "
        "(with --minutes too, the shorter wins)",
    )
    export.add_argument(
        "--out", type=output_file(".wav", ".flac"), required=True, help="output .wav or .flac"
    )
    export.add_argument(
        "--allow-no-hrtf",
        action="store_true",
        help="write plain stereo when HRTF is not available (by default export refuses)",
    )
    export.add_argument("--seed", type=SEED, default=None, help=SEED_HELP)
    export.set_defaults(func=run_export)


def _render_scale(text: str) -> float | None:
    from vrasmr.backends.desktop.render_scale import parse_scale

    try:
        return parse_scale(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc).removeprefix("--scale ")) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vrasmr",
        description="A VR environment that helps you fall asleep with ASMR.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="more log output")
    parser.add_argument("--version", action="version", version=f"vrasmr {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_run_modes(sub)
    for name in _SUBCOMMAND_MODULES:
        try:
            module = import_module(name)
        except ImportError:
            continue
        module.register(sub)
    return parser


def _subcommands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    first = next((a for a in argv if not a.startswith("-")), None)
    if first is not None and first not in _subcommands(parser):
        argv.insert(argv.index(first), "auto")  # `vrasmr SCENE` = the automatic mode
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="vrasmr: %(message)s",
    )
    logging.getLogger("OpenGL").setLevel(logging.WARNING)  # not ours: "No OpenGL_accelerate"
    func = getattr(args, "func", None)
    if func is None:
        args = parser.parse_args([*argv, "auto"])
        func = args.func
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except VrasmrError as exc:  # a problem the person can fix: one line, no traceback
        print(f"vrasmr: {exc}", file=sys.stderr)
        return exc.exit_status


# ---- modes -----------------------------------------------------------------------------
def run_headless(args) -> int:
    from vrasmr.backends.headless import render_to_files

    out = output_folder(args.out)  # again: `vrasmr` alone comes here with its default
    result = render_to_files(
        args.scene,
        out,
        seconds=args.seconds,
        size=args.size,
        fps=args.fps,
        sleep_timer=getattr(args, "sleep_timer", "scene"),
        seed=getattr(args, "seed", None),
    )
    for written in (result.png, result.wav):
        confirm_written(written)
    for problem in result.problems:
        print(f"vrasmr: {problem}", file=sys.stderr)
    print(
        f"vrasmr: headless render ({result.seconds:g} s, HRTF {result.hrtf}) written to "
        f"{result.png} and {result.wav}"
    )
    return EXIT_OK


def has_display() -> bool:
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run_auto(args, now: datetime | None = None) -> int:
    """The best mode this machine allows; with no scene near bedtime, the bedtime routine."""
    from vrasmr.backends.openxr import probe_runtime

    scene, timer = args.scene, "scene"
    if scene is None:
        start = bedtime_choice(now)
        if start is not None:
            print(f"vrasmr: {start.message}")
            scene, timer = start.scene_id, start.timer
    probe = probe_runtime()
    if probe.available:
        print(f"vrasmr: starting in the headset ({probe.name})")
        return run_vr(argparse.Namespace(scene=scene, mirror=False, sleep_timer=timer))
    print(f"vrasmr: no headset: {probe.reason}")
    if has_display():
        status = run_preview(
            argparse.Namespace(
                scene=scene, stereo=False, rate=90.0, frames=0, silent=False, sleep_timer=timer
            )
        )
        if status != EXIT_UNAVAILABLE:
            return status
        print("vrasmr: the desktop window could not open; rendering headless instead")
    else:
        print("vrasmr: no display (DISPLAY is not set); rendering headless instead")
    return run_headless(
        argparse.Namespace(
            scene=scene, out=args.out, seconds=20.0, size=(480, 270), fps=30.0, sleep_timer=timer
        )
    )


def bedtime_choice(now: datetime | None = None):
    """The bedtime scene and timer (a :class:`~vrasmr.sleep.schedule.BedtimeStart`) when
    ``now`` is near the bedtime in ``settings.toml``; None otherwise or when it cannot be used
    (which is said in one line)."""
    from vrasmr.quoting import quote
    from vrasmr.session.assets import scene_library
    from vrasmr.sleep.schedule import bedtime_start
    from vrasmr.sleep.settings import SettingsError, load_settings

    now = now or datetime.now()
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"vrasmr: {exc}", file=sys.stderr)
        return None
    if bedtime_start(settings, now) is None:  # not bedtime: no need to look at the scenes
        return None
    library = scene_library()
    if settings.bedtime_scene not in library.ids():
        print(
            f"vrasmr: your bedtime scene {quote(settings.bedtime_scene)} (bedtime_scene in "
            f"settings.toml) is not a scene you have; see `vrasmr scenes`",
            file=sys.stderr,
        )
        return None
    scene = library.get(settings.bedtime_scene)
    default = None if scene.sleep_timer == "off" else scene.sleep_timer
    return bedtime_start(settings, now, scene_default_timer=default, scene_title=scene.title)


def run_preview(args) -> int:
    try:
        from vrasmr.backends.desktop import run_desktop
    except ImportError as exc:
        print(f"vrasmr: the desktop preview is not available ({exc})", file=sys.stderr)
        return EXIT_UNAVAILABLE
    return run_desktop(args)


def run_vr(args) -> int:
    from vrasmr.backends.openxr import run_headset
    from vrasmr.session.factory import make_app_factory

    factory = make_app_factory(
        args.scene, journal=keeps_journal(args), sleep_timer=getattr(args, "sleep_timer", "scene")
    )
    return run_headset(
        args.scene,
        factory,
        mirror=args.mirror,
        frames=getattr(args, "frames", 0),
    )


def keeps_journal(args) -> bool:
    """Whether a run goes into the personal sleep journal: real sessions do; scripted runs
    (``--frames N``, checks, benchmarks) only when ``--journal`` asks."""
    return bool(getattr(args, "journal", False)) or not getattr(args, "frames", 0)


def run_doctor(args) -> int:
    from vrasmr.doctor import run_checks

    return run_checks()


def run_export(args) -> int:
    from vrasmr.session.export import export_scene

    return export_scene(
        args.scene,
        args.minutes,
        args.out,
        allow_no_hrtf=getattr(args, "allow_no_hrtf", False),
        timer_minutes=getattr(args, "timer", None),
        seed=getattr(args, "seed", None),
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
