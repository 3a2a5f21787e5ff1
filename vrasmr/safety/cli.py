"""``vrasmr check [SCENE…]``: render scenes offline and check them for sleep safety."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from vrasmr.cli_values import is_scene_file

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_UNAVAILABLE = 2
# Under a minute a scene is still fading in and reads as too quiet; every frame is kept for
# the picture measures (60 MB a minute at 64 pixels, 7 GB at most).
MINUTES = (1.0, 30.0)
SIZE = (16, 128)
SEEDS = (1, 10)


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``check`` command; its ``func`` default is :func:`run`."""
    from vrasmr.cli_values import add_plot_option, count, number, output_file
    from vrasmr.safety.record import DEFAULT_MINUTES, DEFAULT_SIZE

    parser = subparsers.add_parser(
        "check",
        help="check scenes for sleep safety (loudness, startles, flashes, brightness)",
        description="Render each scene offline and measure its sound and picture against "
        "the limits in docs/sleep-safety.md. Without SCENE, checks every built-in scene.",
    )
    parser.add_argument(
        "scenes", nargs="*", metavar="SCENE", help="scene id or file (path/to/scene.toml)"
    )
    parser.add_argument(
        "--json", type=output_file(".json"), metavar="FILE.json", help="also write a JSON report"
    )
    parser.add_argument(
        "--minutes",
        type=number(*MINUTES, "minutes"),
        default=DEFAULT_MINUTES,
        help=f"virtual minutes to render, {MINUTES[0]:g}..{MINUTES[1]:g}",
    )
    parser.add_argument(
        "--size",
        type=count(*SIZE),
        default=DEFAULT_SIZE,
        help=f"frame width and height in pixels, {SIZE[0]}..{SIZE[1]}",
    )
    parser.add_argument(
        "--seeds",
        type=count(*SEEDS),
        default=1,
        help=f"nights of each scene to check (other random sounds and event times), "
        f"{SEEDS[0]}..{SEEDS[1]}; a scene passes when every night does",
    )
    parser.add_argument(
        "--margins",
        action="store_true",
        help="also print how far each scene stays under each upper limit (worst night)",
    )
    add_plot_option(
        parser, "draw the (first) scene's loudness, ears and light over time with its findings"
    )
    parser.add_argument(
        "--guarded",
        action="store_true",
        help="let the runtime loudness and light guards act, to measure what reaches a "
        "person (by default the scene is judged as written and the guards only watch)",
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace, recorder=None) -> int:
    """Check the scenes, print the table, write JSON; 0 when all pass, 1 otherwise."""
    from dataclasses import replace

    from vrasmr.cli_values import confirm_written
    from vrasmr.safety import verdicts
    from vrasmr.safety.check import RecorderUnavailable, check_scenes
    from vrasmr.safety.report import format_table, reports_to_json
    from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS

    if recorder is None:
        from vrasmr.safety.record import record_scene as recorder
    scene_ids = list(args.scenes) or _builtin_scene_ids()
    if not scene_ids:
        print("vrasmr check: no scenes to check", file=sys.stderr)
        return EXIT_FAILED
    missing = [name for name in scene_ids if is_scene_file(name) and not Path(name).is_file()]
    if missing:
        print(f"vrasmr check: no scene file {missing[0]}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    seeds = getattr(args, "seeds", 1)
    plot = getattr(args, "plot", None)
    kept: dict | None = {} if plot is not None else None  # only the plotted recording is kept
    by_scene: dict[str, list] = {name: [] for name in scene_ids}
    try:
        for seed in range(seeds):
            keep = _recorder(recorder, seed, getattr(args, "guarded", False), kept)
            found = check_scenes(scene_ids, keep, args.minutes, args.size, DEFAULT_THRESHOLDS)
            for name, report in zip(scene_ids, found, strict=True):
                by_scene[name].append(report)
    except RecorderUnavailable as error:
        print(f"vrasmr check: cannot render scenes: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    shown = [
        replace(r, scene_id=f"{r.scene_id}#{seed}") if seeds > 1 else r
        for reports in by_scene.values()
        for seed, r in enumerate(reports)
    ]
    print(format_table(shown))
    if getattr(args, "margins", False):
        from vrasmr.safety.margins import format_margins, scene_margins

        print()
        print(format_margins([m for reports in by_scene.values() for m in scene_margins(reports)]))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(reports_to_json(shown, DEFAULT_THRESHOLDS) + "\n", encoding="utf-8")
        confirm_written(args.json)
    if kept is not None:
        first = scene_ids[0]
        if first in kept:
            from vrasmr.safety.plot import plot_recording

            plot.parent.mkdir(parents=True, exist_ok=True)
            plot_recording(kept[first], by_scene[first][0], plot)
            confirm_written(plot)
        else:
            print(f"vrasmr check: no plot: {first} could not be rendered", file=sys.stderr)
    verdicts_now = [
        replace(reports[0], findings=[f for r in reports for f in r.findings])
        for reports in by_scene.values()
    ]
    if not getattr(args, "guarded", False):  # the menu marks scenes as written
        try:
            verdicts.remember(_by_library_id(verdicts_now))
        except OSError as error:
            print(
                f"vrasmr check: could not remember the results in {verdicts.verdicts_path()} "
                f"({error.strerror or error}); the menu will not mark failed scenes",
                file=sys.stderr,
            )
    return EXIT_PASSED if all(r.passed for r in verdicts_now) else EXIT_FAILED


def _recorder(recorder, seed: int, guarded: bool, kept: dict | None):
    """``recorder`` for night ``seed`` (guards acting or not), keeping the first night's
    first recording in ``kept`` (when given) for a plot."""

    def record(scene_id: str, minutes: float, size: int):
        if seed == 0 and not guarded:
            recording = recorder(scene_id, minutes, size)
        else:
            recording = recorder(scene_id, minutes, size, variation=seed, guarded=guarded)
        if kept is not None and seed == 0 and not kept:
            kept[scene_id] = recording
        return recording

    return record


def _by_library_id(reports):
    """The reports the menu can use: scenes checked by id, and scene files that are the
    library's own file for their id (a copy elsewhere must not mark the library's scene)."""
    from dataclasses import replace

    files = [r for r in reports if is_scene_file(r.scene_id)]
    if not files:
        return reports
    from vrasmr.session.assets import scene_library

    library = scene_library()
    owners = {library.path_of(sid).resolve(): sid for sid in library.ids()}
    kept = [r for r in reports if not is_scene_file(r.scene_id)]
    for report in files:
        sid = owners.get(Path(report.scene_id).resolve())
        if sid is not None:
            kept.append(replace(report, scene_id=sid))
    return kept


def _builtin_scene_ids() -> list[str]:
    from vrasmr.safety.record import builtin_scene_ids

    return builtin_scene_ids()


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m vrasmr.safety [SCENE…]``."""
    parser = argparse.ArgumentParser(prog="vrasmr")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
