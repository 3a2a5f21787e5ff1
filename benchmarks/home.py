"""What a benchmark's process is given and uses: its own user folders (``VRASMR_HOME``
pointed elsewhere for a while) and its resident memory."""

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


def rss_mib() -> float:
    """This process's resident memory now, MiB (Linux's /proc)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0
