"""The user's settings: ``settings.toml`` in the user's config folder.

Loading checks every key and names the file, the key and the fix (:func:`check_value` is the
one check, for the file, ``vrasmr settings set`` and the menu alike). Saving goes through
:mod:`vrasmr.sleep.settings_store`: atomic, keeping the user's comments, and never over a
file that could not be read. Tables (``[name]``) are kept as they are for other parts of
vrasmr (``[cache]`` for the sound cache).
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from vrasmr.errors import VrasmrError
from vrasmr.quoting import quote
from vrasmr.sleep.timer import TimerChoice, parse_timer, timer_label

SETTINGS_FILE_NAME = "settings.toml"
SCENE_DEFAULT = "scene_default"
_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


class SettingsError(VrasmrError, ValueError):
    """A settings file that cannot be used; the message names the file, the key and the fix."""


def default_settings_path() -> Path:
    from vrasmr.content import user_config_dir

    return user_config_dir() / SETTINGS_FILE_NAME


VOLUME_RANGE = (0.0, 1.0)
BRIGHTNESS_RANGE = (0.3, 1.5)  # the menu's range: a multiplier of the scene's own level
WAKE_SOUNDS = ("stream", "rain-light", "rain-on-leaves", "ocean-waves", "night-insects")


@dataclass(frozen=True)
class Settings:
    """What the person chose, kept from night to night.

    ``bedtime_timer`` and ``timer`` are timer choices or "scene_default"; ``timer`` is the
    menu's last choice, ``bedtime_timer`` the one the bedtime start uses."""

    bedtime: str | None = None
    bedtime_scene: str | None = None
    bedtime_timer: TimerChoice | str = SCENE_DEFAULT
    fade_minutes: float = 10.0
    switched_off_triggers: tuple[str, ...] = ()
    volume: float = 0.8
    brightness: float = 1.0
    volume_beds: float = 1.0
    volume_triggers: float = 1.0
    volume_voice: float = 1.0
    timer: TimerChoice | str = SCENE_DEFAULT
    bed_mode: bool | None = None  # None: the headset's default (on)
    audio_device: str | None = None  # None: the system's default output
    sleep_detection: bool = True
    wake_time: str | None = None  # None: no gentle wake
    wake_sound: str = WAKE_SOUNDS[0]
    other_tables: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def bedtime_minutes(self) -> int | None:
        """Bedtime as minutes after midnight, or None when not set."""
        if self.bedtime is None:
            return None
        hours, minutes = self.bedtime.split(":")
        return int(hours) * 60 + int(minutes)


SETTING_KEYS = tuple(f.name for f in fields(Settings) if f.name != "other_tables")
TIMER_KEYS = ("bedtime_timer", "timer")
LIST_KEYS = ("switched_off_triggers",)


def shown_value(key: str, value: Any) -> Any:
    """A setting's value as the file and ``vrasmr settings`` write it."""
    if key in TIMER_KEYS:
        return value if value == SCENE_DEFAULT else timer_label(value)
    if key in LIST_KEYS:
        return list(value)
    return value


def load_settings(path: Path | None = None) -> Settings:
    """Read settings; a missing file gives the defaults. Raises SettingsError for bad content."""
    import tomllib

    path = Path(path) if path is not None else default_settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(
            f"{path}: cannot be read ({exc}); make it a readable UTF-8 text file "
            "or delete it to use the defaults"
        ) from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(
            f"{path} is not valid TOML ({exc}); fix that line or delete the file "
            "to use the defaults"
        ) from exc
    except RecursionError:  # tomllib recurses once per level of [[[…]]] or {a={…}}
        raise SettingsError(
            f"{path} is not valid TOML (values are nested too deeply to read); fix the file "
            "or delete it to use the defaults"
        ) from None
    return _from_raw(raw, path)


def _from_raw(raw: dict[str, Any], path: Path) -> Settings:
    defaults = Settings()
    values: dict[str, Any] = {}
    tables = {k: v for k, v in raw.items() if isinstance(v, dict)}
    for key, value in raw.items():
        if key in tables:
            continue
        if key not in SETTING_KEYS:
            close = difflib.get_close_matches(key, SETTING_KEYS, n=1)
            hint = (
                f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(SETTING_KEYS)}"
            )
            raise SettingsError(f"{path}: unknown setting {quote(key)}; {hint}")
        try:
            values[key] = check_value(key, value)
        except (ValueError, TypeError) as exc:
            default = shown_value(key, getattr(defaults, key))
            raise SettingsError(
                f"{path}: setting '{key}' = {quote(value)} is not valid: {exc}. Fix the value, or "
                f"delete the line to use the default ({default!r})"
            ) from exc
    return Settings(**values, other_tables=tables)


def check_value(key: str, value: Any) -> Any:
    """``value`` for setting ``key`` as the model keeps it; ValueError says what to use."""
    if key in ("bedtime", "wake_time"):
        if not isinstance(value, str) or not _HHMM.match(value.strip()):
            raise ValueError('use 24-hour "HH:MM", e.g. "22:30"')
        hours, minutes = value.strip().split(":")
        return f"{int(hours):02d}:{minutes}"
    if key in ("bed_mode", "sleep_detection"):
        if not isinstance(value, bool):
            raise ValueError("use true or false")
        return value
    if key == "audio_device":
        if not isinstance(value, str) or not value.strip():
            raise ValueError("use the name of an output device, as `vrasmr doctor` lists them")
        return value.strip()
    if key == "wake_sound":
        if value not in WAKE_SOUNDS:
            raise ValueError(f"use one of {', '.join(WAKE_SOUNDS)}")
        return value
    if key == "bedtime_scene":
        if not isinstance(value, str) or not value.strip():
            raise ValueError('use a scene id, e.g. "rain_cabin"')
        return value.strip()
    if key in TIMER_KEYS:
        if isinstance(value, str) and value.strip().lower() == SCENE_DEFAULT:
            return SCENE_DEFAULT
        return parse_timer(value)
    if key == "fade_minutes":
        return _number(value, 0.5, 60.0)
    if key in ("volume", "volume_beds", "volume_triggers", "volume_voice"):
        return _number(value, *VOLUME_RANGE)
    if key == "brightness":
        return _number(value, *BRIGHTNESS_RANGE)
    if key == "switched_off_triggers":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError('use a list of trigger names, e.g. ["tapping", "crinkling"]')
        return tuple(sorted({v.strip().lower().replace(" ", "_") for v in value if v.strip()}))
    raise ValueError("unknown setting")  # pragma: no cover - keys are checked first


def _number(value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"use a number from {low:g} to {high:g}")
    if not low <= value <= high:
        raise ValueError(f"must be from {low:g} to {high:g}")
    return float(value)


def to_raw(settings: Settings) -> dict[str, Any]:
    """The settings as TOML values (unset ones left out), other tables after them."""
    raw: dict[str, Any] = {}
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        if value is None and key not in TIMER_KEYS:  # (a timer of None is "off")
            continue
        value = shown_value(key, value)
        if key in TIMER_KEYS and isinstance(value, str) and value.isdigit():
            value = int(value)
        raw[key] = value
    raw.update(settings.other_tables)
    return raw


def settings_from_raw(raw: dict[str, Any], path: Path) -> Settings:
    """Checked settings from parsed TOML (raises SettingsError naming ``path``)."""
    return _from_raw(raw, path)
