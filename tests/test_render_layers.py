"""Every visual layer on a real EGL context: golden images, comfort and sanity checks."""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.golden_images import check_golden, differs_from_golden
from tests.render_fixtures import (
    SIZE,
    drawn,
    gl_context,  # noqa: F401  (provides the `gl` fixture)
    luminance,
    read_rgb,
    render_linear,
)
from vrasmr.frame import View
from vrasmr.render.contract import Look, Still
from vrasmr.render.layers import DRAWER_CLASSES
from vrasmr.render.renderer import Renderer
from vrasmr.scene.layers import make_layer as layer
from vrasmr.xmath import Fov, Pose, eye_poses

T = 12.0
BREATH = 0.3
NIGHT = layer("sky", star_density=0.6)

# A wooden stool with a lamp on it giving its light, a stone beside it (the props toolkit).
PROPS = [
    {"shape": "box", "position": (0.0, -0.9, -1.6), "size_m": (0.5, 0.4, 0.4),
     "bevel_m": 0.03, "material": "wood", "colour": "#5a4030"},
    {"shape": "lathe", "position": (0.05, -0.5, -1.6), "material": "paper", "colour": "#c09060",
     "glow": 0.4, "profile": [(0.06, 0.0), (0.1, 0.05), (0.06, 0.2), (0.12, 0.22), (0.1, 0.36)],
     "light": {"offset": (0.0, 0.28, 0.0), "strength": 1.5, "flicker": 0.0}},
    {"shape": "rock", "position": (-0.5, -0.9, -1.4), "size_m": (0.3, 0.2, 0.25),
     "material": "stone", "colour": "#504a44", "seed": 3},
]  # fmt: skip

# One small picture per layer kind (with a sky or room behind where it needs one).
CASES = {
    "sky": [NIGHT],
    "water": [NIGHT, layer("water", wave_height_m=0.08, colour="#142030")],
    "terrain": [NIGHT, layer("terrain", height_m=20.0, distance_m=60.0, roughness=0.8)],
    "aurora": [
        NIGHT,
        layer("aurora", intensity=0.8, colours=["#1a8050", "#20407a"]),
        layer("water"),
    ],
    "fire": [NIGHT, layer("fire", position=(0.0, -1.0, -2.0), intensity=0.6, embers=60)],
    "particles": [
        layer("particles", type="fireflies", count=200, colour="#a0b040", area_m=3.0, size_m=0.02)
    ],
    "window_rain": [
        layer("window_rain", position=(0.0, 0.0, -1.5), intensity=0.8, tint_colour="#202838")
    ],
    "candles": [layer("candles", count=3)],
    "room": [
        layer(
            "room",
            table=True,
            objects=["window", "rug", "bookshelf", "curtains"],
            wall_colour="#3a2e26",
        ),
        layer("candles", count=2),
    ],
    "fog": [
        NIGHT,
        layer("terrain", height_m=20.0, distance_m=60.0),
        layer("fog", density=0.8, colour="#182030"),
    ],
    "orb": [layer("orb", colour="#304060", glow=0.8)],
    "props": [layer("props", items=PROPS)],
}

# One-step changes the golden comparison must see, per kind: a shape or place, and a colour
# or strength, each about 5 % (positions: 1 cm). A colour is set in the case where the
# default is so dark beside the case's light that 5 % of it is under a level.
SMALL_CHANGES = {
    "sky": [("moon_azimuth_deg", -28.0), ("zenith_colour", "#04050b")],
    "water": [("wave_height_m", 0.076), ("colour", "#131e2e")],
    "terrain": [("height_m", 19.0), ("colour", "#030405")],
    "aurora": [("elevation_deg", 33.0), ("intensity", 0.76)],
    "fire": [("size_m", 0.475), ("intensity", 0.57)],
    "particles": [("size_m", 0.019), ("colour", "#98a83c")],
    "window_rain": [("width_m", 1.14), ("tint_colour", "#1e2636")],
    "candles": [("positions", "first moved 1 cm"), ("colour", "#4a2c08")],
    "room": [("size_m", (4.0, 2.6, 4.75)), ("wall_colour", "#372c24")],
    "fog": [("height_m", 0.95), ("colour", "#172030")],
    "orb": [("radius_m", 0.114), ("colour", "#2e3d5b")],
    "props": [("items", "stool moved 1 cm"), ("items", "stool's colour 5 % darker")],
}


