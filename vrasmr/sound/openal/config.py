"""The shipped ``alsoft.conf``: low output latency unless the user configured OpenAL Soft.

OpenAL Soft reads ``ALSOFT_CONF`` once, when the library first initialises, so
:func:`apply_shipped_config` must run before that (``_raw.raw()`` calls it). The device's own
latency is ``period_size * periods / frequency``; the shipped file keeps it at or below 25 ms
(a test holds it there).
"""

from __future__ import annotations

import configparser
import os
from pathlib import Path

CONF_NAME = "alsoft.conf"


def user_config_paths() -> list[Path]:
    """Where a user's own OpenAL Soft configuration would be."""
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return [Path.home() / ".alsoftrc", Path(xdg) / CONF_NAME]


def user_has_config() -> bool:
    if os.environ.get("ALSOFT_CONF"):
        return True
    return any(p.is_file() for p in user_config_paths())


def shipped_config_path() -> Path | None:
    """The project's ``alsoft.conf`` in the content's ``audio/`` folder."""
    from vrasmr.content import audio_dir

    try:
        path = audio_dir() / CONF_NAME
    except FileNotFoundError:
        return None
    return path if path.is_file() else None


def apply_shipped_config() -> str:
    """Point ``ALSOFT_CONF`` at the shipped file unless the user has a config; say which."""
    if user_has_config():
        return "user configuration kept"
    path = shipped_config_path()
    if path is None:
        return "no shipped alsoft.conf found; OpenAL Soft defaults in use"
    os.environ["ALSOFT_CONF"] = str(path)
    return f"using {path}"


def config_in_use() -> Path | None:
    """The OpenAL Soft configuration file that decides this process's settings: ALSOFT_CONF,
    else the user's own file; None when OpenAL Soft runs on its defaults."""
    if os.environ.get("ALSOFT_CONF"):
        return Path(os.environ["ALSOFT_CONF"])
    return next((p for p in reversed(user_config_paths()) if p.is_file()), None)


def read_value(path: Path, key: str) -> str | None:
    """One ``[general]`` (or top-level) value of an alsoft.conf; None when absent or unreadable."""
    parser = configparser.ConfigParser(inline_comment_prefixes=("#",), interpolation=None)
    try:
        parser.read_string("[top]\n" + path.read_text())
    except (OSError, UnicodeDecodeError, configparser.Error):
        return None
    for section in ("general", "top"):
        if parser.has_option(section, key):
            return parser.get(section, key).strip()
    return None
