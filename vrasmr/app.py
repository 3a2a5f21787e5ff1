"""The App: one frame step shared by the headset, the desktop window and headless renders.

A backend makes a :class:`~vrasmr.frame.Frame` (time, head pose, views, pointers) and calls
:meth:`App.step`; it then calls :meth:`App.draw` once per view. The step only moves things:
the scene's sounds and GL objects were made when the scene was loaded
(:mod:`vrasmr.session.assets`), and a scene switch loads the next one on a worker thread and
crossfades to it.

The App owns the in-world :class:`~vrasmr.ui.menu.Menu` through
:class:`~vrasmr.ui.menu_control.MenuControl` (its values, commands and drawing) and its scene
switches through :class:`~vrasmr.session.switch.SceneSwitch` (load on the worker, crossfade
the sound, dip the picture).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vrasmr.frame import Frame, FrameState, View
from vrasmr.render.contract import Look, SceneRenderer
from vrasmr.session.assets import LoadedScene
from vrasmr.session.switch import SceneSwitch, dip, equal_power_in
from vrasmr.sleep.wake import DAWN_BRIGHTNESS, DAWN_WARMTH
from vrasmr.ui.menu_control import MenuControl, default_menu
from vrasmr.xmath import Pose

if TYPE_CHECKING:
    import numpy as np

    from vrasmr.sound.engine import EngineStatus, SoundEngine

log = logging.getLogger(__name__)

BRIGHTNESS_SLEW_PER_S = 0.5  # menu brightness changes ramp at this rate
NO_SOUND = "no sound"  # how open_engine("auto") words its fall-back to silence


@dataclass
class Tonight:
    """What the person chose for tonight (menu or command line)."""

    volume: float = 0.8  # master volume 0..1 (below the engine's hard ceiling)
    brightness_scale: float = 1.0  # multiplies the scene's own brightness
    warmth: float = 0.6
    switched_off: frozenset[str] = frozenset()  # trigger kinds the person turned off
    kind_volumes: tuple[float, float, float] = (1.0, 1.0, 1.0)  # beds, triggers, voice


class App:
    """Backend-agnostic session: scene runtime, sleep timer, sound engine and renderer."""

    def __init__(
        self,
        scene: LoadedScene,
        engine: SoundEngine,
        renderer: SceneRenderer | None = None,
        *,
        settings: Tonight | None = None,
        sleep_timer=None,
        journal=None,
        menu=None,
        night=None,
    ):
        from vrasmr.sleep.night import Night

        self.settings = settings or Tonight()
        self.night = night if night is not None else Night(volumes=self.settings.kind_volumes)
        self.saver = None  # a SettingsSaver: the menu's choices are kept (real sessions)
        self.journal = journal
        self.owns_journal = False  # True when the App opened it (see vrasmr.session.factory)
        self.session_id: int | None = None
        self.ended = False
        self.engine = engine
        self.renderer = renderer
        self.scene = scene
        self.sleep_timer = sleep_timer
        self.last_t: float | None = None  # the last frame's time
        self.scene_t0 = 0.0  # session time at which the current scene started
        self.last_head = Pose.make()
        self.problems: list[str] = []
        self.menu = menu if menu is not None else default_menu()
        self._look = Look()  # the last frame's; a new one is made only when it changes
        self.scene_load_kwargs: dict = {}  # passed to load_scene for switches the menu asks
        self.bed_mode: bool | None = None
        self.brightness_goal = self.settings.brightness_scale  # the menu's; ramped to
        self._first_t: float | None = None  # the session's first frame time
        self.scene_since: float | None = None  # when the current scene came on
        self.switch = SceneSwitch(self)
        self.menu_control = MenuControl(self)
        if renderer is not None:  # a session remembers what it showed: the guard's rise limit
            renderer.limit_light_rise()
        if journal is not None:  # the timer actually running, not the scene's default
            running = sleep_timer.plan.timer_minutes if sleep_timer is not None else None
            timer = "off" if running is None else running
            self.session_id = journal.start_session(scene.scene.id, str(timer), scene.trigger_kinds)
        from vrasmr.program.session import ProgramSession

        self.programs = ProgramSession(journal, self.session_id)  # the scenes' voice programs
        self.programs.plan(scene, 0.0, sleep_timer, self.settings.switched_off)
        self.install_scene(scene)
        self._install_timer_schedule()

    def install_scene(self, scene: LoadedScene, crossfade_s: float = 0.0) -> None:
        mix = self.night.mix_for(scene)  # the scene's sounds with the night's volumes and quiet
        self.engine.prepare(mix.voices, crossfade_s=crossfade_s, source=mix.sound_at)
        try:
            self.engine.set_reverb(scene.scene.reverb)
        except Exception as exc:
            self.note_problem(f"reverb {scene.scene.reverb!r} unavailable: {exc}")
        if self.renderer is not None:
            if crossfade_s > 0:
                # built a layer a frame from now, swapped in at the bottom of the dip
                self.renderer.begin_layers(scene.layers)
                self.switch.layers_pending = True
            else:
                self.renderer.set_layers(scene.layers)

    def _install_timer_schedule(self) -> None:
        """The sleep fade runs on the engine's own thread, so it finishes with no frames;
        the voice program stops inside it."""
        timer = self.sleep_timer
        program = getattr(self.scene, "program", None)
        if program is not None:
            from vrasmr.program.session import window_for

            program.set_window(window_for(timer, self.scene_t0))
        if timer is None:
            self.engine.set_master_schedule(None)
            return
        gain_at = timer.gain_at
        wake = self.night.wake
        if wake is not None:  # during the wake the timer's share moves onto the scene's voices

            def gain_at(t: float) -> float:
                return 1.0 if wake.active(t) else timer.gain_at(t)

        if self.engine.status.backend == "openal":  # playback: the thread passes monotonic time
            import time

            origin = time.monotonic() - (self.last_t or 0.0)
            self.engine.set_master_schedule(lambda now: gain_at(now - origin))
        else:  # loopback and silent: the time passed is the session time already
            self.engine.set_master_schedule(gain_at)

    # ---- frame step -----------------------------------------------------------------
    def step(self, frame: Frame) -> FrameState:
        """Advance everything to ``frame.time_s``; cheap, allocation-light, never raises on faults."""
        t = frame.time_s
        t0 = self.last_t if self.last_t is not None else t
        dt = max(t - t0, 0.0)
        self.last_t = t
        if self._first_t is None:
            self._first_t = self.scene_since = t
        head = frame.head if frame.visible else self.last_head
        recenter = self.menu_control.step(frame, head, t)
        self._step_night(frame, t)
        if self.brightness_goal != self.settings.brightness_scale:
            self._ramp_brightness(dt)
        crossfade = self.switch.step(t)  # (a scene switch adopted here moves scene_t0)
        scene = self.scene
        st = t - self.scene_t0  # scene time
        st0 = max(t0 - self.scene_t0, 0.0)

        timer = self.sleep_timer
        timer_gain = timer.gain_at(t) if timer is not None else 1.0
        timer_light = timer.brightness_at(t) if timer is not None else 1.0
        # The engine applies the timer's fade itself (on its thread); this is the volume.
        master = self.settings.volume
        if timer is not None and not self.ended and timer.state_at(t) == "ended":
            self._end_by_timer()
        if frame.visible:
            self.last_head = frame.head
        # The scene's voices rise under the switch's dip; the sound thread evaluates them.
        voice_scale = equal_power_in(crossfade) if crossfade < 1.0 else 1.0
        night = self.night
        wake = night.wake
        waking = wake is not None and wake.active(t)
        # With a wake to come, the timer's share moves onto the scene's voices once it has
        # ended (so they are at 0 before the master comes back up for the wake sound).
        bed = timer_gain if waking or (wake is not None and self.ended) else 1.0
        mix = night.mix_state(t, self.scene_t0, bed)
        self._apply_sound(head, st0, st, (self.settings.switched_off, voice_scale, mix), master, dt)

        own = scene.scene.brightness
        if crossfade < 1.0:  # glide between the two scenes' levels under the dip
            own = self.switch.look_from + (own - self.switch.look_from) * crossfade
        brightness = own * self.settings.brightness_scale * timer_light * night.picture(t)
        warmth = self.settings.warmth
        if waking:  # dawn: up from black, warmer
            dawn = wake.light(t)
            brightness = max(brightness, dawn * DAWN_BRIGHTNESS)
            warmth += (DAWN_WARMTH - warmth) * dawn
        fade = scene.fade_in(st) * dip(crossfade)
        brightness = min(brightness, 1.0)
        # The light guard judges the scene's own light; the rest is the person's and the night's.
        person = brightness / own if own > 0.0 else 1.0
        look = self._look
        wanted = (brightness, warmth, fade, person)
        if (look.brightness, look.warmth, look.fade, look.person) != wanted:
            # a new Look only when it changes (most frames it does not)
            look = self._look = Look(brightness, warmth, fade, person)
        return FrameState(
            time_s=t,
            head=head,
            breath=scene.runtime.breath_phase(st),
            look=look,
            master_gain=master * timer_gain,
            crossfade=crossfade,
            menu_visible=self.menu.visible,
            recenter_requested=recenter,
            bed_mode=self.bed_mode,
            render_idle=night.render_idle(t) and not self.menu.visible,
        )

    def record_skip(self, kind: str) -> None:
        """The person skipped ``kind`` tonight (a scene left early, a sound switched off, a
        script skipped: the voice program calls this): a mild "not this" for "For you"."""
        if self.journal is not None and self.session_id is not None:
            self.journal.record_skip(self.session_id, kind)

    # ---- the night: sleep onset and what follows -------------------------------------
    def _step_night(self, frame: Frame, t: float) -> None:
        """Feed the night watch; when sleep is likely, turn quiet (once)."""
        night = self.night
        night.observe(frame, t)
        night.pace(self.scene, t - self.scene_t0)
        if night.sleep_is_likely():
            self._fall_quiet(t)
        if self.menu.visible:
            night.lift(t)

    def _fall_quiet(self, t: float) -> None:
        """Voices and triggers end with their phrase, the picture goes dark, the bed's fade
        lengthens, and the onset goes into the journal beside the self-report."""
        from vrasmr.sleep.night import ONSET_FADE_MIN

        night = self.night
        night.begin_quiet(t, self.scene)
        timer = self.sleep_timer
        if timer is not None:
            lengthened = timer.lengthened(t, ONSET_FADE_MIN)
            if lengthened is not timer:
                self.sleep_timer = lengthened
                self._install_timer_schedule()
        reading = night.watch.reading
        log.info("sleep is likely (onset at %.0f s); going quiet", reading.onset_s)
        if self.journal is not None and self.session_id is not None:
            minutes = max(reading.onset_s - (self._first_t or 0.0), 0.0) / 60.0
            try:
                self.journal.record_onset(
                    self.session_id, minutes, night.watch.mode, reading.breathing_bpm
                )
            except ValueError as exc:
                self.note_problem(f"journal: {exc}")

    def set_timer(self, choice, t: float) -> None:
        """The menu chose a sleep timer: it restarts from ``t``."""
        from vrasmr.sleep.timer import SleepPlan, SleepTimer

        plan = SleepPlan(timer_minutes=choice)
        old = self.sleep_timer
        self.sleep_timer = old.restart(t, plan) if old is not None else SleepTimer(plan, t)
        self._install_timer_schedule()

    def _ramp_brightness(self, dt: float) -> None:
        s = self.settings
        step = BRIGHTNESS_SLEW_PER_S * dt
        s.brightness_scale += max(-step, min(step, self.brightness_goal - s.brightness_scale))

    def _apply_sound(self, head, st0: float, st: float, voices, master: float, dt: float) -> None:
        """Post the frame to the engine: the volume, the head, and the span of scene time,
        which the sound thread turns into voice positions, gains and triggers
        (:meth:`LoadedScene.sound_at`)."""
        engine = self.engine
        try:
            engine.set_master(master)
            engine.set_listener(head)
            engine.advance(st0, st, voices, dt)
        except Exception as exc:  # a sound fault must not stop the picture or the session
            self.note_problem(f"sound: {exc}")

    def _end_by_timer(self) -> None:
        self.ended = True
        if self.night.wake is None:  # (a wake to come keeps the device running, silent)
            try:
                self.engine.pause()
            except Exception as exc:
                self.note_problem(f"sound: could not pause the device ({exc})")
        session = self.session_id
        self._journal_end("timer")
        watch = self.night.watch
        if session is not None and watch is not None and not watch.asleep:
            # ended awake: "how do you feel now?"
            self.menu.values = replace(self.menu.values, ask_after=session)
            self.menu.show(self.last_head, self.last_t or 0.0)

    def _journal_end(self, reason: str) -> None:
        if self.journal is not None and self.session_id is not None:
            self.journal.end_session(self.session_id, reason)
            self.session_id = None

    def notices(self) -> list[str]:
        """What to tell the person about this session's sound and set-up, the same for every
        backend (:func:`vrasmr.backends.notices.say_notices` prints them): the engine's
        problems, a fall-back to silence said plainly once, then the App's own problems."""
        status = self.engine.status
        fell_silent = status.backend == "silent" and any(
            p.startswith(NO_SOUND) for p in status.problems
        )
        lines = [p for p in status.problems if not (fell_silent and p.startswith(NO_SOUND))]
        if fell_silent:  # one clear line; the picture runs on without sound
            lines.append(f"no audio device, playing silently ({status.device})")
        return lines + [p for p in self.problems if p not in lines]

    def note_problem(self, message: str) -> None:
        """Say ``message`` once (log and :meth:`notices`); the session goes on."""
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
        renderer = self.renderer
        if renderer is None:
            return
        renderer.draw(state, view, target, size, viewport=viewport, encode_srgb=encode_srgb)
        self.menu_control.draw()

    def finish_menu_paint(self) -> None:
        """Wait for a menu repaint in progress and show it (tests and benchmarks)."""
        self.menu_control.finish_paint()

    # ---- scene switching ------------------------------------------------------------
    def switch_scene(self, scene_id: str, **load_kwargs) -> None:
        """Load ``scene_id`` on the loading worker; the switch happens when it is ready."""
        self.switch.request(scene_id, **load_kwargs)

    def wait_for_switch(self, timeout: float = 30.0) -> None:
        self.switch.wait(timeout)

    def make_thumbnails(self):
        """Render the menu cards' missing thumbnails on the loading worker (see
        :meth:`SceneSwitch.make_thumbnails`); the future of the first job, or None."""
        return self.switch.make_thumbnails()

    # ---- sound, for the backends -----------------------------------------------------
    @property
    def sound_status(self) -> EngineStatus:
        """What the sound engine says about itself (backend, device, HRTF, problems)."""
        return self.engine.status

    @property
    def sample_rate(self) -> int:
        return self.engine.sample_rate

    def render_sound(self, frames: int, block: int = 256) -> np.ndarray:
        """The next ``frames`` of the mix as float32 stereo ``(frames, 2)``; only where
        ``sound_status.loopback`` (or silent: zeros). Playback devices mix by themselves."""
        return self.engine.render(frames, block)

    def silence(self) -> None:
        """Turn the volume to zero: the master slews there (a fade, never a cut)."""
        self.settings = replace(self.settings, volume=0.0)
        self.engine.set_master(0.0)

    def audio_hold(self) -> None:
        """Frames have stopped (headset off): sound and the sleep fade go on by themselves."""

    def close(self, reason: str = "user") -> None:
        """End the session: the journal gets ``reason`` (timer, user, headset_removed, error,
        interrupted; a backend's own word is mapped, never refused), then sound and GL go."""
        from vrasmr.sleep.journal import end_reason

        reason = end_reason(reason)
        self.programs.close(self.scene)  # what the voice played is written first
        self._journal_end(reason)
        if self.journal is not None and self.owns_journal:
            self.journal.close()
        if self.saver is not None:
            self.saver.close()
        self.night.close()
        self.switch.close()
        self.engine.close()
        self.menu_control.release()
        if self.renderer is not None:
            self.renderer.release()