BRIGHT = Look(brightness=1.0)


def render(gl, layers, *, t=T, look=BRIGHT, pose=None, size=SIZE, breath=BREATH):
    with drawn(gl, layers, Still(t, breath, look), size, pose=pose) as (_, fbo):
        return read_rgb(fbo, size)


def changed(kind, name, value):
    """The case for ``kind`` with one field of its ``kind`` layer changed."""
    case = CASES[kind]
    if name == "positions":  # candles: the first one 1 cm to the right
        from vrasmr.render.layers.candles import default_positions

        value = [list(p) for p in default_positions(case[-1].count)]
        value[0][0] += 0.01
    elif kind == "props":  # the stool 1 cm to the right, or its colour 5 % darker
        stool = dict(PROPS[0])
        if "moved" in value:
            stool["position"] = (0.01, -0.9, -1.6)
        else:
            stool["colour"] = "#563d2e"
        value = [stool, *PROPS[1:]]
    return [
        type(lay).model_validate({**lay.model_dump(), name: value}) if lay.kind == kind else lay
        for lay in case
    ]


def test_every_kind_has_a_case_and_small_changes():
    assert set(CASES) == set(SMALL_CHANGES) == set(DRAWER_CLASSES)


@pytest.mark.parametrize("kind", sorted(CASES))
def test_golden(gl, kind):
    linear = render_linear(gl, CASES[kind], t=T)
    assert linear.max() > 0, "the layer drew nothing"
    check_golden(f"layer-{kind}", linear)


@pytest.mark.parametrize(
    ("kind", "name", "value"),
    [(kind, name, value) for kind in sorted(SMALL_CHANGES) for name, value in SMALL_CHANGES[kind]],
)
def test_a_small_change_to_the_layer_fails_its_golden(gl, kind, name, value):
    linear = render_linear(gl, changed(kind, name, value), t=T)
    assert differs_from_golden(f"layer-{kind}", linear), f"{kind}: {name} -> {value} passed"


@pytest.mark.parametrize("kind", sorted(CASES))
def test_next_frame_differs_only_a_little(gl, kind):
    a = render(gl, CASES[kind]).astype(np.int16)
    b = render(gl, CASES[kind], t=T + 1.0 / 90.0).astype(np.int16)
    diff = np.abs(a - b)
    assert diff.mean() < 1.0
    assert np.percentile(diff, 99) <= 40  # no flashes: changes are small and local


@pytest.mark.parametrize("control", ["brightness", "fade"])
def test_zero_brightness_or_fade_is_black(gl, control):
    look = Look(brightness=0.0) if control == "brightness" else Look(brightness=1.0, fade=0.0)
    img = render(gl, CASES["fire"] + CASES["orb"], look=look)
    assert img.max() == 0


def test_output_is_finite_and_in_range_in_linear_target(gl):
    ctx, programs = gl
    renderer = Renderer(ctx, programs)
    try:
        renderer.set_layers([layer for case in CASES.values() for layer in case])
        tex = ctx.texture(SIZE, 4)
        fbo = ctx.framebuffer([tex])
        view = View(Pose.make(), Fov.symmetric(90.0, SIZE[0] / SIZE[1]))
        renderer.draw(Still(T, BREATH, BRIGHT), view, fbo, SIZE)
        color = renderer._target(SIZE).color
        scene = np.frombuffer(color.read(), np.float16).astype(np.float32)
        assert np.all(np.isfinite(scene))
        assert scene.min() >= 0.0
        fbo.release()
        tex.release()
    finally:
        renderer.release()


def test_eyes_see_the_expected_parallax(gl):
    # An orb 1 m ahead: the eyes 63 mm apart see it shifted by about ipd/distance radians.
    size = (192, 64)
    layers = [
        layer(
            "orb",
            position=(0.0, 0.0, -1.0),
            radius_m=0.05,
            glow=0.0,
            colour="#ffffff",
            breath_scale=0.0,
        )
    ]
    left, right = eye_poses(Pose.make(), 0.063)
    cols = []
    for pose in (left, right):
        lum = luminance(render(gl, layers, pose=pose, size=size)).sum(axis=0)
        cols.append(float((lum * np.arange(size[0])).sum() / lum.sum()))
    px_per_rad = (size[0] / 2) / np.tan(np.radians(45.0))
    expected = 0.063 / 1.0 * px_per_rad
    shift = cols[0] - cols[1]  # the left eye sees the orb further right
    assert shift == pytest.approx(expected, rel=0.15)


