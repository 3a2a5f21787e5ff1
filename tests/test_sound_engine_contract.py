"""The engine's interface: both engines offer all of it, and the mailbox's posting rules
(the frame thread's side) hold without any OpenAL."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from vrasmr.sound.engine import SilentEngine, SoundEngine
from vrasmr.sound.engine.mailbox import Mailbox
from vrasmr.xmath import Pose


def _interface() -> dict[str, inspect.Signature | None]:
    members = {n: None for n in SoundEngine.__annotations__}
    for name, member in vars(SoundEngine).items():
        if name.startswith("_"):
            continue
        members[name] = inspect.signature(member) if inspect.isfunction(member) else None
    return members


def _parameters(fn) -> list[tuple[str, object]]:
    return [(p.name, p.default) for p in inspect.signature(fn).parameters.values()]


def test_both_engines_offer_the_whole_interface_with_its_signatures(engine):
    interface = _interface()
    assert {"prepare", "advance", "update", "render", "status", "retiring_banks"} <= set(interface)
    for impl in (engine, SilentEngine()):
        for name, signature in interface.items():
            assert hasattr(impl, name), f"{type(impl).__name__} has no {name}"
            if signature is not None:
                want = [(n, d) for n, d in _parameters(getattr(SoundEngine, name)) if n != "self"]
                assert _parameters(getattr(impl, name)) == want, (type(impl).__name__, name)


def _box() -> tuple[Mailbox, list[Exception]]:
    errors: list[Exception] = []
    return Mailbox(on_error=errors.append), errors


def test_overtaken_value_posts_hand_their_time_on():
    box, _ = _box()
    box.post_values(np.zeros((1, 3)), np.ones(1), 0.01)
    box.post_values(np.ones((1, 3)), np.zeros(1), 0.02)
    (kind, positions, gains, dt), head = box.take()
    assert kind == "values" and head is None
    assert positions.tolist() == [[1.0, 1.0, 1.0]] and gains.tolist() == [0.0]
    assert dt == pytest.approx(0.03)
    assert box.take() == (None, None)


def test_spans_merge_only_for_the_same_source():
    box, _ = _box()
    first, second = object(), object()
    box.source = first
    box.post_span(0.0, 0.1, "a", 0.1)
    box.post_span(0.1, 0.2, "b", 0.1)
    assert box.take()[0] == ("span", first, 0.0, 0.2, "b", 0.2)  # one span from the first start
    box.post_span(0.2, 0.3, "c", 0.1)
    box.source = second  # prepare() installed other voices
    box.post_span(0.0, 0.05, "d", 0.05)
    kind, source, t0, t1, arg, dt = box.take()[0]
    assert (kind, source, t0, t1, arg) == ("span", second, 0.0, 0.05, "d")  # not merged
    assert dt == pytest.approx(0.15)  # but the overtaken post's time is kept
    box.post_span(0.05, 0.1)
    box.drop_voices()
    assert box.take() == (None, None)


def test_listener_posts_are_unit_and_bad_ones_never_raise():
    box, errors = _box()
    box.post_listener(Pose.make(position=(1.0, 2.0, 3.0), orientation=(0.0, 0.0, 0.0, 2.0)))
    assert box.take()[1] == (1.0, 2.0, 3.0, 0.0, 0.0, 0.0, 1.0)
    box.post_listener(Pose.make(orientation=(0.0, 0.0, 0.0, 0.0)))  # no rotation: ignored
    box.post_listener(Pose.make(position=(np.nan, 0.0, 0.0)))  # a broken position: origin
    assert box.take()[1] == (0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 1.0)
    box.post_listener(None)
    box.post_values(np.zeros((1, 3)), object(), 0.01)
    assert len(errors) == 2 and box.take() == (None, None)


def test_posts_wake_the_sound_thread_only_when_one_listens():
    box, _ = _box()
    box.post_span(0.0, 0.1)
    assert not box.wake.is_set()
    box.wakes = True
    box.post_values(np.zeros((1, 3)), np.ones(1))
    assert box.wake.is_set()
