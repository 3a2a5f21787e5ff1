"""``vrasmr journal rate``: the morning check-in from a terminal (the menu asks the same)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MOOD_WORDS = ("restless", "uneasy", "okay", "calm", "sleepy")  # 1..5, as the menu says them


def add_rate_parser(actions) -> None:
    from vrasmr.cli_values import number

    rate = actions.add_parser(
        "rate",
        help="how last night went: vrasmr journal rate --sleep 4 --minutes 20 --mood calm",
        description=(
            "Record the morning check-in for a night: how you slept (1-5), how many minutes "
            "it took to fall asleep, and how you feel. It feeds the scene marked 'For you'."
        ),
    )
    rate.add_argument(
        "--night",
        type=int,
        metavar="N",
        help="the session to rate, by its id in `vrasmr journal --csv -` (default: the last)",
    )
    rate.add_argument("--sleep", type=_rating, metavar="1-5", help="1 badly ... 5 very well")
    rate.add_argument(
        "--minutes",
        type=number(0.0, 1440.0, "minutes"),
        metavar="M",
        help="minutes it took to fall asleep",
    )
    rate.add_argument(
        "--mood",
        type=_mood,
        metavar="MOOD",
        help=f"how you feel now: 1-5 or {', '.join(MOOD_WORDS)}",
    )


def _rating(text: str) -> int:
    if text.strip() in ("1", "2", "3", "4", "5"):
        return int(text)
    raise argparse.ArgumentTypeError(f"{text!r} is not a rating; use a whole number from 1 to 5")


def _mood(text: str) -> int:
    word = text.strip().lower()
    if word in MOOD_WORDS:
        return MOOD_WORDS.index(word) + 1
    if word in ("1", "2", "3", "4", "5"):
        return int(word)
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a mood; use 1-5 or one of {', '.join(MOOD_WORDS)}"
    )


def run_rate(args: argparse.Namespace, path: Path) -> int:
    from vrasmr.sleep.journal import Journal
    from vrasmr.sleep.summary import night_of

    if args.sleep is None and args.minutes is None and args.mood is None:
        print(
            "vrasmr journal rate: say at least one of --sleep 1-5, --minutes M, --mood MOOD",
            file=sys.stderr,
        )
        return 2
    problems: list[str] = []
    with Journal.open(path, on_problem=problems.append) as journal:
        sessions = journal.sessions()
        night = _pick(sessions, args.night)
        if night is not None and journal.healthy:
            journal.check_in(
                night.id,
                sleep_rating=args.sleep,
                minutes_to_sleep=args.minutes,
                mood_after=args.mood,
            )
        healthy = journal.healthy
    for problem in problems:
        print(problem, file=sys.stderr)
    if not healthy:
        return 1
    if night is None:
        if not sessions:
            print("vrasmr journal rate: the journal has no night to rate yet", file=sys.stderr)
        else:
            ids = f"{sessions[0].id} to {sessions[-1].id}" if len(sessions) > 1 else sessions[0].id
            print(
                f"vrasmr journal rate: there is no session {args.night}; the journal has "
                f"sessions {ids} (see `vrasmr journal --csv -`)",
                file=sys.stderr,
            )
        return 2
    said = []
    if args.sleep is not None:
        said.append(f"slept {args.sleep}/5")
    if args.minutes is not None:
        said.append(f"{args.minutes:g} minutes to fall asleep")
    if args.mood is not None:
        said.append(f"feeling {MOOD_WORDS[args.mood - 1]}")
    when = night.started_at.strftime("%H:%M")
    print(
        f"Recorded for the night of {night_of(night).isoformat()} ({night.scene_id}, started "
        f"{when}, session {night.id}): {', '.join(said)}."
    )
    return 0


def _pick(sessions, night_id: int | None):
    """The session asked for, or the last one that has ended (else the last one)."""
    if night_id is not None:
        return next((s for s in sessions if s.id == night_id), None)
    ended = [s for s in sessions if s.end_reason is not None]
    return (ended or sessions or [None])[-1]
