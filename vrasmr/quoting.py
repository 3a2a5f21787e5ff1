"""Quoting what the user wrote in a one-line error message: long text is shortened.

A 100,000-character key or value must not become a 100,000-character error line; its start
and its length say enough to find it.
"""

from __future__ import annotations

KEEP_CHARS = 60


def shorten(text: str, keep: int = KEEP_CHARS) -> str:
    """``text`` itself when short, else its first ``keep`` characters + "… (N characters)"."""
    text = str(text)
    if len(text) <= keep:
        return text
    return f"{text[:keep]}… ({len(text):,} characters)"


def quote(value: object, keep: int = KEEP_CHARS) -> str:
    """``repr(value)`` (quotes show where a text starts and ends), shortened when long; the
    count is of the text itself for a string."""
    text = repr(value)
    if len(text) <= keep:
        return text
    size = len(value) if isinstance(value, str) else len(text)
    return f"{text[:keep]}… ({size:,} characters)"
