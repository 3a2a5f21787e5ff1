"""The menu model with synthetic rays and virtual time: hit tests, dwell, summoning, safety."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vrasmr.frame import Pointer
from vrasmr.sleep.morning import LastNight
from vrasmr.ui import commands as cmd
from vrasmr.ui.layout import FOR_YOU, MIN_GAP_M, PANEL_H_M, PANEL_W_M, MenuValues, SceneCard, layout
from vrasmr.ui.menu import IDLE_HIDE_S, MARKER_DROP_DEG, Menu
from vrasmr.ui.panel import PANEL_DISTANCE_M, PanelPlace
from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

FPS = 30.0
CARDS = [SceneCard(f"scene-{k}", f"Scene {k}", ("whispers",)) for k in range(1, 5)]


def head(yaw_deg: float = 0.0, pitch_deg: float = 0.0) -> Pose:
    q = quat_from_yaw_pitch_roll(math.radians(yaw_deg), math.radians(pitch_deg))
    return Pose.make((0.0, 0.0, 0.0), q)


def ray_at(menu: Menu, x: float, y: float, name: str = "gaze", select: bool = False) -> Pointer:
    """A ray from the eye through panel point (x, y)."""
    origin = np.zeros(3)
    target = menu.place.point3(x, y)
    return Pointer(name, origin, target - origin, select)


def centre_of(menu: Menu, item_id: str) -> tuple[float, float]:
    x0, y0, x1, y1 = menu.item(item_id).rect
    return (x0 + x1) / 2, (y0 + y1) / 2


def shown_menu() -> tuple[Menu, float]:
    menu = Menu(CARDS, MenuValues(scene_id="scene-1"))
    menu.step(0.0, head(), (), frozenset({"menu"}))
    return menu, 0.0


def run(menu: Menu, t: float, seconds: float, pointers_at) -> tuple[float, list]:
    """Step the menu ``seconds`` at FPS from ``t``; ``pointers_at(t)`` gives the pointers."""
    out = []
    for _ in range(round(seconds * FPS)):
        t = round(t + 1.0 / FPS, 9)
        out += menu.step(t, head(), pointers_at(t), frozenset())
    return t, out


# ---- ray–panel hit tests ------------------------------------------------------------------
def test_a_ray_through_the_centre_hits_the_middle_of_the_panel():
    place = PanelPlace.in_front(head())
    assert place.hit((0, 0, 0), (0, 0, -1)) == pytest.approx((PANEL_W_M / 2, PANEL_H_M / 2))
    assert np.allclose(place.centre, (0, 0, -PANEL_DISTANCE_M))


def test_rays_to_the_corners_land_on_the_corners_with_y_down():
    place = PanelPlace.in_front(head())
    left_top = place.hit((0, 0, 0), (-PANEL_W_M / 2 + 1e-3, PANEL_H_M / 2 - 1e-3, -1.35))
    assert left_top == pytest.approx((1e-3, 1e-3), abs=1e-6)
    right_bottom = place.hit((0, 0, 0), (PANEL_W_M / 2 - 1e-3, -PANEL_H_M / 2 + 1e-3, -1.35))
    assert right_bottom == pytest.approx((PANEL_W_M - 1e-3, PANEL_H_M - 1e-3), abs=1e-6)


@pytest.mark.parametrize(
    "origin, direction",
    [
        ((0, 0, 0), (0, 0, 1)),  # looking away
        ((0, 0, 0), (1, 0, 0)),  # parallel to the panel
        ((0, 0, 0), (PANEL_W_M, 0, -1.35)),  # beside it
        ((0, 0, -3), (0, 0, 1)),  # from behind
    ],
)
def test_rays_that_miss(origin, direction):
    assert PanelPlace.in_front(head()).hit(origin, direction) is None


def test_a_turned_panel_hits_in_its_own_frame():
    place = PanelPlace.in_front(head(yaw_deg=90.0))  # facing -X
    assert place.hit((0, 0, 0), (-1, 0, 0)) == pytest.approx((PANEL_W_M / 2, PANEL_H_M / 2))
    x, _ = place.hit((0, 0, 0), (-1.35, 0, -0.2))  # yaw left → the panel's right is -Z
    assert x > PANEL_W_M / 2


# ---- layout -------------------------------------------------------------------------------
def assert_laid_out(items, labels) -> None:
    """Every target inside the panel, no text under one, and each a gap from the rest."""
    for item in items:
        x0, y0, x1, y1 = item.rect
        assert 0 <= x0 < x1 <= PANEL_W_M and 0 <= y0 < y1 <= PANEL_H_M, item.id
    for label in labels:  # no text under a target
        x, y = label.x, label.y + 0.01
        under = [i for i in items if i.rect[0] <= x <= i.rect[2] and i.rect[1] <= y <= i.rect[3]]
        assert not under, label
    for i, a in enumerate(items):
        for b in items[i + 1 :]:
            gap_x = max(b.rect[0] - a.rect[2], a.rect[0] - b.rect[2])
            gap_y = max(b.rect[1] - a.rect[3], a.rect[1] - b.rect[3])
            assert max(gap_x, gap_y) >= MIN_GAP_M - 1e-9, (a.id, b.id)


MORNING = MenuValues(last_night=LastNight(7), trigger_draws=(("rain", 0.9),))


@pytest.mark.parametrize("values", [MenuValues(), MORNING], ids=["evening", "morning"])
def test_targets_are_apart_inside_the_panel_and_cover_the_issue(values):
    many = [SceneCard(f"s{k}", f"S{k}", triggers=("rain",) * (k == 2)) for k in range(9)]
    items, labels = layout(values, many)
    assert_laid_out(items, labels)
    ids = {i.id for i in items}
    assert {"timer:None", "timer:15", "timer:90", "timer:all_night"} <= ids
    assert {"volume:up", "bright:down", "bed", "recenter", "trigger:mouth"} <= ids
    if values.last_night is None:
        assert "mood:3" in ids
    else:  # last night's question takes the mood row's place until it is done
        assert {"night:1", "night:5", "asleep:0", "asleep:3", "night:done"} <= ids
        assert not any(i.startswith("mood:") for i in ids)
        assert [lb.text for lb in labels].count(FOR_YOU) == 1


# ---- dwell --------------------------------------------------------------------------------
def test_dwelling_on_card_3_for_1_2_seconds_switches_to_it_once():
    menu, t = shown_menu()
    x, y = centre_of(menu, "card:scene-3")
    _, out = run(menu, t, 1.1, lambda t: (ray_at(menu, x, y),))
    assert out == [] and 0.85 < menu.dwell.progress < 1.0
    _, out = run(menu, 1.1, 1.0, lambda t: (ray_at(menu, x, y),))
    assert out == [cmd.SwitchScene("scene-3")]
    assert not menu.visible  # the menu steps aside for the new scene


def test_looking_away_at_1_0_seconds_selects_nothing():
    menu, t = shown_menu()
    x, y = centre_of(menu, "card:scene-3")
    t, out = run(menu, t, 1.0, lambda t: (ray_at(menu, x, y),))
    gap_x, gap_y = centre_of(menu, "card:scene-3")[0], 0.36  # between cards and timer row
    t, out2 = run(menu, t, 0.2, lambda t: (ray_at(menu, gap_x, gap_y),))
    t, out3 = run(menu, t, 1.0, lambda t: (ray_at(menu, x, y),))  # back: starts again
    assert out == out2 == out3 == []
    assert menu.dwell.progress < 1.0


def test_a_long_stare_is_one_action():
    menu, t = shown_menu()
    x, y = centre_of(menu, "volume:down")
    _, out = run(menu, t, 5.0, lambda t: (ray_at(menu, x, y),))
    assert out == [cmd.SetVolume(pytest.approx(0.75))]


def test_bed_mode_and_recentre_need_a_second_look():
    menu, t = shown_menu()
    x, y = centre_of(menu, "recenter")
    t, out = run(menu, t, 1.3, lambda t: (ray_at(menu, x, y),))
    assert out == [] and menu.item("recenter").label == "Again to confirm"
    t, _ = run(menu, t, 0.3, lambda t: (ray_at(menu, *centre_of(menu, "bed")),))
    t, out = run(menu, t, 1.3, lambda t: (ray_at(menu, x, y),))
    assert out == [cmd.Recenter()]


def test_a_controller_ray_selects_at_once_and_silences_the_gaze():
    menu, t = shown_menu()
    tx, ty = centre_of(menu, "timer:30")
    gx, gy = centre_of(menu, "card:scene-2")
    _, out = run(menu, t, 1.5, lambda t: (ray_at(menu, gx, gy), ray_at(menu, tx, ty, "aim_right")))
    assert out == [] and menu.hover.item.id == "timer:30"
    out = menu.step(2.0, head(), (ray_at(menu, tx, ty, "aim_right", select=True),), frozenset())
    assert out == [cmd.SetTimer(30)]


# ---- showing and hiding -------------------------------------------------------------------
def test_hidden_menu_takes_no_input_and_fades():
    menu = Menu(CARDS)
    menu.show(head(), 0.0)
    x, y = centre_of(menu, "card:scene-3")
    menu.hide()
    _, out = run(menu, 0.0, 2.0, lambda t: (ray_at(menu, x, y),))
    assert out == [] and menu.opacity == 0.0 and not menu.drawn


def test_summoned_by_button_fades_in_and_hides_after_a_quiet_while():
    menu = Menu(CARDS)
    menu.step(0.0, head(), (), frozenset({"menu"}))
    assert menu.visible and menu.opacity == 0.0
    t, _ = run(menu, 0.0, 0.3, lambda t: ())
    assert 0.0 < menu.opacity < 1.0  # no pop
    t, _ = run(menu, t, IDLE_HIDE_S, lambda t: ())
    assert not menu.visible


def test_looking_at_the_low_marker_for_two_seconds_summons():
    menu = Menu(CARDS)
    menu.step(0.0, head(), (), frozenset())
    down = head(pitch_deg=-MARKER_DROP_DEG)
    gaze = Pointer("gaze", np.zeros(3), down.forward)
    t = 0.0
    for _ in range(round(1.9 * FPS)):
        t = round(t + 1 / FPS, 9)
        menu.step(t, head(), (gaze,), frozenset())
    assert not menu.visible and menu.summon_progress > 0.9
    for _ in range(5):
        t = round(t + 1 / FPS, 9)
        menu.step(t, head(), (gaze,), frozenset())
    assert menu.visible


def test_the_panel_stays_put_for_small_looks_and_follows_large_ones_lazily():
    menu, t = shown_menu()
    start = np.array(menu.place.direction)
    for _ in range(30):
        t += 1 / FPS
        menu.step(t, head(yaw_deg=15.0), (), frozenset())
    assert np.allclose(menu.place.direction, start)
    for _ in range(6):
        t += 1 / FPS
        menu.step(t, head(yaw_deg=60.0), (), frozenset())
    moved = math.degrees(math.acos(float(np.dot(menu.place.direction, start))))
    assert 2.0 < moved < 30.0  # on its way, not stuck to the face
    for _ in range(200):
        t += 1 / FPS
        menu.step(t, head(yaw_deg=60.0), (), frozenset())
    assert np.dot(menu.place.direction, head(yaw_deg=60.0).forward) > 0.99
