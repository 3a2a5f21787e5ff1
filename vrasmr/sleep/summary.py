"""Readable journal summaries: nights, average sleep rating by scene and trigger, and trend."""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TextIO

from vrasmr.sleep.journal import SessionRow

TREND_WINDOW = 7
CSV_COLUMNS = (
    "id",
    "night",
    "scene_id",
    "timer",
    "triggers",
    "started_at",
    "ended_at",
    "minutes",
    "end_reason",
    "mood_before",
    "mood_after",
    "sleep_rating",
    "minutes_to_sleep",
    "skips",
    "onset_minutes",
    "onset_source",
    "breathing_bpm",
)


def night_of(session: SessionRow) -> date:
    """The night a session belongs to: starts before noon count for the evening before."""
    return (session.started_at - timedelta(hours=12)).date()


@dataclass(frozen=True)
class Average:
    mean: float
    count: int


@dataclass(frozen=True)
class JournalSummary:
    sessions: int
    nights: int
    rated_nights: int
    by_scene: dict[str, Average]
    by_trigger: dict[str, Average]
    end_reasons: dict[str, int]
    minutes_to_sleep: Average | None
    onset_minutes: Average | None  # read from head motion (headset or mouse)
    recent: Average | None  # the last TREND_WINDOW ratings
    earlier: Average | None  # the TREND_WINDOW before those


def nightly_ratings(sessions: Iterable[SessionRow]) -> list[tuple[date, float, str]]:
    """(night, rating, scene) for each rated night; a night's last rated session wins."""
    per_night: dict[date, tuple[float, str]] = {}
    for s in sorted(sessions, key=lambda s: s.started_at):
        if s.sleep_rating is not None:
            per_night[night_of(s)] = (float(s.sleep_rating), s.scene_id)
    return [(night, rating, scene) for night, (rating, scene) in sorted(per_night.items())]


def summarize(sessions: Sequence[SessionRow]) -> JournalSummary:
    by_scene: dict[str, list[float]] = defaultdict(list)
    by_trigger: dict[str, list[float]] = defaultdict(list)
    for s in sessions:
        if s.sleep_rating is None:
            continue
        by_scene[s.scene_id].append(s.sleep_rating)
        for trigger in s.triggers:
            by_trigger[trigger].append(s.sleep_rating)
    ratings = [rating for _, rating, _ in nightly_ratings(sessions)]
    recent = ratings[-TREND_WINDOW:]
    earlier = ratings[-2 * TREND_WINDOW : -TREND_WINDOW]
    latencies = [s.minutes_to_sleep for s in sessions if s.minutes_to_sleep is not None]
    return JournalSummary(
        sessions=len(sessions),
        nights=len({night_of(s) for s in sessions}),
        rated_nights=len(ratings),
        by_scene=_averages(by_scene),
        by_trigger=_averages(by_trigger),
        end_reasons=dict(Counter(s.end_reason or "still running" for s in sessions)),
        minutes_to_sleep=_average(latencies),
        onset_minutes=_average([s.onset_minutes for s in sessions if s.onset_minutes is not None]),
        recent=_average(recent),
        earlier=_average(earlier),
    )


def trend_text(summary: JournalSummary) -> str:
    if summary.recent is None or summary.earlier is None or summary.earlier.count < 3:
        return "Trend: not enough rated nights yet (rate a few more mornings)."
    diff = summary.recent.mean - summary.earlier.mean
    word = "better" if diff >= 0.25 else "worse" if diff <= -0.25 else "about the same"
    return (
        f"Trend: {word} - last {summary.recent.count} rated nights {summary.recent.mean:.1f}, "
        f"the {summary.earlier.count} before {summary.earlier.mean:.1f}."
    )


def format_summary(summary: JournalSummary) -> str:
    if summary.sessions == 0:
        return "Your sleep journal is empty: it fills in as you use vrasmr at night."
    lines = [
        f"{summary.nights} night{'s' * (summary.nights != 1)}, {summary.sessions} session"
        f"{'s' * (summary.sessions != 1)}, {summary.rated_nights} rated.",
    ]
    if summary.minutes_to_sleep is not None:
        lines.append(
            f"Time to fall asleep: about {summary.minutes_to_sleep.mean:.0f} minutes on average."
        )
    if summary.onset_minutes is not None:
        n = summary.onset_minutes.count
        lines.append(
            f"Sleep onset read from your head's stillness and breathing: about "
            f"{summary.onset_minutes.mean:.0f} minutes after starting ({n} night{'s' * (n != 1)})."
        )
    for title, table in (("scene", summary.by_scene), ("trigger", summary.by_trigger)):
        if not table:
            continue
        lines += ["", f"Average sleep rating by {title} (1-5):"]
        width = max(len(name) for name in table)
        for name, avg in sorted(table.items(), key=lambda kv: (-kv[1].mean, kv[0])):
            bar = "#" * round(avg.mean * 4)
            lines.append(f"  {name:<{width}}  {avg.mean:.1f}  {bar:<20} ({avg.count})")
    ends = ", ".join(f"{reason} {n}" for reason, n in sorted(summary.end_reasons.items()))
    lines += ["", f"Sessions ended by: {ends}.", trend_text(summary)]
    return "\n".join(lines)


def write_csv(sessions: Iterable[SessionRow], out: TextIO) -> int:
    """Write one row per session; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    count = 0
    for s in sessions:
        minutes = s.minutes
        writer.writerow(
            [
                s.id,
                night_of(s).isoformat(),
                s.scene_id,
                s.timer,
                " ".join(s.triggers),
                s.started_at.isoformat(timespec="seconds"),
                s.ended_at.isoformat(timespec="seconds") if s.ended_at else "",
                "" if minutes is None else f"{minutes:.1f}",
                s.end_reason or "",
                _blank(s.mood_before),
                _blank(s.mood_after),
                _blank(s.sleep_rating),
                _blank(s.minutes_to_sleep),
                " ".join(s.skips),
                "" if s.onset_minutes is None else f"{s.onset_minutes:.1f}",
                s.onset_source or "",
                "" if s.breathing_bpm is None else f"{s.breathing_bpm:.1f}",
            ]
        )
        count += 1
    return count


def _blank(value: object) -> object:
    return "" if value is None else value


def _average(values: Sequence[float]) -> Average | None:
    return Average(sum(values) / len(values), len(values)) if values else None


def _averages(groups: dict[str, list[float]]) -> dict[str, Average]:
    return {name: Average(sum(v) / len(v), len(v)) for name, v in groups.items()}
