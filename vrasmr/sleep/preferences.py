"""Learning what helps: a Beta posterior per trigger kind from ratings and skips.

Evidence per session, for every trigger it played: a sleep rating r (1-5) counts as
(r-1)/4 of a success and (5-r)/4 of a failure; a better mood after than before adds half a
success (worse: half a failure); reaching the timer's end without a rating adds a quarter
success; minutes to fall asleep (said in the morning, else read from the headset) add up to
half a success when quick (10 minutes or less) and up to half a failure when slow (an hour
or more); each skip of a trigger (a scene left within three minutes, a script skipped, a
sound switched off during the night) is one failure. The menu marks a scene "for you" by
Thompson sampling (one draw per trigger each launch, ranked by :func:`rank_scenes`); triggers
the user switched off never count.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from vrasmr.sleep.journal import Journal, SessionRow, normalize_trigger

TRIGGER_KINDS = (
    "whispers",
    "tapping",
    "brushing",
    "crinkling",
    "rain",
    "fire",
    "water",
    "noise",
    "story",
)
MIN_NIGHTS_FOR_YOU = 3  # sessions with evidence before any scene is marked "for you"
QUICK_MINUTES, SLOW_MINUTES = 10.0, 60.0  # falling asleep: quick (success) .. slow (failure)
GOOD_RATING = 4


@dataclass
class Beta:
    alpha: float = 1.0
    beta: float = 1.0

    @property
    def mean(self) -> float:
        return self.alpha / (self.alpha + self.beta)


@dataclass
class TriggerPreferences:
    """Per-trigger Beta(1, 1) priors updated with evidence from the journal."""

    posteriors: dict[str, Beta] = field(default_factory=dict)
    nights: int = 0  # sessions that gave any evidence

    @classmethod
    def from_sessions(cls, sessions: Iterable[SessionRow]) -> TriggerPreferences:
        prefs = cls()
        for session in sessions:
            prefs.observe_session(session)
        return prefs

    @classmethod
    def from_journal(cls, journal: Journal) -> TriggerPreferences:
        return cls.from_sessions(journal.sessions())

    def posterior(self, trigger: str) -> Beta:
        return self.posteriors.get(normalize_trigger(trigger), Beta())

    def update(self, trigger: str, *, success: float = 0.0, failure: float = 0.0) -> None:
        if success < 0 or failure < 0:
            raise ValueError("success and failure must not be negative")
        name = normalize_trigger(trigger)
        post = self.posteriors.setdefault(name, Beta())
        post.alpha += success
        post.beta += failure

    def observe_session(self, session: SessionRow) -> None:
        success = failure = 0.0
        if session.sleep_rating is not None:
            success += (session.sleep_rating - 1) / 4.0
            failure += (5 - session.sleep_rating) / 4.0
        elif session.end_reason == "timer":
            success += 0.25
        minutes = minutes_to_sleep(session)
        if minutes is not None:
            quick = min(max((SLOW_MINUTES - minutes) / (SLOW_MINUTES - QUICK_MINUTES), 0.0), 1.0)
            success += 0.5 * quick
            failure += 0.5 * (1.0 - quick)
        if session.mood_before is not None and session.mood_after is not None:
            if session.mood_after > session.mood_before:
                success += 0.5
            elif session.mood_after < session.mood_before:
                failure += 0.5
        for trigger in session.triggers:
            self.update(trigger, success=success, failure=failure)
        for trigger in session.skips:
            self.update(trigger, failure=1.0)
        if session.skips or (session.triggers and success + failure > 0):
            self.nights += 1

    def mean(self, trigger: str) -> float:
        return self.posterior(trigger).mean

    def sample(self, rng, triggers: Iterable[str] | None = None) -> dict[str, float]:
        """One Thompson draw per trigger (known kinds plus any seen) from ``rng``."""
        names = (
            sorted(set(TRIGGER_KINDS) | set(self.posteriors))
            if triggers is None
            else sorted({normalize_trigger(t) for t in triggers})
        )
        draw = rng.beta if hasattr(rng, "beta") else rng.betavariate
        return {
            name: float(draw(self.posterior(name).alpha, self.posterior(name).beta))
            for name in names
        }

    def for_you_draws(self, triggers: Iterable[str], rng=None) -> tuple[tuple[str, float], ...]:
        """This launch's Thompson draws for ``triggers``, for :func:`rank_scenes` in the menu;
        empty until the journal holds :data:`MIN_NIGHTS_FOR_YOU` sessions with evidence."""
        if self.nights < MIN_NIGHTS_FOR_YOU:
            return ()
        if rng is None:
            import random

            rng = random.Random()
        return tuple(sorted(self.sample(rng, triggers).items()))

    def rank_by_mean(
        self, scenes: Sequence[tuple[str, Iterable[str]]], switched_off: Iterable[str] = ()
    ) -> list[str]:
        """Scene ids best first by the posterior means (no sampling: what the journal says
        so far); switched-off triggers do not count, scenes with nothing audible are left out."""
        names = {normalize_trigger(t) for _, ts in scenes for t in ts}
        return rank_scenes(scenes, {t: self.mean(t) for t in names}, switched_off)


def rank_scenes(
    scenes: Sequence[tuple[str, Iterable[str]]],
    draws: Mapping[str, float],
    switched_off: Iterable[str] = (),
) -> list[str]:
    """Scene ids best first by the mean draw over their triggers that are not switched off
    (a trigger without a draw counts 0.5); scenes with nothing audible are left out."""
    off = {normalize_trigger(t) for t in switched_off}
    scored = []
    for scene_id, triggers in scenes:
        audible = {normalize_trigger(t) for t in triggers} - off
        if audible:
            score = sum(draws.get(t, 0.5) for t in audible) / len(audible)
            scored.append((-score, scene_id))
    return [scene_id for _, scene_id in sorted(scored)]


def minutes_to_sleep(session: SessionRow) -> float | None:
    """How long the night took to fall asleep: as said in the morning, else as read from
    head motion, else unknown."""
    if session.minutes_to_sleep is not None:
        return session.minutes_to_sleep
    return session.onset_minutes


@dataclass(frozen=True)
class TriggerNote:
    """What the journal says about one trigger, for the one line of why under "For you"."""

    trigger: str
    nights: int = 0
    best_nights: int = 0  # rated GOOD_RATING or better
    minutes: float | None = None  # mean minutes to fall asleep
    skips: int = 0


def trigger_notes(sessions: Iterable[SessionRow]) -> tuple[TriggerNote, ...]:
    """A :class:`TriggerNote` per trigger played, and one for all nights (trigger "")."""
    rows: dict[str, dict] = {}
    for s in sessions:
        for name in ("", *s.triggers):
            row = rows.setdefault(name, {"nights": 0, "best": 0, "minutes": [], "skips": 0})
            row["nights"] += 1
            row["best"] += s.sleep_rating is not None and s.sleep_rating >= GOOD_RATING
            minutes = minutes_to_sleep(s)
            if minutes is not None:
                row["minutes"].append(minutes)
        for name in s.skips:
            rows.setdefault(name, {"nights": 0, "best": 0, "minutes": [], "skips": 0})
            rows[name]["skips"] += 1
    return tuple(
        TriggerNote(
            name,
            row["nights"],
            row["best"],
            sum(row["minutes"]) / len(row["minutes"]) if row["minutes"] else None,
            row["skips"],
        )
        for name, row in sorted(rows.items())
    )


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _count(n: int) -> str:
    return _WORDS[n] if n < len(_WORDS) else str(n)


def _names(triggers: Sequence[str]) -> str:
    words = [t.replace("_", " ") for t in triggers]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def why_line(
    scene_triggers: Iterable[str],
    draws: Mapping[str, float],
    notes: Iterable[TriggerNote],
    switched_off: Iterable[str] = (),
) -> str:
    """One line of why a scene is "for you", about its (at most two) best audible triggers
    by this launch's draws; a switched-off trigger is never named."""
    off = {normalize_trigger(t) for t in switched_off}
    audible = sorted({normalize_trigger(t) for t in scene_triggers} - off)
    if not audible:
        return ""
    top = sorted(audible, key=lambda t: (-draws.get(t, 0.5), t))[:2]
    by_name = {n.trigger: n for n in notes}
    everyone = by_name.get("", TriggerNote(""))
    best = max((by_name[t].best_nights for t in top if t in by_name), default=0)
    names = _names(top)
    if best >= 1 and everyone.best_nights:
        if best == everyone.best_nights:
            nights = "night" if best == 1 else f"{_count(best)} best-rated nights"
            return f"{names}: your {'best-rated ' if best == 1 else ''}{nights}"
        return f"{names}: {_count(best)} of your {_count(everyone.best_nights)} best-rated nights"
    minutes = [by_name[t].minutes for t in top if t in by_name and by_name[t].minutes is not None]
    if minutes:
        return f"{names}: asleep in about {round(min(minutes))} minutes with them"
    if any(t in by_name and by_name[t].nights for t in top):
        return f"{names}: the best of what you have tried"
    return f"{names}: something new to try"
