"""The first night in the headset: a soft hint on how to open the menu, near the resting gaze,
until the menu has been opened once (kept in the real SQLite journal), then never again."""

from __future__ import annotations

import math

import numpy as np

from tests.app_fixtures import write_user_scene
from tests.render_fixtures import gl_context, luminance  # noqa: F401  (provides `gl`)
from tests.test_ui_render import SIZE, VIEW, drawing, pixel_of  # noqa: F401
from vrasmr.frame import Frame, Pointer
from vrasmr.ui.hint import (
    DELAY_S,
    FADE_IN_S,
    HINT_DISTANCE_M,
    HINT_DROP_DEG,
    HINT_OPACITY,
    MENU_OPENED,
    FirstNightHint,
)
from vrasmr.ui.layout import SceneCard
from vrasmr.ui.menu import MARKER_DROP_DEG, SUMMON_S, Menu
from vrasmr.xmath import Pose

CARDS = [SceneCard("scene-1", "Scene 1", ("whispers",))]
HEAD = Pose.make((0.0, 0.0, 0.0))
RATE = 30.0


def steps(menu: Menu, t0: float, seconds: float, buttons=frozenset(), gaze=None) -> float:
    t = t0
    for _ in range(round(seconds * RATE)):
        t += 1 / RATE
        pointers = () if gaze is None else (Pointer("gaze", np.zeros(3), np.asarray(gaze)),)
        menu.step(t, HEAD, pointers, frozenset(buttons))
    return t


def with_hint() -> Menu:
    menu = Menu(CARDS)
    menu.hint = FirstNightHint()
    return menu


def test_the_hint_fades_in_softly_just_below_the_resting_gaze():
    menu = with_hint()
    t = steps(menu, 0.0, DELAY_S - 0.5)
    assert menu.hint.opacity == 0.0  # the scene comes first
    t = steps(menu, t, 0.5 + FADE_IN_S / 2)
    assert 0.0 < menu.hint.opacity < HINT_OPACITY  # fading in, no pop
    steps(menu, t, FADE_IN_S)
    assert menu.hint.opacity == HINT_OPACITY <= 0.6  # dim at its brightest
    centre = np.array(menu.hint.centre)
    assert math.isclose(float(np.linalg.norm(centre)), HINT_DISTANCE_M)
    below = math.degrees(math.asin(-centre[1] / HINT_DISTANCE_M))
    assert math.isclose(below, HINT_DROP_DEG, abs_tol=1e-6) and below < MARKER_DROP_DEG
    np.testing.assert_allclose(menu.hint.across, [1, 0, 0], atol=1e-9)  # level, facing us


def test_opening_the_menu_dismisses_the_hint_for_good():
    menu = with_hint()
    t = steps(menu, 0.0, DELAY_S + FADE_IN_S)
    hint = menu.hint
    t = steps(menu, t, 1 / RATE, buttons={"menu"})
    assert menu.visible and hint.dismissed
    t = steps(menu, t, 2.0)
    assert menu.hint is None and hint.opacity == 0.0
    steps(menu, t, 1 / RATE, buttons={"menu"})  # closed again
    steps(menu, t + 1, DELAY_S + FADE_IN_S)
    assert menu.hint is None  # never again


def test_summoning_by_gaze_also_counts():
    menu = with_hint()
    t = steps(menu, 0.0, DELAY_S + FADE_IN_S)
    marker = np.array(menu.marker_position)
    steps(menu, t, SUMMON_S + 0.2, gaze=marker / np.linalg.norm(marker))
    assert menu.visible and (menu.hint is None or menu.hint.dismissed)


def test_the_journal_remembers_that_the_menu_was_opened():
    from vrasmr.session.factory import build_app
    from vrasmr.sleep.journal import Journal

    write_user_scene("hint-scene")

    def headset_app():
        return build_app(
            "hint-scene",
            None,
            engine_kind="silent",
            sleep_timer=None,
            journal=True,
            first_night_hint=True,
        )

    def run(app, seconds: float, press_at: float | None = None) -> None:
        for k in range(round(seconds * RATE)):
            t = k / RATE
            pressed = press_at is not None and abs(t - press_at) < 0.5 / RATE
            app.step(Frame(t, HEAD, (), (), frozenset({"menu"} if pressed else ())))

    first = headset_app()
    assert first.menu.hint is not None
    run(first, 3.0)
    first.close("user")
    second = headset_app()  # not opened yet: the hint is still there the next time
    assert second.menu.hint is not None
    run(second, 6.0, press_at=5.0)
    second.close("user")
    with Journal.open() as journal:
        assert journal.reached(MENU_OPENED) is True
    third = headset_app()
    assert third.menu.hint is None  # never again
    third.close("user")
    desk = build_app("hint-scene", None, engine_kind="silent", sleep_timer=None, journal=True)
    assert getattr(desk.menu, "hint", None) is None  # the desktop preview shows none
    desk.close("user")


def test_the_hint_is_drawn_dim_near_the_resting_gaze(drawing):  # noqa: F811
    plain = Menu(CARDS)
    steps(plain, 0.0, DELAY_S + FADE_IN_S)
    hinted = with_hint()
    steps(hinted, 0.0, DELAY_S + FADE_IN_S)
    without, with_ = drawing(plain), drawing(hinted)
    changed = np.argwhere(np.any(with_ != without, axis=2))
    assert len(changed) > 20  # text pixels
    r, c = pixel_of(np.array(hinted.hint.centre))
    rows, cols = changed[:, 0], changed[:, 1]
    assert abs(np.median(rows) - r) <= 3 and abs(np.median(cols) - c) <= 6
    assert rows.min() > SIZE[1] * 0.5  # below the gaze, above the marker's row
    assert rows.max() < pixel_of(np.array(hinted.marker_position))[0]
    assert float(luminance(with_[rows, cols]).max()) < 0.2  # a soft line, not a sign
