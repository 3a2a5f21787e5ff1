"""Writing ``settings.toml``: the user's comments kept, atomic, never over an unreadable file.

Every write reads the file as it is now (so a change made with ``vrasmr settings set`` while a
night runs is not lost), changes only the keys asked for with tomlkit (comments, order and
other tables stay as the person left them), checks that the result loads, and replaces the
file atomically (a temporary file beside it, fsync, rename). A file that cannot be read or
used (not UTF-8, not TOML, a value out of range, a folder in its place) is never written
over: it is moved aside to ``settings.toml.unreadable-YYYYmmdd-HHMMSS`` and a new file is
started, and the caller is told where it went.

:class:`SettingsSaver` does this for a running session on a worker thread, a moment after
the last menu change, so the frame path only hands over a dict.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from vrasmr.quoting import quote
from vrasmr.sleep.settings import (
    SETTING_KEYS,
    TIMER_KEYS,
    Settings,
    SettingsError,
    check_value,
    default_settings_path,
    load_settings,
    shown_value,
    to_raw,
)

log = logging.getLogger(__name__)

HEADER = "vrasmr settings (docs/sleep-session.md). Your own comments here are kept."
SAVE_DELAY_S = 2.0  # a session writes this long after the last change


def parse_value(key: str, text: str) -> Any:
    """A setting's value from the command line, checked as the file's would be.

    Lists are comma-separated; "none" / "unset" clears a key that may be unset."""
    import tomllib

    if key not in SETTING_KEYS:
        from vrasmr.scene.errors import did_you_mean

        raise SettingsError(f"unknown setting {quote(key)}{did_you_mean(key, SETTING_KEYS)}")
    stripped = text.strip()
    if key == "switched_off_triggers":
        value: Any = [part.strip() for part in stripped.split(",") if part.strip()]
    elif stripped.lower() in ("none", "unset") and getattr(Settings(), key) is None:
        return None
    else:
        try:
            value = tomllib.loads(f"v = {stripped}")["v"]
        except tomllib.TOMLDecodeError:
            value = stripped  # a bare word: a string
    try:
        return check_value(key, value)
    except (ValueError, TypeError) as exc:
        default = shown_value(key, getattr(Settings(), key))
        raise SettingsError(
            f"setting '{key}' = {quote(text)} is not valid: {exc} (the default is {default!r})"
        ) from None


def update_settings(
    changes: Mapping[str, Any], path: Path | None = None, *, unreadable: str = "move"
) -> tuple[Path, Path | None]:
    """Set ``changes`` (key → checked value; None removes the key) in the settings file.

    Returns (the file written, where an unusable file was moved, or None). With
    ``unreadable="raise"`` an unusable file raises :class:`SettingsError` instead of being
    moved aside (the command line asks the person to fix it first).
    """
    path = Path(path) if path is not None else default_settings_path()
    moved = None
    try:
        load_settings(path)
        doc = _parse(path)
    except SettingsError:
        if unreadable == "raise":
            raise
        moved = _move_aside(path)
        doc = None
    if doc is None:
        doc = _new_document()
    for key, value in changes.items():
        if key not in SETTING_KEYS:
            raise SettingsError(f"unknown setting {key!r}")
        if value is None:
            if key in doc:
                del doc[key]
            continue
        shown = shown_value(key, check_value(key, shown_value(key, value)))
        if key in TIMER_KEYS and isinstance(shown, str) and shown.isdigit():
            shown = int(shown)
        doc[key] = shown
    _write(path, doc)
    return path, moved


def write_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write every key of ``settings`` (unset ones removed) and any of its tables the file
    lacks; comments and the file's own tables stay."""
    raw = to_raw(settings)
    changes = {key: getattr(settings, key) for key in SETTING_KEYS}
    for key in TIMER_KEYS:  # None is a choice here ("off"), not "unset"
        changes[key] = shown_value(key, changes[key])
    path, _ = update_settings(changes, path)
    tables = {k: v for k, v in raw.items() if isinstance(v, dict)}
    if tables:
        doc = _parse(path)
        missing = {k: v for k, v in tables.items() if k not in doc}
        if missing:
            doc.update(missing)
            _write(path, doc)
    return path


