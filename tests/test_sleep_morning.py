"""The morning question in the menu: a real journal file, a real App on the loopback engine,
the gaze dwelling on chips in virtual time."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pytest

from tests.app_fixtures import write_user_scene
from tests.sound_fixtures import open_loopback
from vrasmr.app import App
from vrasmr.clock import VirtualClock
from vrasmr.frame import Frame, Pointer
from vrasmr.session.factory import session_menu
from vrasmr.sleep.journal import Journal
from vrasmr.ui.layout import SceneCard
from vrasmr.xmath import Pose

TZ = datetime.now().astimezone().tzinfo
MORNING = datetime(2026, 3, 3, 7, 30, tzinfo=TZ)
CARDS = [SceneCard("morning-scene", "Morning scene", ("nature",), triggers=("rain",))]


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=TZ)


def last_night(journal: Journal, minutes: int = 50) -> int:
    """A session from 23:10 the evening before MORNING, ended by its timer."""
    sid = journal.start_session("rain", "45", ["rain"], started_at=at(2, 23, 10))
    end = at(2, 23, 10 + minutes) if minutes < 50 else at(3, 0, minutes - 50)
    journal.end_session(sid, "timer", ended_at=end)
    return sid


def night_ids(menu) -> set[str]:
    return {i.id for i in menu.items if i.id.startswith(("night:", "asleep:"))}


class Gaze:
    """Frames on a virtual clock with the gaze on a menu item (or straight ahead)."""

    def __init__(self, app: App):
        self.app, self.clock = app, VirtualClock(30.0)

    def frame(self, target=None, buttons=frozenset()):
        direction = target if target is not None else np.array((0.0, 0.0, -1.0))
        pointer = Pointer("gaze", np.zeros(3), direction)
        return self.app.step(Frame(self.clock.tick(), Pose.make(), (), (pointer,), buttons))

    def dwell(self, item_id: str) -> None:
        """Rest the gaze on ``item_id`` until its ring fills, then look away."""
        x0, y0, x1, y1 = self.app.menu.item(item_id).rect
        target = self.app.menu.place.point3((x0 + x1) / 2, (y0 + y1) / 2)
        for _ in range(40):  # 1.33 s
            self.frame(target)
        for _ in range(5):
            self.frame()


@pytest.fixture
def morning_app(tmp_path):
    """A real session the morning after a night: (app, journal path, last night's id)."""
    from vrasmr.session.assets import load_scene

    path = tmp_path / "journal.sqlite3"
    with Journal.open(path) as journal:
        night = last_night(journal)
    write_user_scene("morning-scene")
    journal = Journal.open(path)
    menu = session_menu(journal, now=MORNING, cards=CARDS)
    app = App(
        load_scene("morning-scene", seed=1),
        open_loopback(),
        None,
        journal=journal,
        menu=menu,
    )
    app.owns_journal = True
    gaze = Gaze(app)
    gaze.frame(buttons=frozenset({"menu"}))
    yield app, gaze, path, night
    app.close("user")


def test_the_menu_asks_about_last_night_and_chip_4_writes_rating_4(morning_app):
    app, gaze, path, night = morning_app
    assert night_ids(app.menu) == {
        *(f"night:{k}" for k in range(1, 6)),
        *(f"asleep:{k}" for k in range(4)),
        "night:done",
    }
    assert not any(i.id.startswith("mood:") for i in app.menu.items)  # the night first
    gaze.dwell("night:4")
    gaze.dwell("asleep:1")
    with Journal.open(path) as reader:
        row = reader.session(night)
    assert (row.sleep_rating, row.minutes_to_sleep) == (4, 20.0)
    assert app.menu.item("night:4").selected and app.menu.item("asleep:1").selected
    assert app.session_id != night  # tonight's own session is untouched


def test_an_answer_can_be_changed_and_done_closes_the_question(morning_app):
    app, gaze, path, night = morning_app
    gaze.dwell("night:4")
    gaze.dwell("night:2")  # a second look changes the answer; nothing else happens
    assert app.menu.item("night:done").label == "Done"
    with Journal.open(path) as reader:
        assert reader.session(night).sleep_rating == 2
    gaze.dwell("night:done")
    assert night_ids(app.menu) == set()
    assert app.menu.item("mood:3") is not None  # the usual check-in is back
    assert not app.problems


def test_skipping_needs_a_second_look_and_is_remembered(morning_app):
    app, gaze, path, night = morning_app
    gaze.dwell("night:done")
    assert app.menu.item("night:done").label == "Again to confirm"
    with Journal.open(path) as reader:
        assert reader.pending_sleep_question(MORNING).id == night  # one glance changed nothing
    gaze.dwell("night:done")
    assert night_ids(app.menu) == set()
    with Journal.open(path) as reader:
        assert reader.pending_sleep_question(MORNING) is None
        assert reader.session(night).sleep_rating is None


def test_the_next_launch_does_not_ask_again(morning_app):
    app, gaze, path, night = morning_app
    gaze.dwell("night:5")
    with Journal.open(path) as journal:
        later = MORNING.replace(minute=45)
        assert night_ids(session_menu(journal, now=later, cards=CARDS)) == set()


def test_a_short_or_daytime_session_is_not_asked_about(tmp_path):
    with Journal.open(tmp_path / "journal.sqlite3") as journal:
        last_night(journal, minutes=4)  # a few minutes of trying it out
        nap = journal.start_session("rain", "30", ["rain"], started_at=at(3, 1, 0))
        journal.end_session(nap, "user", ended_at=at(3, 1, 5))
        assert night_ids(session_menu(journal, now=MORNING, cards=CARDS)) == set()
        crashed = journal.start_session("rain", "45", ["rain"], started_at=at(3, 0, 30))
        journal.end_session(crashed, "interrupted")  # length unknown: still asked about
        menu = session_menu(journal, now=MORNING, cards=CARDS)
        assert menu.values.last_night.session_id == crashed