def test_orb_swells_with_the_breath(gl):
    rest = luminance(render(gl, CASES["orb"], breath=BREATH)).sum()
    full = luminance(render(gl, CASES["orb"], breath=0.5)).sum()
    assert full > rest * 1.1


def test_fire_flicker_is_gentle(gl):
    # Over two seconds at 30 fps the fire's light changes smoothly and by a small amount.
    layers = [layer("fire", position=(0.0, -0.6, -1.5), flicker=1.0, embers=0)]
    means = [luminance(render(gl, layers, t=T + i / 30.0, size=(32, 32))).mean() for i in range(60)]
    means = np.array(means)
    assert means.min() > 0
    assert (means.max() - means.min()) / means.mean() < 0.5
    assert np.abs(np.diff(means)).max() / means.mean() < 0.08


def test_two_layers_of_one_kind_keep_their_own_look(gl):
    """Far hills and near hills (two terrain layers) must not share one set of uniforms."""
    far = layer("terrain", height_m=120.0, distance_m=500.0, colour="#506070")
    near = layer("terrain", height_m=6.0, distance_m=60.0, colour="#080a0c")
    both = render(gl, [NIGHT, far, near], look=Look(brightness=2.0))
    near_only = render(gl, [NIGHT, near], look=Look(brightness=2.0))
    far_only = render(gl, [NIGHT, far], look=Look(brightness=2.0))
    # Both ranges show: the pair differs from either alone (before the fix, both layers drew
    # with the second one's uniforms, so the pair looked exactly like the near range alone).
    assert np.abs(both.astype(int) - near_only.astype(int)).max() > 8
    assert np.abs(both.astype(int) - far_only.astype(int)).max() > 8


def test_next_layers_are_built_a_step_at_a_time_and_swapped_in_whole(gl):
    ctx, programs = gl
    renderer = Renderer(ctx, programs)
    try:
        renderer.set_layers([NIGHT])
        shown = list(renderer.drawers)
        renderer.begin_layers(CASES["fog"])  # sky, terrain, fog
        steps = 1
        while not renderer.build_step():  # each call makes one layer or warms one up
            steps += 1
            assert renderer.drawers == shown  # nothing changes on screen meanwhile
        assert steps == 2 * len(CASES["fog"])
        renderer.swap_layers()
        assert [d.program_name for d in renderer.drawers] == ["sky", "terrain", "fog"]
        assert not renderer.building
    finally:
        renderer.release()


def _draw(renderer, ctx, size=SIZE):
    w, h = size
    tex = ctx.texture(size, 4)
    fbo = ctx.framebuffer([tex])
    try:
        view = View(Pose.make(), Fov.symmetric(90.0, w / h))
        renderer.draw(Still(T, BREATH, BRIGHT), view, fbo, size, viewport=(0, 0, w, h))
        return np.frombuffer(fbo.read(components=3), np.uint8).reshape(h, w, 3)[::-1].copy()
    finally:
        fbo.release()
        tex.release()


def test_a_renderer_draws_its_new_layers_after_they_change(gl):
    # The layers' draw calls are bound once and replayed; a change must bind them again.
    ctx, programs = gl
    renderer = Renderer(ctx, programs)
    try:
        renderer.set_layers(CASES["orb"])
        orb = _draw(renderer, ctx)
        renderer.set_layers(CASES["water"])
        water = _draw(renderer, ctx)
    finally:
        renderer.release()

    def same(a, b) -> bool:  # up to the dither's step either way, which follows the frame count
        return np.abs(a.astype(int) - b.astype(int)).max() <= 2

    assert same(orb, render(gl, CASES["orb"]))
    assert same(water, render(gl, CASES["water"]))
    assert not same(orb, water)


