"""How far each scene stays under each upper limit, over several nights (seeds): the
margins a shipped scene must keep (2 LU or dB, or 20 % of a limit for light).

Too quiet is not unsafe, so the loudness floor has no margin here; the other rules of the
check still decide PASS or FAIL.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from vrasmr.safety.report import SceneReport
from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds


@dataclass(frozen=True)
class Rule:
    """One upper limit: the measure it reads, its unit and the margin a scene must keep."""

    name: str
    measure: str
    unit: str
    needed: float  # in ``unit``; "%" is a share of the limit

    def limit(self, t: SafetyThresholds) -> float:
        return {
            "integrated_lufs": t.loudness_band_lufs[1],
            "true_peak_dbtp": t.true_peak_max_dbtp,
            "max_startle_rise_lu": t.startle_max_rise_lu,
            "max_ear_difference_db": t.ear_max_difference_db,
            "max_mean_luminance": t.mean_luminance_max,
            "melanopic_lux": t.light_budget_start_lux,
        }[self.measure]

    def margin(self, value: float, t: SafetyThresholds) -> float:
        """How far ``value`` is under the limit, in ``unit`` (negative: over it)."""
        limit = self.limit(t)
        if self.unit == "%":
            return 100.0 * (limit - value) / limit
        return limit - value


RULES = (
    Rule("loudness ceiling", "integrated_lufs", "LU", 2.0),
    Rule("true peak", "true_peak_dbtp", "dB", 2.0),
    Rule("startle", "max_startle_rise_lu", "LU", 2.0),
    Rule("ear difference", "max_ear_difference_db", "dB", 2.0),
    Rule("brightness", "max_mean_luminance", "%", 20.0),
    Rule("light budget", "melanopic_lux", "%", 20.0),
)


@dataclass(frozen=True)
class Margin:
    """One scene and rule: its worst value over the seeds, and the margin left."""

    scene_id: str
    rule: Rule
    worst: float
    margin: float
    seeds: int

    @property
    def kept(self) -> bool:
        return math.isfinite(self.margin) and self.margin >= self.rule.needed


def scene_margins(
    reports: Sequence[SceneReport], thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> list[Margin]:
    """The margins of the reports of one scene (one report per seed)."""
    out = []
    for rule in RULES:
        values = [r.measures.get(rule.measure, math.nan) for r in reports]
        finite = [v for v in values if math.isfinite(v)]
        worst = max(finite) if finite else math.nan
        margin = rule.margin(worst, thresholds) if finite else math.nan
        out.append(Margin(reports[0].scene_id, rule, worst, margin, len(reports)))
    return out


def format_margins(margins: Sequence[Margin]) -> str:
    """A table: per scene, each rule's worst value over the seeds and its margin (marked
    ``!`` where it is under the margin a shipped scene needs)."""
    scenes = list(dict.fromkeys(m.scene_id for m in margins))
    header = ["scene", "seeds"] + [f"{r.name} ({r.unit})" for r in RULES]
    rows = [header]
    for scene in scenes:
        mine = {m.rule.name: m for m in margins if m.scene_id == scene}
        row = [scene, str(next(iter(mine.values())).seeds)]
        for rule in RULES:
            m = mine[rule.name]
            if not math.isfinite(m.margin):
                row.append("-")
                continue
            worst = f"{m.worst:.3g}" if rule.unit == "%" else f"{m.worst:.1f}"
            row.append(f"{worst} ({m.margin:+.1f}){'' if m.kept else ' !'}")
        rows.append(row)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    needed = ", ".join(f"{r.name} {r.needed:g} {r.unit}" for r in RULES)
    lines.append(f"worst value over the seeds (margin under the limit); needed: {needed}")
    return "\n".join(lines)
