"""One results row, the shape every benchmark returns and ``runner`` writes to RESULTS.md."""

from __future__ import annotations


def row(name, value, unit, target, passed, floor=None, ratio=None, *, digits: int = 4) -> dict:
    """``value`` and ``floor`` rounded to ``digits``, ``ratio`` to 3 (None: shown as –)."""
    return {
        "name": name,
        "value": value if isinstance(value, str) else round(value, digits),
        "unit": unit,
        "floor": None if floor is None else round(floor, digits),
        "ratio": None if ratio is None else round(ratio, 3),
        "target": target,
        "passed": bool(passed),
    }


def over(value, floor):
    """``value / floor``; None without a floor."""
    return value / floor if floor else None
