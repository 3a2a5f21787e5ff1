"""The App: one frame step shared by the headset, the desktop window and headless renders.

A backend makes a :class:`~vrasmr.frame.Frame` (time, head pose, views, pointers) and calls
:meth:`App.step`; it then calls :meth:`App.draw` once per view. The step only moves things:
the scene's sounds and GL objects were made when the scene was loaded
(:mod:`vrasmr.scene_assets`), and a scene switch loads the next one on a worker thread and
crossfades to it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

import numpy as np

from vrasmr.frame import Frame, View
from vrasmr.render.renderer import Look
from vrasmr.scene_assets import LoadedScene, load_scene
from vrasmr.xmath import Pose

log = logging.getLogger(__name__)

CROSSFADE_S = 4.0


@dataclass
class Settings:
    """What the person chose for tonight (menu or command line)."""

    volume: float = 0.8  # master volume 0..1 (below the engine's hard ceiling)
    brightness_scale: float = 1.0  # multiplies the scene's own brightness
    warmth: float = 0.6
    switched_off: frozenset[str] = frozenset()  # trigger kinds the person turned off


@dataclass
class FrameState:
    """What one step decided; the renderer and the tests read it."""

    time_s: float
    head: Pose
    breath: float
    look: Look
    master_gain: float
    positions: np.ndarray
    gains: np.ndarray
    events: list[int] = field(default_factory=list)
    crossfade: float = 1.0  # 0..1 progress of a scene switch (1 = none running)


class App:
    """Backend-agnostic session: scene runtime, sleep timer, sound engine and renderer."""

    def __init__(
        self,
        scene: LoadedScene,
        engine,
        renderer=None,
        *,
        settings: Settings | None = None,
        sleep_timer=None,
        journal=None,
    ):
        self.settings = settings or Settings()
        self.journal = journal
        self.session_id: int | None = None
        self.ended = False
        self.engine = engine
        self.renderer = renderer
        self.scene = scene
        self.sleep_timer = sleep_timer
        self._previous: LoadedScene | None = None
        self._switch_started: float | None = None
        self._pending: LoadedScene | None = None
        self._pending_error: Exception | None = None
        self._loader: threading.Thread | None = None
        self._last_t: float | None = None
        self._scene_t0 = 0.0  # session time at which the current scene started
        self.last_head = Pose.make()
        self.problems: list[str] = []
        self._install_scene(scene)
        self._install_timer_schedule()
        if journal is not None:
            timer = scene.scene.sleep_timer
            self.session_id = journal.start_session(scene.scene.id, str(timer), scene.trigger_kinds)

    def _install_scene(self, scene: LoadedScene) -> None:
        self.engine.prepare(scene.voices)
        try:
            self.engine.set_reverb(scene.scene.reverb)
        except Exception as exc:
            self._note_problem(f"reverb {scene.scene.reverb!r} unavailable: {exc}")
        if self.renderer is not None:
            self.renderer.set_layers(scene.layer_specs)

    def _install_timer_schedule(self) -> None:
        """The sleep fade runs on the engine's own thread, so it finishes with no frames."""
        timer = self.sleep_timer
        if timer is None:
            self.engine.set_master_schedule(None)
            return
        if self.engine.status.backend == "openal":  # playback: the thread passes monotonic time
            import time

            origin = time.monotonic() - (self._last_t or 0.0)
            self.engine.set_master_schedule(lambda now: timer.gain_at(now - origin))
        else:  # loopback and silent: the time passed is the session time already
            self.engine.set_master_schedule(timer.gain_at)

    # ---- frame step -----------------------------------------------------------------
    def step(self, frame: Frame) -> FrameState:
        """Advance everything to ``frame.time_s``; cheap, allocation-light, never raises on faults."""
        t = frame.time_s
        t0 = self._last_t if self._last_t is not None else t
        dt = max(t - t0, 0.0)
        self._last_t = t
        self._adopt_pending(t)
        scene = self.scene
        st = t - self._scene_t0  # scene time
        st0 = max(t0 - self._scene_t0, 0.0)
        off = self.settings.switched_off
        positions, gains = scene.runtime.emitters_at(st)
        gains = gains * scene.enabled_mask(off)
        events = [i for i, _ in scene.runtime.events_between(st0, st) if scene.enabled(i, off)]
        crossfade = 1.0
        if self._switch_started is not None:
            crossfade = min(1.0, (t - self._switch_started) / CROSSFADE_S)
            if crossfade >= 1.0:
                self._switch_started = None
        gains = gains * _equal_power_in(crossfade)

        timer = self.sleep_timer
        timer_gain = timer.gain_at(t) if timer is not None else 1.0
        timer_light = timer.brightness_at(t) if timer is not None else 1.0
        # The engine applies the timer's fade itself (on its thread); this is the volume.
        master = self.settings.volume
        if timer is not None and not self.ended and timer.state_at(t) == "ended":
            self._end_by_timer()
        head = frame.head if frame.visible else self.last_head
        if frame.visible:
            self.last_head = frame.head
        self._apply_sound(head, positions, gains, events, master, dt)

        brightness = scene.scene.brightness * self.settings.brightness_scale * timer_light
        fade_in = scene.fade_in(st)
        look = Look(brightness=min(brightness, 1.0), warmth=self.settings.warmth, fade=fade_in)
        return FrameState(
            time_s=t,
            head=head,
            breath=scene.runtime.breath_phase(st),
            look=look,
            master_gain=master * timer_gain,
            positions=positions,
            gains=gains,
            events=events,
            crossfade=crossfade,
        )

    def _apply_sound(self, head, positions, gains, events, master, dt) -> None:
        engine = self.engine
        try:
            for i in events:
                engine.trigger(i)
            engine.set_master(master)
            engine.set_listener(head)
            engine.update(positions, gains, dt)
        except Exception as exc:  # a sound fault must not stop the picture or the session
            self._note_problem(f"sound: {exc}")

    def _end_by_timer(self) -> None:
        self.ended = True
        try:
            self.engine.pause()
        except Exception as exc:
            self._note_problem(f"sound: could not pause the device ({exc})")
        self._journal_end("timer")

    def _journal_end(self, reason: str) -> None:
        if self.journal is not None and self.session_id is not None:
            self.journal.end_session(self.session_id, reason)
            self.session_id = None

    def _note_problem(self, message: str) -> None:
        if message not in self.problems:
            self.problems.append(message)
            log.warning(message)

    # ---- drawing --------------------------------------------------------------------
    def draw(
        self,
        state: FrameState,
        view: View,
        target,
        size,
        *,
        viewport=None,
        encode_srgb: bool = True,
    ) -> None:
        """Draw one view of the current scene into ``target``."""
        if self.renderer is None:
            return
        self.renderer.draw(
            view,
            size,
            target,
            time_s=state.time_s,
            state=state,
            look=state.look,
            viewport=viewport,
            encode_srgb=encode_srgb,
        )

    # ---- scene switching ------------------------------------------------------------
    def switch_scene(self, scene_id: str, **load_kwargs) -> None:
        """Load ``scene_id`` on a worker thread; the switch happens when it is ready."""
        if self._loader is not None and self._loader.is_alive():
            return

        def work():
            try:
                self._pending = load_scene(scene_id, **load_kwargs)
            except Exception as exc:
                self._pending_error = exc

        self._loader = threading.Thread(target=work, name="vrasmr-scene-load", daemon=True)
        self._loader.start()

    def wait_for_switch(self, timeout: float = 30.0) -> None:
        if self._loader is not None:
            self._loader.join(timeout)

    def _adopt_pending(self, t: float) -> None:
        if self._pending_error is not None:
            self._note_problem(
                f"scene switch failed, keeping the current scene: {self._pending_error}"
            )
            self._pending_error = None
        if self._pending is None:
            return
        new, self._pending = self._pending, None
        self._previous = self.scene
        self.scene = new
        self._install_scene(new)
        self._switch_started = t
        self._scene_t0 = t

    def audio_hold(self) -> None:
        """Frames have stopped (headset off): sound and the sleep fade go on by themselves."""

    def close(self, reason: str = "user") -> None:
        self._journal_end(reason)
        self.engine.close()
        if self.renderer is not None:
            self.renderer.release()


def _equal_power_in(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return float(np.sin(x * np.pi / 2.0))
