"""Saying a session's start-up notices: one line each on stderr, the same for every backend."""

from __future__ import annotations

import sys


def say_notices(app, stream=None) -> list[str]:
    """Print ``app.notices()`` (no sound device, no HRTF, a reverb missing...) as
    ``vrasmr: ...`` lines; returns them."""
    lines = list(app.notices())
    out = stream if stream is not None else sys.stderr
    for line in lines:
        print(f"vrasmr: {line}", file=out)
    return lines