def reset_settings(keys: list[str], path: Path | None = None) -> tuple[Path, Path | None]:
    """Back to the defaults: the named keys (their lines removed), or with no keys the whole
    file (moved aside, so nothing the person wrote is lost)."""
    path = Path(path) if path is not None else default_settings_path()
    if not keys:
        moved = _move_aside(path, "before-reset") if path.exists() else None
        return path, moved
    for key in keys:
        if key not in SETTING_KEYS:
            parse_value(key, "")  # raises the "unknown setting" line
    return update_settings(dict.fromkeys(keys), path, unreadable="raise")


def _parse(path: Path):
    import tomlkit

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return tomlkit.parse(text)
    except Exception as exc:  # tomllib read it, so this is tomlkit's own limit
        raise SettingsError(f"{path}: cannot be edited ({exc})") from exc


def _new_document():
    import tomlkit

    doc = tomlkit.document()
    doc.add(tomlkit.comment(HEADER))
    return doc


def _write(path: Path, doc) -> None:
    """Check that the new text loads, then replace the file atomically."""
    import tomllib

    import tomlkit

    from vrasmr.sleep.settings import settings_from_raw

    text = tomlkit.dumps(doc)
    settings_from_raw(tomllib.loads(text), path)  # never write what could not be read back
    from vrasmr.cache_files import write_atomic

    data = text.encode("utf-8")
    write_atomic(path, lambda file: file.write(data))


def _move_aside(path: Path, tag: str = "unreadable") -> Path | None:
    from vrasmr.sleep.journal_file import move_aside

    if not path.exists() and not path.is_symlink():
        return None
    return move_aside(path, tag)


class SettingsSaver:
    """Saves a session's menu choices on a worker thread, :data:`SAVE_DELAY_S` after the
    last change (and at :meth:`close`). Problems are said once through ``on_problem``."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        delay_s: float = SAVE_DELAY_S,
        on_problem: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self.delay_s = delay_s
        self.saves = 0
        self._on_problem = on_problem or (lambda message: log.warning("%s", message))
        self._pending: dict[str, Any] = {}
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = False
        self._thread: threading.Thread | None = None
        self._said: set[str] = set()

    def save(self, **changes: Any) -> None:
        """Remember ``changes`` to write soon (cheap: the frame path calls this)."""
        with self._lock:
            self._pending.update(changes)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="vrasmr-settings", daemon=True)
            self._thread.start()
        self._wake.set()

    def flush(self) -> None:
        """Write what is waiting, now, on this thread."""
        with self._lock:
            changes, self._pending = self._pending, {}
        if not changes:
            return
        try:
            _, moved = update_settings(changes, self.path)
            self.saves += 1
        except (OSError, SettingsError) as exc:
            self._say(f"your menu choices could not be saved to settings.toml: {exc}")
            return
        if moved is not None:
            self._say(
                f"{moved.with_name(moved.name.split('.unreadable')[0])} could not be read; it "
                f"was moved to {moved.name} and a new one keeps tonight's menu choices"
            )

    def close(self) -> None:
        """Stop the worker and write what is waiting."""
        self._stop = True
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=5.0)
            self._thread = None
        self.flush()

    def _run(self) -> None:
        from vrasmr.background import lower_this_thread

        lower_this_thread()
        while not self._stop:
            self._wake.wait()
            self._wake.clear()
            while not self._stop and self._wake.wait(self.delay_s):  # until it stays quiet
                self._wake.clear()
            if not self._stop:
                self.flush()

    def _say(self, message: str) -> None:
        if message not in self._said:
            self._said.add(message)
            self._on_problem(message)
