"""The user's sleep settings: ``settings.toml`` in the user's config folder.

The person edits the file; vrasmr only reads it. Loading checks every key and names the
file, the key and the fix. Tables (``[name]``) are kept as they are for other parts of vrasmr
(``[cache]`` for the sound cache).
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


@dataclass(frozen=True)
class Settings:
    """Sleep-related settings; ``bedtime_timer`` is a timer choice or "scene_default"."""

    bedtime: str | None = None
    bedtime_scene: str | None = None
    bedtime_timer: TimerChoice | str = SCENE_DEFAULT
    fade_minutes: float = 10.0
    switched_off_triggers: tuple[str, ...] = ()
    volume: float = 0.7
    brightness: float = 0.6
    other_tables: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def bedtime_minutes(self) -> int | None:
        """Bedtime as minutes after midnight, or None when not set."""
        if self.bedtime is None:
            return None
        hours, minutes = self.bedtime.split(":")
        return int(hours) * 60 + int(minutes)


SETTING_KEYS = tuple(f.name for f in fields(Settings) if f.name != "other_tables")


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
            values[key] = _check(key, value)
        except (ValueError, TypeError) as exc:
            default = getattr(defaults, key)
            shown = timer_label(default) if key == "bedtime_timer" else default
            raise SettingsError(
                f"{path}: setting '{key}' = {quote(value)} is not valid: {exc}. Fix the value, or "
                f"delete the line to use the default ({shown!r})"
            ) from exc
    return Settings(**values, other_tables=tables)


def _check(key: str, value: Any) -> Any:
    if key == "bedtime":
        if not isinstance(value, str) or not _HHMM.match(value.strip()):
            raise ValueError('use 24-hour "HH:MM", e.g. "22:30"')
        hours, minutes = value.strip().split(":")
        return f"{int(hours):02d}:{minutes}"
    if key == "bedtime_scene":
        if not isinstance(value, str) or not value.strip():
            raise ValueError('use a scene id, e.g. "rain_cabin"')
        return value.strip()
    if key == "bedtime_timer":
        if isinstance(value, str) and value.strip().lower() == SCENE_DEFAULT:
            return SCENE_DEFAULT
        return parse_timer(value)
    if key == "fade_minutes":
        return _number(value, 0.5, 60.0)
    if key in ("volume", "brightness"):
        return _number(value, 0.0, 1.0)
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
