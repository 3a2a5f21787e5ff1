"""One results row, the shape every benchmark returns and ``runner`` writes to RESULTS.md.

A time measured on a shared machine is noisy, so a row that is a time carries its spread:
``Spread.of(samples)`` (min, median, max and how many). Two ways to a verdict that noise
does not flip and a real regression still does:

- ``best_of``: the same measurement repeated; the best (smallest) counts. Noise makes some
  repeats slow, a regression makes every repeat slow.
- ``best_ratio``: the measurement and its floor repeated in turn; the best of one over the
  best of the other counts (both as fast as the machine allows).
- ``paired_ratio``: each sample over a floor measured beside it (interleaved, so both meet
  the same machine); the median ratio counts. A busy machine slows both, a regression only
  the measured one.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass


@dataclass(frozen=True)
class Spread:
    """Smallest, median and largest of ``n`` samples."""

    n: int
    low: float
    median: float
    high: float

    @classmethod
    def of(cls, samples) -> Spread:
        s = sorted(float(x) for x in samples)
        if not s:
            raise ValueError("a spread needs at least one sample")
        return cls(len(s), s[0], statistics.median(s), s[-1])

    def scaled(self, k: float) -> Spread:
        return Spread(self.n, self.low * k, self.median * k, self.high * k)

    def text(self) -> str:
        """``"min 1.2 / med 1.4 / max 2.0 (n=9)"``, three significant digits."""
        return f"min {self.low:.3g} / med {self.median:.3g} / max {self.high:.3g} (n={self.n})"


def row(
    name,
    value,
    unit,
    target,
    passed,
    floor=None,
    ratio=None,
    *,
    spread: Spread | str | None = None,
    digits: int = 4,
) -> dict:
    """``value`` and ``floor`` rounded to ``digits``, ``ratio`` to 3 (None: shown as –)."""
    return {
        "name": name,
        "value": value if isinstance(value, str) else round(value, digits),
        "unit": unit,
        "floor": None if floor is None else round(floor, digits),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "passed": bool(passed),
        "spread": spread.text() if isinstance(spread, Spread) else spread,
    }


def over(value, floor):
    """``value / floor``; None without a floor."""
    return value / floor if floor else None


def best_of(name, samples, unit, limit, *, floor=None, digits: int = 4) -> dict:
    """A row for a repeated measurement: the best sample against ``<= limit``."""
    spread = Spread.of(samples)
    best = spread.low
    target = f"best of {spread.n} <= {limit:g} {unit}"
    return row(
        name, best, unit, target, best <= limit, floor, over(best, floor), spread=spread,
        digits=digits,
    )  # fmt: skip


def paired_ratio(name, samples, floors, unit, limit, *, digits: int = 4) -> dict:
    """A row for samples each measured beside a floor sample: the median of the ratios
    against ``<= limit``; value and floor are the medians, the spread is the ratios'."""
    if len(samples) != len(floors) or not samples:
        raise ValueError(f"{name}: {len(samples)} samples and {len(floors)} floors")
    ratios = Spread.of(s / f for s, f in zip(samples, floors, strict=True))
    value, floor = statistics.median(samples), statistics.median(floors)
    target = f"median ratio <= {limit:g}"
    return row(
        name, value, unit, target, ratios.median <= limit, floor, ratios.median,
        spread=f"ratio {ratios.text()}", digits=digits,
    )  # fmt: skip


def best_ratio(name, samples, floors, unit, limit, *, digits: int = 4) -> dict:
    """A row for a measurement and its floor repeated in turn: best over best against
    ``<= limit``, with both spreads."""
    mine, base = Spread.of(samples), Spread.of(floors)
    ratio = mine.low / base.low
    spread = f"{mine.text()}; floor {base.text()}"
    return row(
        name, mine.low, unit, f"best over best <= {limit:g}", ratio <= limit, base.low, ratio,
        spread=spread, digits=digits,
    )  # fmt: skip
