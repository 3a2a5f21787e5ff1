"""Turning "no runtime" failures into one clear line for the user."""

from __future__ import annotations

from vrasmr.errors import VrasmrError

from .probe import INSTALL_HINT


class NoRuntimeError(VrasmrError, RuntimeError):
    """No usable OpenXR runtime or headset; the message is the line to show."""


def no_runtime_message(what: str, exc: BaseException) -> str:
    """``what`` failed with ``exc``: one line naming the error and what to install."""
    name = type(exc).__name__
    detail = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"no OpenXR headset: {what} failed ({name}{': ' + detail if detail else ''}); {INSTALL_HINT}"
