"""Choosing a scene by gaze in the App: dwell 1.2 s of virtual time, then a gapless crossfade.

Real parts: scenes loaded from files, the OpenAL Soft loopback engine; virtual frame time.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.sound_fixtures import open_loopback
from vrasmr.app import App
from vrasmr.clock import VirtualClock
from vrasmr.content import scenes_dir, user_scenes_dir
from vrasmr.frame import Frame, Pointer
from vrasmr.session.switch import CROSSFADE_S, DIP_FLOOR
from vrasmr.ui.layout import SceneCard
from vrasmr.ui.menu import Menu
from vrasmr.xmath import Pose

FPS = 30.0
SR = 48000
WINDOW = SR // 20  # 50 ms


def _scene_copy(scene_id: str) -> None:
    text = (scenes_dir() / "ear-to-ear.toml").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^id = ".*"$', f'id = "{scene_id}"', text)
    text = re.sub(r"(?m)^fade_in_s = .*$", "fade_in_s = 1", text)
    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{scene_id}.toml").write_text(text, encoding="utf-8")


@pytest.fixture
def app():
    from vrasmr.session.assets import load_scene

    for scene_id in ("calm-a", "calm-b"):
        _scene_copy(scene_id)
    engine = open_loopback()
    cards = [SceneCard(i, i.title()) for i in ("calm-a", "calm-x", "calm-b", "calm-y")]
    app = App(load_scene("calm-a", seed=1), engine, None, menu=Menu(cards))
    app.scene_load_kwargs = {"seed": 1}
    yield app
    app.close("test")


class Driver:
    """Frames on a virtual clock with a synthetic gaze ray; audio mixed in step."""

    def __init__(self, app: App):
        self.app, self.clock, self.done = app, VirtualClock(FPS), 0
        self.gaze_at = None  # world point, or None: looking straight ahead
        self.audio, self.states = [], []

    def frame(self, buttons=frozenset()):
        t = self.clock.tick()
        target = self.gaze_at if self.gaze_at is not None else np.array((0.0, 0.0, -1.0))
        pointers = (Pointer("gaze", np.zeros(3), target),)
        state = self.app.step(Frame(t, Pose.make(), (), pointers, frozenset(buttons)))
        end = round(self.clock.index * SR / FPS)
        self.audio.append(self.app.render_sound(end - self.done))
        self.done = end
        self.states.append(state)
        return state

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds * FPS)):
            self.frame()


def rms_windows(audio: np.ndarray) -> np.ndarray:
    n = len(audio) // WINDOW
    x = audio[: n * WINDOW].astype(np.float64).reshape(n, WINDOW, 2)
    return np.sqrt((x * x).mean(axis=(1, 2)))


def test_dwelling_on_card_3_crossfades_to_it_without_a_gap(app):
    d = Driver(app)
    d.run(2.0)  # the first scene is up
    d.frame({"menu"})
    x0, y0, x1, y1 = app.menu.item("card:calm-b").rect
    d.gaze_at = app.menu.place.point3((x0 + x1) / 2, (y0 + y1) / 2)
    start = len(d.states)
    d.run(1.1)
    assert app.switch.loader is None  # nothing chosen before the dwell completes
    d.run(0.2)
    assert app.switch.loader is not None  # 1.2 s of dwell chose card 3
    app.wait_for_switch()  # loading happened off the frame path; make the test deterministic
    d.gaze_at = None
    d.run(CROSSFADE_S + 1.0)
    assert app.scene.scene.id == "calm-b" and not app.problems

    fades = [s.crossfade for s in d.states[start:]]
    assert min(fades) < 0.1 and fades[-1] == 1.0
    picture = [s.look.fade for s in d.states[start:] if s.crossfade < 1.0]
    assert min(picture) >= DIP_FLOOR - 1e-6 and min(picture) < 0.5  # a dip, never black
    assert app.engine.retiring_banks == 0  # the old scene's voices were released

    rms = rms_windows(np.concatenate(d.audio))
    before = np.median(rms[20:40])  # 1..2 s: the first scene, settled
    switch = rms[int((start / FPS) * 20) :]
    assert before > 1e-4
    assert switch.min() > 0.3 * before, f"level fell to {switch.min() / before:.2f} of before"


def test_looking_away_at_1_0_s_chooses_nothing(app):
    d = Driver(app)
    d.frame({"menu"})
    x0, y0, x1, y1 = app.menu.item("card:calm-b").rect
    d.gaze_at = app.menu.place.point3((x0 + x1) / 2, (y0 + y1) / 2)
    d.run(1.0)
    d.gaze_at = None
    d.run(2.0)
    assert app.switch.loader is None and app.scene.scene.id == "calm-a"
    assert all(s.crossfade == 1.0 for s in d.states) and d.states[-1].menu_visible
