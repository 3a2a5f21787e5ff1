"""Quality tiers and the final pass's dither: the low tier (a software renderer) draws the same
scene as the high one, its programs compiled with their own defines; the dither is blue noise,
one output level either way, that leaves the mean where it was."""

from __future__ import annotations

import numpy as np
import pytest

from tests.render_fixtures import gl_context  # noqa: F401  (provides the `gl` fixture)
from vrasmr.content import scenes_dir


@pytest.mark.parametrize("scene_id", ["bedtime-story", "guided-visualization"])
def test_the_low_tier_draws_the_scene_the_high_tier_draws(gl, scene_id):
    from vrasmr.render.contract import Look
    from vrasmr.render.sheet import figures, resting_eye
    from vrasmr.render.thumbnails import render_still, scene_layers
    from vrasmr.scene.loading import load_scene

    scene = load_scene(scenes_dir() / f"{scene_id}.toml")
    pictures = {
        q: np.asarray(
            render_still(
                scene_layers(scene),
                (192, 108),
                time_s=scene.thumbnail.time_s,
                head=resting_eye(scene),
                look=Look(brightness=scene.brightness),
                fov_deg=scene.thumbnail.fov_deg,
                gl=gl,
                quality=q,
            )
        )
        for q in ("high", "low")
    }
    high, low = (figures(pictures[q]) for q in ("high", "low"))
    assert low.mean_luminance == pytest.approx(high.mean_luminance, rel=0.15)
    assert low.blue_share == pytest.approx(high.blue_share, abs=0.02)
    assert not np.array_equal(pictures["high"], pictures["low"])  # the tiers differ in detail


def test_a_tiers_programs_are_its_own_and_errors_keep_their_lines(gl, tmp_path):
    import shutil

    from vrasmr.content import shaders_dir
    from vrasmr.render.programs import ProgramLibrary, ShaderError

    ctx, _ = gl
    shaders = tmp_path / "shaders"
    shutil.copytree(shaders_dir(), shaders)
    library = ProgramLibrary(ctx, shaders)
    low = library.with_defines(("LOW_TIER",))
    assert low.get("lit") is not library.get("lit")
    assert low.get("lit") is low.get("lit")
    assert library.with_defines(()) is library
    lines = (shaders / "lit.glsl").read_text().splitlines()
    at = next(n for n, line in enumerate(lines, 1) if line.startswith("void main()"))
    lines.insert(at, "    undefined_name_here;")
    (shaders / "lit.glsl").write_text("\n".join(lines) + "\n")
    fresh = ProgramLibrary(ctx, shaders).with_defines(("LOW_TIER",))
    with pytest.raises(ShaderError) as err:
        fresh.get("lit")
    assert err.value.file.name == "lit.glsl"
    assert err.value.line == at + 1


def test_the_dither_is_triangular_blue_noise_of_one_level_either_way():
    from vrasmr.render.blue_noise import blue_noise, triangular_dither

    tile = triangular_dither().astype(np.float64)
    assert tile.shape == (64, 64)
    assert tile.min() >= -1.0 and tile.max() <= 1.0
    assert abs(tile.mean()) < 0.01  # no bias: a dark flat colour keeps its level on average
    # Triangular: the variance of the sum of two uniform steps, 1/6 of a level squared.
    assert tile.var() == pytest.approx(1 / 6, rel=0.05)
    # Blue: little of its power at low frequencies (white noise spreads it evenly).
    power = np.abs(np.fft.fft2(tile - tile.mean())) ** 2
    f = np.hypot(*np.meshgrid(np.fft.fftfreq(64), np.fft.fftfreq(64), indexing="ij"))
    low_share = power[(f > 0) & (f < 0.125)].sum() / power.sum()
    assert low_share < 0.25 * ((f > 0) & (f < 0.125)).sum() / (f > 0).sum()
    # Same order as the blue noise it came from.
    assert np.array_equal(np.argsort(tile, axis=None), np.argsort(blue_noise(), axis=None))


def test_the_benchmarks_floor_records_the_bloom_and_the_final_pass(gl):
    """The bare loop replays what the recorder saw; the bloom's bound calls must be seen too
    (bound once, they bypassed the recorder, and the floor left out three draws a frame)."""
    from benchmarks.gl_replay import record_frames
    from vrasmr.frame import View
    from vrasmr.render.contract import Still
    from vrasmr.render.renderer import Renderer
    from vrasmr.scene.layers import make_layer
    from vrasmr.xmath import Fov, Pose

    ctx, programs = gl
    renderer = Renderer(ctx, programs)
    out = ctx.framebuffer([ctx.texture((16, 16), 4)])
    try:
        renderer.set_layers([make_layer("sky"), make_layer("orb")])
        view = View(Pose.make(), Fov.symmetric(90.0, 1.0))

        def frame(i):
            renderer.draw(Still(i / 90.0, 0.4), view, out, (16, 16))

        frame(0)
        (calls,) = record_frames(frame, 1, rebind=renderer.forget_commands)
        draws = sum(getattr(c.func, "__qualname__", "") == "VertexArray.render" for c in calls)
        assert draws == 2 + 3 + 1  # two layers, the bloom's three passes, the final pass
    finally:
        renderer.release()
        out.release()