def test_a_shader_reload_redraws_with_the_new_program(gl, tmp_path):
    import shutil

    from vrasmr.content import shaders_dir
    from vrasmr.render.programs import ProgramLibrary

    ctx, _ = gl
    shaders = tmp_path / "shaders"
    shutil.copytree(shaders_dir(), shaders)
    renderer = Renderer(ctx, ProgramLibrary(ctx, shaders))
    try:
        renderer.set_layers([NIGHT])
        before = _draw(renderer, ctx)
        sky = shaders / "sky.glsl"
        text = sky.read_text()
        assert "f_color = vec4(col * u_opacity, 1.0);" in text
        sky.write_text(
            text.replace("f_color = vec4(col * u_opacity, 1.0);", "f_color = vec4(0.0);")
        )
        stamp = sky.stat().st_mtime + 5
        os.utime(sky, (stamp, stamp))
        assert "sky" in renderer.reload_shaders()
        after = _draw(renderer, ctx)
    finally:
        renderer.release()
    assert luminance(before).mean() > 0.0
    assert luminance(after).max() < 0.01  # only the dither is left of a black sky


@pytest.mark.parametrize("samples", [0, 4], ids=["single", "msaa"])
def test_render_scale_changes_leave_live_gl_objects_flat(gl, samples):
    """The desktop's dynamic render scale gives the renderer a new size every few seconds
    all night; every attachment of a dropped offscreen target must go back to GL."""
    from tests.render_fixtures import live_gl_objects

    ctx, programs = gl
    # Make this context current for the rest of the session too (leaving a `with ctx:` would
    # restore whichever context was current before, and later tests draw with `gl`).
    ctx.__enter__()
    renderer = Renderer(ctx, programs, samples=samples)
    tex = ctx.texture((320, 200), 4)
    fbo = ctx.framebuffer([tex])
    renderer.set_layers([NIGHT])

    def draw_at(scale: float) -> None:
        w, h = round(320 * scale), round(200 * scale)
        view = View(Pose.make(), Fov.symmetric(90.0, w / h))
        renderer.draw(Still(T, BREATH), view, fbo, (w, h), viewport=(0, 0, w, h))

    scales = [0.3 + 0.01 * k for k in range(70)]
    try:
        for scale in scales[:10]:  # more sizes than the renderer keeps
            draw_at(scale)
        before = live_gl_objects()
        for scale in scales[10:]:
            draw_at(scale)
        after = live_gl_objects()
    finally:
        renderer.release()
        fbo.release()
        tex.release()
    assert after == before, f"after 60 more render scales: {before} -> {after}"


def _frame_and_glow(gl, layers, look, size=SIZE):
    """One draw: the layers' linear picture, its bloom (upsampled bilinearly as the final
    pass reads it) and the final output, each top row first."""
    from scipy.ndimage import map_coordinates

    w, h = size
    with drawn(gl, layers, Still(T, BREATH, look), size) as (renderer, fbo):
        color = renderer._target(size).color
        linear = np.frombuffer(color.read(), np.float16).astype(np.float32).reshape(h, w, 4)
        small = renderer.bloom.stage(color, size).a
        sw, sh = small.size
        glow = np.frombuffer(small.read(), np.float16).astype(np.float32).reshape(sh, sw, 4)
        out = np.frombuffer(fbo.read(components=3), np.uint8).reshape(h, w, 3)
    ys = (np.arange(h) + 0.5) * sh / h - 0.5
    xs = (np.arange(w) + 0.5) * sw / w - 0.5
    gy, gx = np.meshgrid(ys, xs, indexing="ij")
    up = np.stack(
        [map_coordinates(glow[..., k], [gy, gx], order=1, mode="nearest") for k in range(3)], -1
    )
    return linear[::-1, :, :3], up[::-1], out[::-1].astype(np.float64)


