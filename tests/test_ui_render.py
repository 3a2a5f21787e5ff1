"""The menu drawn with real GL (EGL, llvmpipe): hover highlight in pixels, nothing when hidden."""

from __future__ import annotations

import numpy as np
import pytest

from tests.render_fixtures import gl_context, luminance  # noqa: F401  (provides `gl`)
from vrasmr.frame import Pointer, View
from vrasmr.ui.layout import SceneCard
from vrasmr.ui.menu import Menu
from vrasmr.xmath import Fov, Pose, projection_from_fov

SIZE = (200, 150)
CARDS = [SceneCard(f"scene-{k}", f"Scene {k}", ("whispers",)) for k in range(1, 5)]
VIEW = View(Pose.make(), Fov.symmetric(90.0, SIZE[0] / SIZE[1]))


@pytest.fixture
def drawing(gl):
    from vrasmr.render.contract import Still
    from vrasmr.render.renderer import Renderer
    from vrasmr.ui.drawer import MenuDrawer

    ctx, programs = gl
    tex = ctx.texture(SIZE, 4)
    fbo = ctx.framebuffer([tex])
    drawer = MenuDrawer(ctx, programs, background=False)
    scene = Renderer(ctx, programs)  # no layers: a black view, and VIEW's FrameBlock

    def draw(menu: Menu) -> np.ndarray:
        fbo.use()
        fbo.viewport = (0, 0, *SIZE)
        fbo.clear(0.0, 0.0, 0.0, 1.0)
        scene.draw(Still(0.0), VIEW, fbo, SIZE)  # as App.draw does before the menu
        drawer.draw(menu)
        raw = fbo.read(components=3, alignment=1)
        return np.frombuffer(raw, np.uint8).reshape(SIZE[1], SIZE[0], 3)[::-1]

    yield draw
    scene.release()
    drawer.release()
    fbo.release()
    tex.release()


def pixel_of(point) -> tuple[int, int]:
    """(row, column) of a world point in VIEW's image, top row first."""
    vp = projection_from_fov(VIEW.fov, 0.05, 200.0) @ VIEW.pose.view_matrix()
    clip = vp @ np.append(point, 1.0)
    x, y = clip[:2] / clip[3]
    return round((1 - (y + 1) / 2) * SIZE[1]), round((x + 1) / 2 * SIZE[0])


def card_patch(img: np.ndarray, menu: Menu, card: int) -> float:
    x0, y0, x1, y1 = menu.item(f"card:scene-{card}").rect
    r, c = pixel_of(menu.place.point3((x0 + x1) / 2, y0 + 0.3 * (y1 - y0)))
    return float(luminance(img[r - 2 : r + 3, c - 2 : c + 3]).mean())


def shown(hover_card: int) -> Menu:
    menu = Menu(CARDS)
    menu.show(Pose.make(), 0.0)
    x0, y0, x1, y1 = menu.item(f"card:scene-{hover_card}").rect
    target = menu.place.point3((x0 + x1) / 2, (y0 + y1) / 2)
    aim = Pointer("aim_right", np.zeros(3), target)
    for k in range(1, 31):  # one second: fully faded in
        menu.step(k / 30, Pose.make(), (aim,), frozenset())
    assert menu.opacity == 1.0 and menu.hover.item.id == f"card:scene-{hover_card}"
    return menu


def test_a_ray_on_card_3_lights_card_3_in_the_pixels(drawing):
    on3 = drawing(shown(3))
    on2 = drawing(shown(2))
    assert card_patch(on3, shown(3), 3) > 1.3 * card_patch(on2, shown(2), 3)
    assert card_patch(on2, shown(2), 2) > 1.3 * card_patch(on3, shown(3), 2)
    assert card_patch(on3, shown(3), 1) == pytest.approx(card_patch(on2, shown(2), 1), abs=1e-3)


def test_the_panel_does_not_render_when_hidden_but_the_marker_does(drawing):
    menu = shown(3)
    menu.step(1.1, Pose.make(), (), frozenset({"menu"}))  # dismiss
    for k in range(1, 31):
        menu.step(1.1 + k / 30, Pose.make(), (), frozenset())
    assert not menu.visible and menu.opacity == 0.0
    img = drawing(menu)
    marker_row, _ = pixel_of(menu.marker_position)
    assert marker_row > 0.75 * SIZE[1]  # low in the view
    assert not img[: int(0.7 * SIZE[1])].any()  # where the panel was: nothing at all
    assert img[int(0.7 * SIZE[1]) :].any()  # the soft summoning marker


def test_the_panel_is_half_drawn_while_fading_in(drawing):
    menu = Menu(CARDS)
    menu.step(0.0, Pose.make(), (), frozenset({"menu"}))
    menu.step(0.3, Pose.make(), (), frozenset())
    half = drawing(menu)
    full = drawing(shown(1))
    r, c = pixel_of(menu.place.centre)
    assert 0 < luminance(half[r, c]) < luminance(full[r, c])
