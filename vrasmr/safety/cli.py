"""``vrasmr check [SCENE…]``: render scenes offline and check them for sleep safety."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_PASSED = 0
EXIT_FAILED = 1
EXIT_UNAVAILABLE = 2


def register(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Add the ``check`` command; its ``func`` default is :func:`run`."""
    from vrasmr.safety.record import DEFAULT_MINUTES, DEFAULT_SIZE

    parser = subparsers.add_parser(
        "check",
        help="check scenes for sleep safety (loudness, startles, flashes, brightness)",
        description="Render each scene offline and measure its sound and picture against "
        "the limits in docs/sleep-safety.md. Without SCENE, checks every built-in scene.",
    )
    parser.add_argument("scenes", nargs="*", metavar="SCENE", help="scene id or file")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write a JSON report")
    parser.add_argument(
        "--minutes", type=float, default=DEFAULT_MINUTES, help="virtual minutes to render"
    )
    parser.add_argument(
        "--size", type=int, default=DEFAULT_SIZE, help="frame width and height in pixels"
    )
    parser.set_defaults(func=run)
    return parser


def run(args: argparse.Namespace, recorder=None) -> int:
    """Check the scenes, print the table, write JSON; 0 when all pass, 1 otherwise."""
    from vrasmr.safety import verdicts
    from vrasmr.safety.check import check_scenes
    from vrasmr.safety.recording import RecorderUnavailable
    from vrasmr.safety.report import format_table, reports_to_json
    from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS

    if recorder is None:
        from vrasmr.safety.record import record_scene as recorder
    scene_ids = list(args.scenes) or _builtin_scene_ids()
    if not scene_ids:
        print("vrasmr check: no scenes to check", file=sys.stderr)
        return EXIT_FAILED
    try:
        reports = check_scenes(scene_ids, recorder, args.minutes, args.size, DEFAULT_THRESHOLDS)
    except RecorderUnavailable as error:
        print(f"vrasmr check: cannot render scenes: {error}", file=sys.stderr)
        return EXIT_UNAVAILABLE
    print(format_table(reports))
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(reports_to_json(reports, DEFAULT_THRESHOLDS) + "\n", encoding="utf-8")
    try:
        verdicts.remember(reports)
    except OSError as error:
        print(
            f"vrasmr check: could not remember the results in {verdicts.verdicts_path()} "
            f"({error.strerror or error}); the menu will not mark failed scenes",
            file=sys.stderr,
        )
    return EXIT_PASSED if all(report.passed for report in reports) else EXIT_FAILED


def _builtin_scene_ids() -> list[str]:
    from vrasmr.safety.record import builtin_scene_ids

    return builtin_scene_ids()


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point: ``python -m vrasmr.safety [SCENE…]``."""
    parser = argparse.ArgumentParser(prog="vrasmr")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["check", *(sys.argv[1:] if argv is None else argv)])
    return args.func(args)