@pytest.mark.parametrize("look", [BRIGHT, Look(brightness=0.5, warmth=0.3, fade=0.8)])
def test_post_pass_applies_the_look_and_srgb_to_the_linear_picture(gl, look):
    """The goldens pin the linear picture; this pins what the final pass makes of it and of
    its bloom."""
    from vrasmr.render.bloom import STRENGTH

    layers = CASES["aurora"] + CASES["fire"]
    linear, glow, out = _frame_and_glow(gl, layers, look)
    assert glow.max() > 0.01, "the flames make a glow"
    warm = 1.0 + (np.array([1.0, 0.72, 0.42]) - 1.0) * look.warmth
    c = np.clip((linear + glow * STRENGTH) * warm * look.brightness * look.fade, 0.0, 1.0)
    srgb = np.where(c <= 0.0031308, c * 12.92, 1.055 * c ** (1.0 / 2.4) - 0.055) * 255.0
    assert np.abs(out - srgb).max() <= 1.5 + 0.02  # the dither's level either way, rounding


def test_bloom_spreads_a_glow_round_bright_light_only(gl):
    """Light brighter than the threshold glows into its surroundings; dim light does not."""
    bright = [layer("orb", colour="#ffd080", glow=1.0, radius_m=0.08, position=(0, 0, -1.5))]
    dim = [layer("orb", colour="#100c08", glow=0.0, radius_m=0.08, position=(0, 0, -1.5))]
    _, glow, _ = _frame_and_glow(gl, bright, BRIGHT)
    lum = glow @ np.array([0.2126, 0.7152, 0.0722])
    h, w = lum.shape
    assert lum[h // 2, w // 2] > 0.02
    assert lum[h // 2, w // 2 + w // 6] > 0.01 * lum[h // 2, w // 2]  # it reaches out
    _, glow, _ = _frame_and_glow(gl, dim, BRIGHT)
    assert glow.max() < 1e-3


# ---- the drawers read the layer models, and every field of them ---------------------------
# Fields a scene file may set that no drawer reads yet (the test fails when one starts to).
NOT_DRAWN: set[tuple[str, str]] = set()
OTHER_VALUE = {
    "type": "snow",
    "objects": ["lamp"],
    "colours": ["#808080"],
    "wall_material": "stone",
    "floor_material": "stone",
    "items": [{"shape": "rock", "position": (0.5, -1.0, -2.0)}],
}


def _other_value(layer, name: str):
    """A valid value of field ``name`` different from the layer's."""
    value = getattr(layer, name)
    if name in OTHER_VALUE:
        return OTHER_VALUE[name]
    if name == "positions":
        return [(0.3 * i, -0.5, -1.0) for i in range(layer.count)]
    if isinstance(value, bool):
        return not value
    if name.endswith("colour"):
        return "#808080"
    if isinstance(value, tuple):
        return tuple(v + 0.25 for v in value)
    info = type(layer).model_fields[name]
    lo = next((m.ge for m in info.metadata if hasattr(m, "ge")), value - 1)
    hi = next((m.le for m in info.metadata if hasattr(m, "le")), value + 1)
    other = value + (hi - value) / 2 if hi > value else value - (value - lo) / 2
    return round(other) if isinstance(value, int) else other


def _drawn_state(gl, layer) -> tuple:
    """What a drawer of ``layer`` gives GL: its programs' uniforms, its vertices, its count."""
    import moderngl

    from vrasmr.render.layers import drawer_class

    ctx, programs = gl
    with ctx:  # (this context current, whatever another test made current)
        drawer = drawer_class(layer.kind)(ctx, programs, layer)
        try:
            state = [getattr(drawer, "instances", None)]
            for program in (drawer.program, getattr(drawer, "body_program", None)):
                if program is not None:
                    state += [
                        (name, program[name].read())
                        for name in program
                        if isinstance(program[name], moderngl.Uniform)
                    ]
            vbo = getattr(drawer, "vbo", None)
            return (*state, vbo.read() if vbo is not None else None)
        finally:
            drawer.release()


@pytest.mark.parametrize("kind", sorted(CASES))
def test_every_field_of_a_layer_reaches_its_drawer(gl, kind):
    from vrasmr.render.layers import default_layer

    base = default_layer(kind)
    drawn = _drawn_state(gl, base)
    fields = [name for name in type(base).model_fields if name != "kind"]
    ignored = []
    for name in fields:
        changed = type(base).model_validate({**base.model_dump(), name: _other_value(base, name)})
        if _drawn_state(gl, changed) == drawn:
            ignored.append(name)
    assert set(ignored) == {name for k, name in NOT_DRAWN if k == kind}
