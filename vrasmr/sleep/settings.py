"""The user's sleep settings: ``settings.toml`` in the user's config folder.

Loading checks every key and names the file, the key and the fix; saving is atomic (a
temporary file, fsync, then rename), so a crash never leaves half a file. Tables (``[name]``)
are kept as they are for other parts of vrasmr.
"""

from __future__ import annotations

import difflib
import math
import os
import re
import tempfile
from dataclasses import dataclass, field, fields, replace
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

    def with_changes(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied and checked (raises SettingsError)."""
        raw = _to_raw(replace(self, **changes))
        return _from_raw(raw, Path("<new settings>"))


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


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write ``settings`` atomically; returns the path written."""
    path = Path(path) if path is not None else default_settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = _dump(_to_raw(settings))
    fd, tmp_name = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as tmp:
            tmp.write(text)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    return path


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


def _to_raw(settings: Settings) -> dict[str, Any]:
    raw: dict[str, Any] = {}
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        if key == "bedtime_timer":
            value = value if value == SCENE_DEFAULT else timer_label(value)
            if value.isdigit():
                value = int(value)
        elif key == "switched_off_triggers":
            value = list(value)
        if value is not None:
            raw[key] = value
    raw.update(settings.other_tables)
    return raw


def _dump(raw: dict[str, Any]) -> str:
    lines = ["# vrasmr settings (see docs/sleep-session.md)"]
    tables = []
    for key, value in raw.items():
        if isinstance(value, dict):
            tables.append((key, value))
        else:
            lines.append(f"{_key(key)} = {_toml_value(value)}")
    for name, table in tables:
        lines += ["", f"[{_key(name)}]"]
        lines += [f"{_key(k)} = {_toml_value(v)}" for k, v in table.items()]
    return "\n".join(lines) + "\n"


def _key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml_value(key)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        return f'"{escaped}"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {value!r} to TOML")
