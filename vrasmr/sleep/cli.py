"""``vrasmr journal``: read, export, chart or delete the private sleep journal; ``vrasmr
journal rate`` answers the morning questions from a terminal."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def register(subparsers) -> None:
    """Add the ``journal`` subcommand to an argparse ``subparsers`` object."""
    from vrasmr.cli_values import add_plot_option, output_file

    parser = subparsers.add_parser(
        "journal",
        help="your sleep journal: summary, CSV export, chart, or delete it",
        description=(
            "Show a summary of your sleep journal. Everything stays on this computer: "
            "nothing is ever sent anywhere."
        ),
    )
    parser.add_argument(
        "--csv",
        type=output_file(".csv", stdout=True),
        metavar="FILE.csv",
        help="export every session to FILE.csv ('-' = stdout)",
    )
    add_plot_option(parser, "draw a chart of your nights to FILE.png")
    parser.add_argument(
        "--forget", action="store_true", help="delete the whole journal (asks first)"
    )
    parser.add_argument("--yes", action="store_true", help="with --forget: do not ask")
    parser.set_defaults(func=run)
    actions = parser.add_subparsers(dest="journal_action", metavar="ACTION")
    from vrasmr.sleep.rate_cli import add_rate_parser

    add_rate_parser(actions)


def run(args: argparse.Namespace) -> int:
    from vrasmr.cli_values import confirm_written
    from vrasmr.sleep.journal import Journal, default_journal_path

    path = default_journal_path()
    if getattr(args, "journal_action", None) == "rate":
        from vrasmr.sleep.rate_cli import run_rate

        return run_rate(args, path)
    if args.forget:
        return _forget(path, assume_yes=args.yes)
    if args.yes:
        print("--yes only goes with --forget.", file=sys.stderr)
        return 2
    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        sessions = journal.sessions()
        healthy = journal.healthy
    for problem in problems:
        print(problem, file=sys.stderr)
    if not healthy:
        return 1
    if args.csv:
        status = _export_csv(sessions, args.csv)
        if status:
            return status
    if args.plot:
        from vrasmr.sleep.plot import plot_journal

        try:
            written = plot_journal(sessions, Path(args.plot))
        except OSError as exc:
            print(f"could not write the chart to {args.plot}: {exc}", file=sys.stderr)
            return 1
        print(f"Chart written to {confirm_written(written)}")
    if not args.csv and not args.plot:
        from vrasmr.sleep.summary import format_summary, summarize

        print(format_summary(summarize(sessions)))
    return 0


def _export_csv(sessions, target: str | Path) -> int:
    from vrasmr.cli_values import confirm_written
    from vrasmr.sleep.summary import write_csv

    if str(target) == "-":
        write_csv(sessions, sys.stdout)
        return 0
    try:
        with open(target, "w", newline="", encoding="utf-8") as out:
            count = write_csv(sessions, out)
    except OSError as exc:
        print(f"could not write {target}: {exc}; choose another file", file=sys.stderr)
        return 1
    print(f"{count} sessions written to {confirm_written(Path(target))}", file=sys.stderr)
    return 0


def _forget(path: Path, *, assume_yes: bool) -> int:
    from vrasmr.sleep.journal_file import forget_journal, journal_files

    files = journal_files(path)
    if not files:
        print("There is no sleep journal to delete.")
        return 0
    if not assume_yes:
        question = (
            f"Delete your whole sleep journal ({', '.join(f.name for f in files)} in "
            f"{path.parent})? This cannot be undone. [y/N] "
        )
        try:
            answer = input(question)
        except EOFError:
            answer = ""
        if answer.strip().lower() not in ("y", "yes"):
            print("Kept your journal. (Use --yes to delete without being asked.)")
            return 1
    try:
        deleted = forget_journal(path)
    except OSError as exc:
        print(
            f"could not delete {exc.filename}: {exc.strerror}; delete it by hand", file=sys.stderr
        )
        return 1
    print(f"Deleted your sleep journal ({len(deleted)} file{'s' * (len(deleted) != 1)}).")
    return 0
