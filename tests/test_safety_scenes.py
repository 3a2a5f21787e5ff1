"""Every shipped scene passes the sleep-safety check (issue 11), on a short render.

One minute of virtual time plus the 30 s sleep-timer fade, at 32 px frames: long enough
for the fade-in, the first scheduled events and a head sweep past both ears, so level, startle,
click, balance, brightness and fade problems show up, while the whole file stays within a few
minutes on a small CPU-only machine.
"""

from __future__ import annotations

import pytest

from vrasmr.safety.check import check_scenes
from vrasmr.safety.record import builtin_scene_ids, record_scene
from vrasmr.safety.report import format_table

MINUTES = 2.0  # the fade-in (40-50 s) and entry (30 s), then at least 40 s as it plays
SIZE = 32


def test_the_check_covers_the_whole_library():
    assert len(builtin_scene_ids()) == 14


@pytest.mark.slow  # 6-14 s a scene
@pytest.mark.parametrize("scene_id", builtin_scene_ids())
def test_shipped_scene_passes_the_sleep_safety_check(scene_id):
    (report,) = check_scenes([scene_id], record_scene, minutes=MINUTES, size=SIZE)
    failures = "; ".join(
        f"{f.metric} {f.value:.3g} vs {f.limit:.3g} at {f.at_s} s {f.detail or ''}"
        for f in report.failures
    )
    assert report.passed, f"{scene_id}: {failures}\n{format_table([report])}"
