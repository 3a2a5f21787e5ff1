"""Procedural generators: registry, determinism, spectra, tapping physics, bounds."""

from __future__ import annotations

import numpy as np
import pydantic
import pytest
from scipy import signal

from vrasmr.sound.loudness import integrated_lufs, true_peak_dbtp
from vrasmr.sound.normalise import TARGETS, TRUE_PEAK_LIMIT_DBTP
from vrasmr.sound.synth import GENERATORS, UnknownGenerator, render, validate_params
from vrasmr.sound.synth.tapping import MATERIALS

SR = 48000
REQUIRED = {
    "white_noise",
    "pink_noise",
    "brown_noise",
    "rain",
    "ocean",
    "stream",
    "wind",
    "fire",
    "insects",
    "fan",
    "tapping",
    "scratching",
    "brushing",
    "crinkling",
    "page_turn",
    "water_drops",
    "pouring",
    "towel",
    "heartbeat",
    "whisper_texture",
    "breathing",
}


def test_registry_has_every_generator_with_documented_bounded_params():
    assert set(GENERATORS) >= REQUIRED
    for name, spec in GENERATORS.items():
        assert spec.name == name and spec.category in TARGETS and spec.summary
        assert spec.kind in {"bed", "trigger", "voice"}
        for field_name, field in spec.params.model_fields.items():
            assert field.description, f"{name}.{field_name} has no description"
            assert field.default is not None
            if field.annotation in (int, float):
                bounds = {type(m).__name__ for m in field.metadata}
                assert {"Ge", "Le"} <= bounds, f"{name}.{field_name} has no range"


def test_recipe_parameter_names_are_accepted():
    validate_params("rain", {"variant": "roof"})
    validate_params("tapping", {"material": "glass", "striker": "nail", "rate_hz": 5})
    validate_params("brushing", {"variant": "mic"})
    validate_params("crinkling", {"material": "plastic"})
    validate_params("breathing", {"rate_bpm": 8})


def test_unknown_generator_suggests_the_nearest_name():
    with pytest.raises(UnknownGenerator, match="did you mean 'rain'") as caught:
        validate_params("rian", {})
    assert isinstance(caught.value, KeyError)


@pytest.mark.parametrize("params", [{"variant": "snow"}, {"intensity": 3}, {"colour": 1}])
def test_bad_params_raise_validation_errors(params):
    with pytest.raises(pydantic.ValidationError):
        validate_params("rain", params)


def test_same_seed_gives_same_samples_and_other_seeds_differ():
    for name in ("rain", "tapping", "whisper_texture", "pink_noise"):
        a = render(name, {}, 1.0, seed=7)
        assert np.array_equal(a, render(name, {}, 1.0, seed=7))
        assert not np.array_equal(a, render(name, {}, 1.0, seed=8))


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_every_generator_lands_on_target_finite_and_under_the_peak_limit(name):
    x = render(name, {}, 4.0, seed=1)
    assert x.dtype == np.float32 and x.shape == (4 * SR,)
    assert np.all(np.isfinite(x))
    assert abs(integrated_lufs(x, SR) - TARGETS[GENERATORS[name].category]) <= 1.0
    assert true_peak_dbtp(x, SR) <= TRUE_PEAK_LIMIT_DBTP + 0.1


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_extreme_parameter_values_stay_finite(name):
    spec = GENERATORS[name]
    for end in ("ge", "le"):
        values = {}
        for field_name, field in spec.params.model_fields.items():
            for m in field.metadata:
                if hasattr(m, end):
                    values[field_name] = getattr(m, end)
        x = render(name, values, 0.6, sample_rate=16000, seed=2)
        assert np.all(np.isfinite(x)) and x.shape == (9600,)


def _slope_db_per_octave(x):
    freqs, power = signal.welch(x, SR, nperseg=8192)
    band = (freqs >= 60) & (freqs <= 12000)
    slope, _ = np.polyfit(np.log2(freqs[band]), 10 * np.log10(power[band]), 1)
    return slope


@pytest.mark.parametrize(
    ("name", "expected"), [("white_noise", 0.0), ("pink_noise", -3.0), ("brown_noise", -6.0)]
)
def test_noise_colours_have_their_spectral_slopes(name, expected):
    x = render(name, {"warmth": 0.0}, 20.0, seed=3, normalise=False)
    assert abs(_slope_db_per_octave(x) - expected) <= 0.5


