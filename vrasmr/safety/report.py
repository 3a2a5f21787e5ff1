"""Findings of the sleep-safety check, per scene, as a table and as JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from vrasmr.safety.thresholds import DEFAULT_THRESHOLDS, SafetyThresholds

REPORT_VERSION = 1


@dataclass(frozen=True)
class Finding:
    """One measured value against its limit; ``at_s`` is where in the recording, if anywhere."""

    metric: str
    passed: bool
    value: float
    limit: float
    at_s: float | None = None
    detail: str = ""
    warning: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["value"] = _json_number(self.value)
        data["limit"] = _json_number(self.limit)
        data["at_s"] = None if self.at_s is None else round(self.at_s, 3)
        return data


@dataclass
class SceneReport:
    """Everything the check found for one scene."""

    scene_id: str
    findings: list[Finding]
    measures: dict[str, float] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return all(finding.passed for finding in self.findings)

    @property
    def failures(self) -> list[Finding]:
        return [finding for finding in self.findings if not finding.passed]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings if finding.passed and finding.warning]

    def to_dict(self) -> dict[str, Any]:
        return {
            "scene_id": self.scene_id,
            "passed": self.passed,
            "measures": {name: _json_number(value) for name, value in self.measures.items()},
            "findings": [finding.to_dict() for finding in self.findings],
        }


def reports_to_json(
    reports: Sequence[SceneReport], thresholds: SafetyThresholds = DEFAULT_THRESHOLDS
) -> str:
    """The whole check as one JSON document (non-finite numbers become ``null``)."""
    document = {
        "version": REPORT_VERSION,
        "passed": all(report.passed for report in reports),
        "thresholds": {name: _json_number(v) for name, v in thresholds.to_dict().items()},
        "scenes": [report.to_dict() for report in reports],
    }
    return json.dumps(document, indent=2)


_TABLE_COLUMNS = (
    ("scene", None, "{}"),
    ("LUFS", "integrated_lufs", "{:.1f}"),
    ("dBTP", "true_peak_dbtp", "{:.1f}"),
    ("startle LU", "max_startle_rise_lu", "{:.1f}"),
    ("ear dB", "max_ear_difference_db", "{:.1f}"),
    ("clicks", "clicks", "{:.0f}"),
    ("lum", "max_mean_luminance", "{:.3f}"),
    ("flash/s", "max_flashes_per_s", "{:.0f}"),
    ("jump", "max_frame_jump", "{:.3f}"),
    ("blue", "blue_share", "{:.2f}"),
    ("mel lux", "melanopic_lux", "{:.2f}"),
    ("guard dB", "sound_guard_db", "{:.1f}"),
    ("exposure", "light_guard_exposure", "{:.2f}"),
    ("result", None, "{}"),
)


def format_table(reports: Sequence[SceneReport]) -> str:
    """A plain-text table, one row per scene, with each failure and warning listed below."""
    rows = [[title for title, _, _ in _TABLE_COLUMNS]]
    for report in reports:
        row = []
        for title, key, fmt in _TABLE_COLUMNS:
            if title == "scene":
                row.append(report.scene_id)
            elif title == "result":
                row.append("PASS" if report.passed else "FAIL")
            else:
                row.append(_format_measure(report.measures.get(key), fmt))
        rows.append(row)
    widths = [max(len(row[i]) for row in rows) for i in range(len(_TABLE_COLUMNS))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    for report in reports:
        for finding in report.failures:
            lines.append(f"{report.scene_id}: FAIL {_describe(finding)}")
        for finding in report.warnings:
            lines.append(f"{report.scene_id}: warn {_describe(finding)}")
    return "\n".join(lines)


def _describe(finding: Finding) -> str:
    where = "" if finding.at_s is None else f" at {finding.at_s:.1f} s"
    value = _format_measure(finding.value, "{:.3g}")
    limit = _format_measure(finding.limit, "{:.3g}")
    detail = f" ({finding.detail})" if finding.detail else ""
    return f"{finding.metric}: {value} vs limit {limit}{where}{detail}"


def _format_measure(value: float | None, fmt: str) -> str:
    if value is None:
        return "-"
    if math.isnan(value):
        return "nan"
    if math.isinf(value):
        return "-inf" if value < 0 else "inf"
    return fmt.format(value)


def _json_number(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def true_runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """Half-open index ranges ``(start, stop)`` of each run of ``True`` in a 1-D mask: the
    events a finding reports, from consecutive flagged measurements."""
    flags = np.asarray(mask, dtype=bool).astype(np.int8)
    edges = np.diff(np.concatenate(([0], flags, [0])))
    starts = np.flatnonzero(edges == 1)
    stops = np.flatnonzero(edges == -1)
    return list(zip(starts.tolist(), stops.tolist(), strict=True))
