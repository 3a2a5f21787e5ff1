"""A voice program in the App (loopback engine, a real journal file, virtual frame time):
the menu's voice row shows what it says, "next" and "voice off" by gaze fade the words out
and are noted in the journal, the scripts heard are written down, and a restart within two
hours goes on with the same night."""

from __future__ import annotations

import numpy as np
import pytest

from tests.program_fixtures import install_scene
from tests.sound_fixtures import open_loopback
from vrasmr.app import App
from vrasmr.clock import VirtualClock
from vrasmr.frame import Frame, Pointer
from vrasmr.sleep.journal import Journal
from vrasmr.sleep.timer import SleepPlan, SleepTimer
from vrasmr.ui.layout import SceneCard
from vrasmr.ui.menu import Menu
from vrasmr.xmath import Pose

FPS = 30.0
SR = 48000


class Driver:
    """Frames on a virtual clock, the gaze where asked; the mix rendered in step."""

    def __init__(self, app: App):
        self.app, self.clock, self.done = app, VirtualClock(FPS), 0
        self.gaze: tuple[float, float] | None = None  # a panel point, or ahead
        self.audio: list[np.ndarray] = []

    def frame(self, buttons=frozenset()):
        t = self.clock.tick()
        menu = self.app.menu
        target = np.array((0.0, 0.0, -1.0))
        if self.gaze is not None and menu.place is not None:
            target = menu.place.point3(*self.gaze)
        pointers = (Pointer("gaze", np.zeros(3), target),)
        self.app.step(Frame(t, Pose.make(), (), pointers, frozenset(buttons)))
        end = round(self.clock.index * SR / FPS)
        self.audio.append(self.app.render_sound(end - self.done))
        self.done = end

    def run(self, seconds: float) -> None:
        for _ in range(round(seconds * FPS)):
            self.frame()

    def choose(self, item_id: str) -> float:
        """Open the menu and dwell on ``item_id``; returns when it fired (seconds)."""
        menu = self.app.menu
        if not menu.visible:
            self.frame({"menu"})
        x0, y0, x1, y1 = menu.item(item_id).rect
        self.gaze = ((x0 + x1) / 2, (y0 + y1) / 2)
        self.run(1.4)
        self.gaze = None
        return self.clock.index / FPS

    @property
    def mix(self) -> np.ndarray:
        return np.concatenate(self.audio)


def assert_faded_out(mix: np.ndarray, fired: float) -> None:
    """After a control at ``fired`` the words fade out: over a second, once the second of
    audio already queued in the engine has played (the player's own test measures the fade
    itself), silent by 2.2 s."""
    level = np.abs(mix).max(axis=1)
    at = int(fired * SR)
    assert level[at - SR // 2 : at].max() > 0.002  # speaking (words enter over 20 s)
    assert level[at + int(2.2 * SR) : at + int(3.0 * SR)].max() == 0.0


def make_app(journal_path, scene_id="prog"):
    from vrasmr.session.assets import load_scene

    install_scene(scene_id, timer='"off"')
    loaded = load_scene(scene_id, seed=1)
    journal = Journal.open(journal_path)
    timer = SleepTimer(SleepPlan(timer_minutes=15), start_s=0.0)
    menu = Menu([SceneCard(scene_id, "Program")])
    app = App(loaded, open_loopback(), None, sleep_timer=timer, journal=journal, menu=menu)
    app.owns_journal = True
    return app


@pytest.fixture
def journal_path(tmp_path):
    return tmp_path / "journal.sqlite3"


def driven_app(journal_path, seconds: float):
    """(app, its driver, its program) after ``seconds`` of the program scene."""
    app = make_app(journal_path)
    drive = Driver(app)
    drive.run(seconds)
    return app, drive, app.scene.program


def test_next_by_gaze_skips_the_story_and_the_journal_keeps_it(journal_path):
    app, drive, program = driven_app(journal_path, 3.0)
    story = program.status.script_id
    assert story.startswith("test-story-")
    assert app.menu.values.voice.title == program.status.title  # the voice row says it
    fired = drive.choose("voice:next")
    drive.run(8.0)
    assert program.status.script_id == "test-walk"
    voice = np.abs(drive.mix).max(axis=1)
    assert_faded_out(drive.mix, fired)
    session = app.session_id
    app.close("user")
    journal = Journal.open(journal_path)
    assert journal.session(session).skips == ("story",)
    rows = {r.script_id: r for r in journal.scripts_heard()}
    assert rows[story].skipped and not rows[story].finished
    assert "test-walk" in rows and not rows["test-walk"].skipped
    journal.close()
    assert voice.max() > 0.01


def test_voice_off_fades_the_words_and_on_goes_on(journal_path):
    app, drive, program = driven_app(journal_path, 2.0)
    fired = drive.choose("voice:on")  # the button says "Voice off" while it speaks
    drive.run(3.0)
    assert not program.status.on and app.menu.values.voice.on is False
    assert_faded_out(drive.mix, fired)
    drive.choose("voice:on")
    drive.run(3.0)
    assert program.status.on and np.abs(drive.mix[-2 * SR :]).max() > 0.01
    session = app.session_id
    app.close("user")
    journal = Journal.open(journal_path)
    assert journal.session(session).skips == ("voice",)
    journal.close()


def test_choosing_tonights_story_in_the_menu(journal_path):
    app, drive, program = driven_app(journal_path, 2.0)
    first = program.status.script_id
    choices = [i for i, _ in app.menu.values.voice.choices]
    assert first not in choices and len(choices) == 2
    drive.choose("voice:choose")  # the choose view: tonight's stories
    assert app.menu.view == "choose" and app.menu.item(f"choose:{choices[1]}") is not None
    drive.choose(f"choose:{choices[1]}")
    drive.run(6.0)
    assert program.status.script_id == choices[1] and app.menu.view == "main"
    app.close("user")


def test_a_restart_within_two_hours_goes_on_where_the_night_was(journal_path):
    app = make_app(journal_path)
    drive = Driver(app)
    drive.run(5.0)
    story = app.scene.program.status.script_id
    reached = app.programs.recorder.played[0].reached
    app.close("headset_removed")
    again = make_app(journal_path)  # minutes later: the same night
    night = again.scene.program.night
    assert night.scripts[0].script_id == story
    assert night.scripts[0].from_utterance <= reached
    assert [s.script_id for s in night.scripts[1:]] == ["test-walk"]  # still one story
    again.close("user")
