"""A benchmark's own user folders: ``VRASMR_HOME`` pointed elsewhere for a while."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def vrasmr_home(home: str) -> Iterator[str]:
    """``VRASMR_HOME`` is ``home`` inside the block, and what it was after."""
    old = os.environ.get("VRASMR_HOME")
    os.environ["VRASMR_HOME"] = home
    try:
        yield home
    finally:
        if old is None:
            os.environ.pop("VRASMR_HOME", None)
        else:
            os.environ["VRASMR_HOME"] = old