def _onsets(x, frame=240):
    energy = np.convolve(x**2, np.ones(frame), "same")[::frame] + 1e-12
    level = 10 * np.log10(energy)
    rise = level[1:] - level[:-1]
    found, last = [], -100
    loud = level[1:] > level.max() - 30.0
    for i in np.flatnonzero((rise > 6.0) & loud):
        if i - last > 10:  # 50 ms refractory
            found.append(i)
        last = i
    return np.array(found) * frame / SR


@pytest.mark.parametrize("rate", [2.0, 5.0])
@pytest.mark.parametrize("material", ["wood", "plastic"])
def test_tapping_onsets_follow_the_requested_rate(rate, material):
    x = render(
        "tapping", {"material": material, "rate_hz": rate, "timing_jitter": 0.1}, 6.0, seed=4
    )
    intervals = np.diff(_onsets(x))
    assert len(intervals) >= 6 * rate - 3
    assert abs(np.median(intervals) - 1 / rate) <= 0.1 / rate


def _decay_seconds(x, drop_db=20.0):
    env = np.sqrt(np.convolve(x**2, np.ones(240) / 240, "same"))
    peak = int(np.argmax(env))
    below = np.flatnonzero(env[peak:] < env[peak] * 10 ** (-drop_db / 20))
    return below[0] / SR


def test_tapping_decays_like_its_material():
    decays = {}
    for material in MATERIALS:
        x = render("tapping", {"material": material, "rate_hz": 0.2}, 2.5, seed=5, normalise=False)
        decays[material] = _decay_seconds(x)
        t60 = MATERIALS[material][2]
        # the fundamental rings longest: a 20 dB drop takes about a third of its T60
        assert t60 / 3 / 2.5 <= decays[material] <= t60 / 3 * 1.5, (material, decays)
    assert decays["glass"] > decays["ceramic"] > decays["wood"] > decays["plastic"]


def test_nail_is_brighter_than_finger():
    def centroid(x):
        spectrum = np.abs(np.fft.rfft(x))
        return np.sum(np.fft.rfftfreq(len(x), 1 / SR) * spectrum) / np.sum(spectrum)

    finger = render("tapping", {"striker": "finger", "rate_hz": 0.2}, 0.5, normalise=False)
    nail = render("tapping", {"striker": "nail", "rate_hz": 0.2}, 0.5, normalise=False)
    assert centroid(nail) > 1.3 * centroid(finger)


def test_short_trigger_render_is_one_event_long_render_is_many():
    one = render("water_drops", {"rate_hz": 1.0}, 0.5, seed=1)
    many = render("water_drops", {"rate_hz": 2.0, "timing_jitter": 0.0}, 5.0, seed=1)
    assert len(_onsets(one)) == 1
    assert 8 <= len(_onsets(many)) <= 11


def test_render_refuses_bad_lengths_and_rates():
    with pytest.raises(ValueError, match="stream"):
        render("rain", {}, 4000.0)
    with pytest.raises(ValueError, match="sample_rate"):
        render("rain", {}, 1.0, sample_rate=4000)


@pytest.mark.parametrize("length", [32, 2400, 30000])
def test_overlap_add_carries_every_kernel_across_chunks(length):
    """Kernels added near a chunk's end ring on into the next ones, sample for sample, in
    the vectorised pass (many events) and one by one (few, or long kernels), to float32's
    precision (the ring is float32, as the engine plays)."""
    from vrasmr.sound.synth._events import OverlapAdd

    rng = np.random.default_rng(5)
    n, chunks = 4800, 12
    ola = OverlapAdd(n, length // 2)  # too short on purpose: it grows
    expected = np.zeros(n * chunks + length)
    got = []
    for c in range(chunks):
        count = int(rng.integers(0, 40))
        onsets = np.sort(rng.integers(0, n, count))
        bank = rng.standard_normal((6, length))
        which, amps = rng.integers(0, 6, count), rng.random(count)
        ola.add(onsets, bank, which, amps)
        for onset, k, amp in zip(onsets, which, amps, strict=True):
            expected[c * n + onset : c * n + onset + length] += bank[k] * amp
        got.append(ola.take())
    assert np.allclose(np.concatenate(got), expected[: n * chunks], rtol=1e-6, atol=1e-5)


def test_every_generator_has_its_scene_side_parameters_and_triggers():
    from vrasmr.scene.generator_params import GENERATOR_PARAMS
    from vrasmr.scene.names import GENERATOR_TRIGGERS

    assert list(GENERATORS) == list(GENERATOR_PARAMS)  # the same names, in the same order
    assert set(GENERATOR_TRIGGERS) == set(GENERATORS)
    assert all(GENERATORS[name].params is GENERATOR_PARAMS[name] for name in GENERATORS)
