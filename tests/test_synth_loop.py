"""Seamless loops and never-repeating streams."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from vrasmr.sound.loudness import integrated_lufs
from vrasmr.sound.normalise import TARGETS
from vrasmr.sound.synth import render_loop, render_stream

SR = 48000


def _typical_step(x):
    return np.percentile(np.abs(np.diff(x)), 99)


@pytest.mark.parametrize("name", ["rain", "ocean", "brown_noise", "fire", "tapping", "stream"])
def test_loop_seam_is_no_bigger_than_the_signals_own_steps(name):
    x = render_loop(name, {}, 6.0, seed=3)
    assert x.shape == (6 * SR,) and np.all(np.isfinite(x))
    seam = abs(float(x[0]) - float(x[-1]))
    assert seam <= _typical_step(x)
    # no dip or bump in level around the crossfade either
    around = np.concatenate([x[-SR // 2 :], x[: SR // 2]])
    level = 20 * np.log10(np.sqrt(np.mean(around**2)) / np.sqrt(np.mean(x**2)))
    assert abs(level) < 4.0


def test_loop_is_at_category_loudness():
    x = render_loop("rain", {"variant": "leaves"}, 8.0)
    assert abs(integrated_lufs(x, SR) - TARGETS["bed"]) <= 1.0


def test_stream_blocks_join_without_steps_and_never_repeat():
    blocks = list(itertools.islice(render_stream("pink_noise", {}, 2.0, seed=1), 3))
    joined = np.concatenate(blocks)
    step = _typical_step(joined)
    for k in (1, 2):
        boundary = k * 2 * SR
        assert abs(joined[boundary] - joined[boundary - 1]) <= step
    assert not np.allclose(blocks[1], blocks[2])
    again = list(itertools.islice(render_stream("pink_noise", {}, 2.0, seed=1), 2))
    assert np.array_equal(again[1], blocks[1])


def test_loop_is_the_same_rendered_or_from_the_cache():
    fresh = render_loop("fire", {}, 4.0, seed=5, cache=False)
    first = render_loop("fire", {}, 4.0, seed=5)  # rendered and written
    again = render_loop("fire", {}, 4.0, seed=5)  # read back
    assert np.array_equal(fresh, first) and np.array_equal(first, again)
    assert again.dtype == np.float32


def test_a_cached_one_shot_is_the_same_sound_and_needs_no_synthesis(tmp_path, monkeypatch):
    from vrasmr.sound import synth

    monkeypatch.setenv("VRASMR_HOME", str(tmp_path))
    first = synth.render("tapping", {}, 2.0, seed=4, cache=True)
    assert len(list((tmp_path).rglob("*.npy"))) == 1
    monkeypatch.setattr(synth, "_make", lambda *a: (_ for _ in ()).throw(AssertionError("made")))
    again = synth.render("tapping", {}, 2.0, seed=4, cache=True)
    assert again.dtype == np.float32 and np.array_equal(first, again)
