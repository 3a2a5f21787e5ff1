"""``vrasmr settings``: show the settings, change one, or go back to the defaults."""

from __future__ import annotations

import argparse
import sys


def register(subparsers) -> None:
    """Add the ``settings`` subcommand to an argparse ``subparsers`` object."""
    parser = subparsers.add_parser(
        "settings",
        help="show or change your settings (volume, timer, bedtime, wake time ...)",
        description=(
            "Your settings, kept in settings.toml from night to night (the menu writes them "
            "too). `vrasmr settings` shows them; `set KEY VALUE` changes one with the same "
            "checks as the file; `reset [KEY ...]` goes back to the defaults."
        ),
    )
    actions = parser.add_subparsers(dest="settings_action", metavar="ACTION")
    change = actions.add_parser("set", help="change one setting: vrasmr settings set volume 0.6")
    change.add_argument("key", help="a setting's name, as `vrasmr settings` lists them")
    change.add_argument("value", help="its new value (a list: comma-separated; none: unset)")
    reset = actions.add_parser("reset", help="back to the default (one setting, or all)")
    reset.add_argument("keys", nargs="*", metavar="KEY", help="settings to reset (default: all)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from vrasmr.sleep.settings import SettingsError, default_settings_path

    path = default_settings_path()
    try:
        if args.settings_action == "set":
            return _set(path, args.key, args.value)
        if args.settings_action == "reset":
            return _reset(path, args.keys)
        return _show(path)
    except SettingsError as exc:
        print(f"vrasmr settings: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"vrasmr settings: could not write {path}: {exc}", file=sys.stderr)
        return 1


def _show(path) -> int:
    from vrasmr.sleep.settings import SETTING_KEYS, Settings, load_settings, shown_value

    settings = load_settings(path)  # a broken file: one line (SettingsError)
    defaults = Settings()
    where = path if path.exists() else f"{path} (not written yet: all defaults)"
    print(f"Settings in {where}:")
    width = max(len(k) for k in SETTING_KEYS)
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        text = "(not set)" if value is None else _toml(shown_value(key, value))
        mark = "" if value != getattr(defaults, key) else "  (default)"
        print(f"  {key:<{width}} = {text}{mark}")
    return 0


def _set(path, key: str, text: str) -> int:
    from vrasmr.sleep.settings import shown_value
    from vrasmr.sleep.settings_store import parse_value, update_settings

    value = parse_value(key, text)
    update_settings({key: value}, path, unreadable="raise")
    shown = "(not set)" if value is None else _toml(shown_value(key, value))
    print(f"{key} = {shown}  (in {path})")
    return 0


def _reset(path, keys: list[str]) -> int:
    from vrasmr.sleep.settings_store import reset_settings

    _, moved = reset_settings(keys, path)
    if keys:
        print(f"Back to the default: {', '.join(keys)}  (in {path})")
    elif moved is not None:
        print(f"All settings back to the defaults; your old file was moved to {moved}")
    else:
        print("All settings are the defaults already.")
    return 0


def _toml(value) -> str:
    import tomlkit

    return tomlkit.item(value).as_string()
