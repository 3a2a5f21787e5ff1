"""Bedtime help: near the preferred bedtime, start the chosen scene with the chosen timer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from vrasmr.sleep.settings import SCENE_DEFAULT, Settings
from vrasmr.sleep.timer import ALL_NIGHT, TimerChoice

WINDOW_BEFORE_MINUTES = 60
WINDOW_AFTER_MINUTES = 180


@dataclass(frozen=True)
class BedtimeStart:
    """What to start and the one line that tells the user so."""

    scene_id: str
    timer: TimerChoice
    message: str


def describe_timer(timer: TimerChoice) -> str:
    if timer is None:
        return "no sleep timer"
    if timer == ALL_NIGHT:
        return "sound all night at a low level"
    return f"a {timer}-minute sleep timer"


def bedtime_start(
    settings: Settings,
    now: datetime,
    *,
    scene_default_timer: TimerChoice = 45,
    scene_title: str | None = None,
) -> BedtimeStart | None:
    """The bedtime scene and timer if ``now`` is from an hour before to three hours after the
    preferred bedtime (across midnight too); None when no bedtime or scene is set, or it is
    another time of day. ``scene_default_timer`` is used when the setting is "scene_default".
    """
    bedtime = settings.bedtime_minutes()
    if bedtime is None or settings.bedtime_scene is None:
        return None
    now_minutes = now.hour * 60 + now.minute
    offset = (now_minutes - bedtime + 720) % 1440 - 720  # -720..719 minutes from bedtime
    if not -WINDOW_BEFORE_MINUTES <= offset <= WINDOW_AFTER_MINUTES:
        return None
    timer = (
        scene_default_timer if settings.bedtime_timer == SCENE_DEFAULT else settings.bedtime_timer
    )
    when_text = (
        "close to your bedtime"
        if offset < 0
        else "your bedtime"
        if offset == 0
        else ("past your bedtime")
    )
    message = (
        f"It's {now:%H:%M}, {when_text} ({settings.bedtime}): starting "
        f"{scene_title or settings.bedtime_scene} with {describe_timer(timer)}."
    )
    return BedtimeStart(scene_id=settings.bedtime_scene, timer=timer, message=message)
