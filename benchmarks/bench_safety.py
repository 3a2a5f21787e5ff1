"""Margins of every shipped scene under each upper limit of the safety check, over several
nights (issue 25): loudness ceiling, true peak, startle, ear difference (2 LU or dB each),
brightness and light budget (20 % of the limit). A row per scene and rule, with the worst
night's value; the row passes when the margin is kept.

``BENCH_SAFETY_SEEDS`` nights (default 5) of ``BENCH_SAFETY_MINUTES`` (default 3) each, at
32 px: about half a minute a night and scene here. The same table, printed:
``vrasmr check --seeds 5 --margins``.

Run: python -m benchmarks bench_safety
"""

from __future__ import annotations

import os

from benchmarks.rows import row


def run() -> list[dict]:
    from vrasmr.safety.check import check_scenes
    from vrasmr.safety.margins import format_margins, scene_margins
    from vrasmr.safety.record import builtin_scene_ids, record_scene

    seeds = int(os.environ.get("BENCH_SAFETY_SEEDS", "5"))
    minutes = float(os.environ.get("BENCH_SAFETY_MINUTES", "3"))
    scenes = builtin_scene_ids()
    nights = {scene: [] for scene in scenes}
    for seed in range(seeds):

        def recorder(scene_id, m, size, seed=seed):
            return record_scene(scene_id, m, size, variation=seed)

        for report in check_scenes(scenes, recorder, minutes, 32):
            nights[report.scene_id].append(report)
    margins = [m for reports in nights.values() for m in scene_margins(reports)]
    print(format_margins(margins))
    rows = []
    for m in margins:
        unit = m.rule.unit
        rows.append(
            row(
                f"{m.scene_id}: {m.rule.name} margin ({seeds} nights)",
                round(m.margin, 2),
                unit,
                f">= {m.rule.needed:g} {unit}",
                m.kept,
            )
        )
    failed = [
        f"{s}: {r[0].failures[0].metric}" for s, r in nights.items() if not all(x.passed for x in r)
    ]
    rows.append(row("scenes failing a rule on some night", len(failed), "", "0", not failed))
    return rows
