"""The golden images themselves: each one can fail, and one level of rounding still passes."""

from __future__ import annotations

import numpy as np
import pytest

from tests.golden_images import GOLDEN_DIR, STOPS_KEY, expose, golden, golden_problems, stops_for

NAMES = sorted(str(p.relative_to(GOLDEN_DIR).with_suffix("")) for p in GOLDEN_DIR.rglob("*.png"))


def test_there_are_layer_and_scene_goldens():
    assert sum(n.startswith("layer-") for n in NAMES) >= 11
    assert sum(n.startswith("scenes/") for n in NAMES) >= 9


@pytest.mark.parametrize("name", NAMES)
def test_a_golden_is_brightened_until_its_content_spans_the_levels(name):
    """An almost black golden (the old particles one: mean 0.06 of 255) passes any change."""
    from PIL import Image

    with Image.open(GOLDEN_DIR / f"{name}.png") as img:
        assert STOPS_KEY in img.text, f"{name}: written without its exposure"
    levels = golden(name)[0].max(axis=-1)
    content = levels[levels > 2]
    assert content.size >= 100, f"{name}: {content.size} pixels drawn"
    assert np.percentile(content, 99) >= 128, f"{name}: content up to {np.percentile(content, 99)}"


@pytest.mark.parametrize("name", NAMES)
def test_one_level_of_rounding_either_way_still_matches(name):
    """Another llvmpipe build may round a drawn pixel a level up or down."""
    want = golden(name)[0]
    step = np.random.default_rng(7).integers(-1, 2, want.shape) * (want > 0)
    assert golden_problems(want, (want + step).clip(0, 255).astype(np.uint8)) == []


def test_a_shape_change_and_a_faint_dimming_each_fail():
    # a disc on black: one pixel wider, and 1 % dimmer (under a level: only the mean sees it)
    yy, xx = np.mgrid[:64, :64]
    r = np.hypot(yy - 32, xx - 32)
    disc = (0.2 * np.clip(12.0 - r, 0.0, 1.0))[..., None] * np.ones(3)
    want = expose(disc, stops_for(disc))
    wider = (0.2 * np.clip(13.0 - r, 0.0, 1.0))[..., None] * np.ones(3)
    assert golden_problems(want, expose(wider, stops_for(disc)))
    problems = golden_problems(want, expose(disc * 0.99, stops_for(disc)))
    assert problems == [problems[-1]] and "on average" in problems[0]
    assert golden_problems(want, want) == []


def test_stops_bring_the_content_near_the_top_of_the_range():
    dim = np.full((4, 4, 3), 0.004)
    assert stops_for(dim) == 7  # 0.004 * 128 = 0.51
    assert stops_for(np.zeros((4, 4, 3))) == 0
    assert stops_for(np.ones((4, 4, 3))) == 0
