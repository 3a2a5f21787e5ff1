"""The App: one frame step shared by the headset, the desktop window and headless renders.

A backend makes a :class:`~vrasmr.frame.Frame` (time, head pose, views, pointers) and calls
:meth:`App.step`; it then calls :meth:`App.draw` once per view. The step only moves things:
the scene's sounds and GL objects were made when the scene was loaded
(:mod:`vrasmr.session.assets`), and a scene switch loads the next one on a worker thread and
crossfades to it.

The App owns the in-world :class:`~vrasmr.ui.menu.Menu`: the step feeds it the frame's
pointers and buttons and applies its commands (volume and brightness ramp); the draw puts it
over the scene. A scene switch crossfades: the engine keeps the old scene's voices as a
retiring bank fading out (cosine) while the new ones rise (sine), so the sum of powers holds
and there is no gap; the picture dips (never below :data:`DIP_FLOOR`) and the new layers are
built at the bottom of the dip. A full two-scene picture crossfade would draw both scenes
for seconds, doubling the GPU work exactly when no frame may drop; the dip costs nothing.
"""

from __future__ import annotations

import logging
import math
from concurrent.futures import Future, wait
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vrasmr.frame import Frame, View
from vrasmr.render.contract import Look, SceneRenderer
from vrasmr.session.assets import LoadedScene, load_scene
from vrasmr.session.loader import Loader
from vrasmr.sleep.wake import DAWN_BRIGHTNESS, DAWN_WARMTH
from vrasmr.xmath import Pose

if TYPE_CHECKING:
    import numpy as np

    from vrasmr.sound.engine import EngineStatus, SoundEngine

log = logging.getLogger(__name__)

CROSSFADE_S = 4.0
SKIP_WITHIN_S = 180.0  # a scene left this soon counts as skipped
DIP_FLOOR = 0.35  # the picture's lowest level during a scene switch (never black)
BRIGHTNESS_SLEW_PER_S = 0.5  # menu brightness changes ramp at this rate
NO_SOUND = "no sound"  # how open_engine("auto") words its fall-back to silence


@dataclass
class Settings:
    """What the person chose for tonight (menu or command line)."""

    volume: float = 0.8  # master volume 0..1 (below the engine's hard ceiling)
    brightness_scale: float = 1.0  # multiplies the scene's own brightness
    warmth: float = 0.6
    switched_off: frozenset[str] = frozenset()  # trigger kinds the person turned off
    kind_volumes: tuple[float, float, float] = (1.0, 1.0, 1.0)  # beds, triggers, voice


@dataclass(slots=True)
class FrameState:
    """What one step decided; the renderer (a :class:`~vrasmr.render.contract.DrawState`)
    and the tests read it. (The voices' positions, gains and triggers are the sound thread's:
    :meth:`LoadedScene.sound_at`.)"""

    time_s: float
    head: Pose
    breath: float
    look: Look
    master_gain: float
    crossfade: float = 1.0  # 0..1 progress of a scene switch (1 = none running)
    menu_visible: bool = False
    recenter_requested: bool = False  # the menu asked to recentre (this frame only)
    bed_mode: bool | None = None  # what the menu asked for; None: never asked
    render_idle: bool = False  # asleep and the picture black: a headset may skip drawing


class App:
    """Backend-agnostic session: scene runtime, sleep timer, sound engine and renderer."""

    def __init__(
        self,
        scene: LoadedScene,
        engine: SoundEngine,
        renderer: SceneRenderer | None = None,
        *,
        settings: Settings | None = None,
        sleep_timer=None,
        journal=None,
        menu=None,
        night=None,
    ):
        from vrasmr.sleep.night import Night

        self.settings = settings or Settings()
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
        self._switch_started: float | None = None
        self._pending: LoadedScene | None = None
        self._pending_error: Exception | None = None
        self._loading = Loader()  # the worker that loads scenes and renders thumbnails
        self._loader: Future | None = None  # the last switch's load
        self._pending_cards: tuple | None = None  # cards with new thumbnails for the menu
        self._thumbnails: Future | None = None  # the thumbnail job queued or running
        self._last_t: float | None = None
        self._scene_t0 = 0.0  # session time at which the current scene started
        self.last_head = Pose.make()
        self.problems: list[str] = []
        self.menu = menu if menu is not None else _default_menu()
        self._menu_shown: tuple | None = None  # the App's values last given to the menu
        self._look = Look()  # the last frame's; a new one is made only when it changes
        self.scene_load_kwargs: dict = {}  # passed to load_scene for switches the menu asks
        self.bed_mode: bool | None = None
        self._brightness_goal = self.settings.brightness_scale
        self._menu_drawer = None
        # the first-night hint shows until the menu opens once; the journal keeps that
        self._first_open_pending = getattr(self.menu, "hint", None) is not None
        self._layers_pending = False  # the next scene's layers are being built
        self._look_from = 0.0  # brightness of the scene being left (for the switch dip)
        self._first_t: float | None = None  # the session's first frame time
        self._scene_since: float | None = None  # when the current scene came on
        if renderer is not None:  # a session remembers what it showed: the guard's rise limit
            renderer.limit_light_rise()
        if journal is not None:  # the timer actually running, not the scene's default
            running = sleep_timer.plan.timer_minutes if sleep_timer is not None else None
            timer = "off" if running is None else running
            self.session_id = journal.start_session(scene.scene.id, str(timer), scene.trigger_kinds)
        from vrasmr.program.session import ProgramSession

        self.programs = ProgramSession(journal, self.session_id)  # the scenes' voice programs
        self.programs.plan(scene, 0.0, sleep_timer, self.settings.switched_off)
        self._install_scene(scene)
        self._install_timer_schedule()

    def _install_scene(self, scene: LoadedScene, crossfade_s: float = 0.0) -> None:
        mix = self.night.mix_for(scene)  # the scene's sounds with the night's volumes and quiet
        self.engine.prepare(mix.voices, crossfade_s=crossfade_s, source=mix.sound_at)
        try:
            self.engine.set_reverb(scene.scene.reverb)
        except Exception as exc:
            self._note_problem(f"reverb {scene.scene.reverb!r} unavailable: {exc}")
        if self.renderer is not None:
            if crossfade_s > 0:
                # built a layer a frame from now, swapped in at the bottom of the dip
                self.renderer.begin_layers(scene.layers)
                self._layers_pending = True
            else:
                self.renderer.set_layers(scene.layers)

    def _install_timer_schedule(self) -> None:
        """The sleep fade runs on the engine's own thread, so it finishes with no frames;
        the voice program stops inside it."""
        timer = self.sleep_timer
        program = getattr(self.scene, "program", None)
        if program is not None:
            from vrasmr.program.session import window_for

            program.set_window(window_for(timer, self._scene_t0))
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

            origin = time.monotonic() - (self._last_t or 0.0)
            self.engine.set_master_schedule(lambda now: gain_at(now - origin))
        else:  # loopback and silent: the time passed is the session time already
            self.engine.set_master_schedule(gain_at)

    # ---- frame step -----------------------------------------------------------------
    def step(self, frame: Frame) -> FrameState:
        """Advance everything to ``frame.time_s``; cheap, allocation-light, never raises on faults."""
        t = frame.time_s
        t0 = self._last_t if self._last_t is not None else t
        dt = max(t - t0, 0.0)
        self._last_t = t
        if self._first_t is None:
            self._first_t = self._scene_since = t
        head = frame.head if frame.visible else self.last_head
        recenter = self._step_menu(frame, head, t)
        self._step_night(frame, t)
        if self._brightness_goal != self.settings.brightness_scale:
            self._ramp_brightness(dt)
        if self._pending is not None or self._pending_error is not None:
            self._adopt_pending(t)
        if self._pending_cards is not None:
            cards, self._pending_cards = self._pending_cards, None
            self.menu.cards = cards  # the panel repaints on its worker
        scene = self.scene
        st = t - self._scene_t0  # scene time
        st0 = max(t0 - self._scene_t0, 0.0)
        crossfade = 1.0
        if self._switch_started is not None:
            crossfade = min(1.0, (t - self._switch_started) / CROSSFADE_S)
            if crossfade >= 1.0:
                self._switch_started = None
        if self._layers_pending:
            built = self.renderer.build_step()  # one layer per frame (no hitch)
            if built and crossfade >= 0.5:
                self._layers_pending = False
                self.renderer.swap_layers()

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
        voice_scale = _equal_power_in(crossfade) if crossfade < 1.0 else 1.0
        night = self.night
        wake = night.wake
        waking = wake is not None and wake.active(t)
        # With a wake to come, the timer's share moves onto the scene's voices once it has
        # ended (so they are at 0 before the master comes back up for the wake sound).
        bed = timer_gain if waking or (wake is not None and self.ended) else 1.0
        mix = night.mix_state(t, self._scene_t0, bed)
        self._apply_sound(head, st0, st, (self.settings.switched_off, voice_scale, mix), master, dt)

        own = scene.scene.brightness
        if crossfade < 1.0:  # glide between the two scenes' levels under the dip
            own = self._look_from + (own - self._look_from) * crossfade
        brightness = own * self.settings.brightness_scale * timer_light * night.picture(t)
        warmth = self.settings.warmth
        if waking:  # dawn: up from black, warmer
            dawn = wake.light(t)
            brightness = max(brightness, dawn * DAWN_BRIGHTNESS)
            warmth += (DAWN_WARMTH - warmth) * dawn
        fade = scene.fade_in(st) * _dip(crossfade)
        brightness = min(brightness, 1.0)
        # The light guard judges the scene's own light; the rest is the person's and the night's.
        person = brightness / own if own > 0.0 else 1.0
        look = self._look
        if (look.brightness, look.warmth, look.fade, look.person) != (
            brightness,
            warmth,
            fade,
            person,
        ):  # a new Look only when it changes (most frames it does not)
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

    # ---- menu -----------------------------------------------------------------------
    def _step_menu(self, frame: Frame, head, t: float) -> bool:
        """Feed the menu this frame's input and apply its commands; True: recentre asked."""
        menu = self.menu
        timer = self.sleep_timer
        program = getattr(self.scene, "program", None)
        shown = (
            self.scene.scene.id,
            timer.plan.timer_minutes if timer is not None else None,
            self.settings.volume,
            self._brightness_goal,
            self.bed_mode,
            self.settings.switched_off,
            program,
            program.version if program is not None else 0,
        )
        if shown != self._menu_shown:  # rebuilding the values every frame costs ~10 µs
            from vrasmr.program.session import voice_values

            self._menu_shown = shown
            scene_id, timer_minutes, volume, brightness, bed_mode, off = shown[:6]
            menu.values = replace(
                menu.values,
                scene_id=scene_id,
                timer=timer_minutes,
                volume=round(volume, 3),
                brightness=round(brightness, 3),
                bed_mode=bool(bed_mode),
                switched_off=frozenset(off),
                voice=voice_values(program),
            )
        if not frame.visible:
            return False
        recenter = False
        try:
            commands = menu.step(t, head, frame.pointers, frame.buttons)
        except Exception as exc:  # a menu fault must not stop the session
            self._note_problem(f"menu: {exc}")
            return False
        for command in commands:
            recenter |= self._apply_command(command, t)
        if self._first_open_pending and menu.visible:
            self._note_first_menu_open()
        return recenter

    def _note_first_menu_open(self) -> None:
        """The menu opened for the first time: no more first-night hint, tonight or later."""
        from vrasmr.ui.hint import MENU_OPENED

        self._first_open_pending = False
        if self.journal is not None:
            self.journal.mark_reached(MENU_OPENED)

    def _apply_command(self, command, t: float) -> bool:
        from vrasmr.sleep.timer import timer_label
        from vrasmr.ui import commands as cmd

        s = self.settings
        if isinstance(command, cmd.SwitchScene):
            if command.scene_id != self.scene.scene.id:
                if self._scene_since is not None and t - self._scene_since < SKIP_WITHIN_S:
                    for kind in self.scene.trigger_kinds:  # left within three minutes
                        self.record_skip(kind)
                self.switch_scene(command.scene_id, **self.scene_load_kwargs)
        elif isinstance(command, cmd.SetTimer):
            self._set_timer(command.choice, t)
            self._save(timer=timer_label(command.choice))
        elif isinstance(command, cmd.SetVolume):
            s.volume = min(max(float(command.value), 0.0), 1.0)  # the engine slews it
            self._save(volume=s.volume)
        elif isinstance(command, cmd.SetBrightness):
            self._brightness_goal = min(max(float(command.value), 0.0), 2.0)
            self._save(brightness=min(max(self._brightness_goal, 0.3), 1.5))
        elif isinstance(command, cmd.SetTrigger):
            kinds = set(command.kinds)
            off = set(s.switched_off) - kinds if command.on else set(s.switched_off) | kinds
            if not command.on:  # switched off during the night: a mild "not this"
                for kind in sorted(kinds & set(self.scene.trigger_kinds) - set(s.switched_off)):
                    self.record_skip(kind)
            s.switched_off = frozenset(off)  # voice gains slew, so no click
            if (
                getattr(self.scene, "program", None) is not None
            ):  # its cues of those kinds are left out
                self.scene.program.switched_off = s.switched_off
            self._save(switched_off_triggers=tuple(sorted(off)))
        elif isinstance(command, cmd.SetVoice | cmd.NextScript | cmd.ChooseScript):
            self._apply_voice(command)
        elif isinstance(command, cmd.SetBedMode):
            self.bed_mode = command.on
            self._save(bed_mode=bool(command.on))
        elif isinstance(command, cmd.MoodAfter):
            if self.journal is not None:
                self.journal.check_in(command.session_id, mood_after=command.mood)
            self.menu.values = replace(self.menu.values, mood_after=command.mood)
        elif isinstance(command, cmd.CheckIn):
            if self.journal is not None and self.session_id is not None:
                self.journal.check_in(self.session_id, mood_before=command.mood)
            self.menu.values = replace(self.menu.values, mood=command.mood)
        elif isinstance(command, cmd.SleepAnswer):  # about last night's session
            from vrasmr.sleep.morning import answer

            night = answer(self.journal, self.menu.values.last_night, command)
            self.menu.values = replace(self.menu.values, last_night=night)
        elif isinstance(command, cmd.Recenter):
            return True
        return False

    def _apply_voice(self, command) -> None:
        """The voice program's controls (each fades the current words out over a second);
        voice off and "next" are a mild "not this" for the journal."""
        from vrasmr.program.session import skip_kind
        from vrasmr.ui import commands as cmd

        program = getattr(self.scene, "program", None)
        if program is None:
            return
        if isinstance(command, cmd.SetVoice):
            if not command.on and program.status.on:
                self.record_skip("voice")
            program.voice(command.on)
        elif isinstance(command, cmd.NextScript):
            if program.status.script_id is not None and not program.status.ended:
                self.record_skip(skip_kind(program))
            program.skip()
        else:
            program.choose(command.script_id)

    def _save(self, **changes) -> None:
        """Keep a menu choice for the next night (written on the saver's thread)."""
        if self.saver is not None:
            self.saver.save(**changes)

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
        night.pace(self.scene, t - self._scene_t0)
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
                self._note_problem(f"journal: {exc}")

    def _set_timer(self, choice, t: float) -> None:
        from vrasmr.sleep.timer import SleepPlan, SleepTimer

        plan = SleepPlan(timer_minutes=choice)
        old = self.sleep_timer
        self.sleep_timer = old.restart(t, plan) if old is not None else SleepTimer(plan, t)
        self._install_timer_schedule()

    def _ramp_brightness(self, dt: float) -> None:
        s = self.settings
        step = BRIGHTNESS_SLEW_PER_S * dt
        s.brightness_scale += max(-step, min(step, self._brightness_goal - s.brightness_scale))

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
            self._note_problem(f"sound: {exc}")

    def _end_by_timer(self) -> None:
        self.ended = True
        if self.night.wake is None:  # (a wake to come keeps the device running, silent)
            try:
                self.engine.pause()
            except Exception as exc:
                self._note_problem(f"sound: could not pause the device ({exc})")
        session = self.session_id
        self._journal_end("timer")
        watch = self.night.watch
        if session is not None and watch is not None and not watch.asleep:
            # ended awake: "how do you feel now?"
            self.menu.values = replace(self.menu.values, ask_after=session)
            self.menu.show(self.last_head, self._last_t or 0.0)

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
        renderer = self.renderer
        if renderer is None:
            return
        renderer.draw(state, view, target, size, viewport=viewport, encode_srgb=encode_srgb)
        menu = self.menu
        if menu.drawn or menu.marker_position is not None:
            self._draw_menu()

    def _draw_menu(self) -> None:
        menu = self.menu
        try:
            if self._menu_drawer is None:
                from vrasmr.ui.drawer import MenuDrawer

                self._menu_drawer = MenuDrawer(self.renderer.ctx, self.renderer.programs)
            self._menu_drawer.draw(menu)
        except Exception as exc:  # no menu rather than no picture
            self._note_problem(f"menu drawing: {exc}")
            self.menu = _NoMenu()

    def finish_menu_paint(self) -> None:
        """Wait for a menu repaint in progress and show it (tests and benchmarks, which
        need the panel as the person will see it; a live session never waits)."""
        if self._menu_drawer is not None and self.menu.drawn:
            self._menu_drawer.refresh(self.menu, wait=True)

    # ---- scene switching ------------------------------------------------------------
    def switch_scene(self, scene_id: str, **load_kwargs) -> None:
        """Load ``scene_id`` on the loading worker; the switch happens when it is ready."""
        if self._loader is not None and not self._loader.done():
            return

        def work():
            try:
                loaded = load_scene(scene_id, **load_kwargs)
            except Exception as exc:
                self._pending_error = exc
                return
            try:  # its voice program is planned before its voices are pulled
                fade_in = float(getattr(loaded.scene, "fade_in_s", 0.0) or 0.0)
                t0 = (self._last_t or 0.0) - fade_in
                switched_off = self.settings.switched_off
                self.programs.plan(loaded, t0, self.sleep_timer, switched_off, offset_s=fade_in)
            except Exception as exc:
                log.warning("voice: planning %s's program failed (%s)", scene_id, exc)
            try:  # upload the sounds here, so the switch frame only makes sources
                self.engine.stage(loaded.voices)
            except Exception as exc:
                log.warning("sound: staging %s's voices failed (%s)", scene_id, exc)
            if self.renderer is not None:
                try:  # and import the layers' modules here rather than in a frame
                    self.renderer.import_layers(loaded.layers)
                except Exception as exc:
                    log.warning("picture: preparing %s's layers failed (%s)", scene_id, exc)
            self._pending = loaded

        self._loader = self._loading.submit(work)

    def wait_for_switch(self, timeout: float = 30.0) -> None:
        if self._loader is not None:
            wait([self._loader], timeout)

    def make_thumbnails(self):
        """Render the menu cards' missing thumbnails on the loading worker, one a job (a
        switch asked meanwhile waits for one at most); the menu shows each as it comes.
        Returns the future of the first job (None when none is missing)."""
        from vrasmr.session.thumbnail_jobs import CardThumbnails

        maker = CardThumbnails(getattr(self.menu, "cards", ()))
        if maker.done:
            return None

        def job():
            try:
                self._pending_cards = maker.step()
            except Exception as exc:  # the cards keep their placeholders
                maker.close()
                log.warning("menu thumbnails could not be rendered (%s)", exc)
                return
            try:
                if not maker.done:
                    self._thumbnails = self._loading.submit(job)
            except RuntimeError:  # the session closed: give the worker's context back here
                maker.close()

        self._thumbnails = self._loading.submit(job)
        return self._thumbnails

    def _adopt_pending(self, t: float) -> None:
        if self._pending_error is not None:
            self._note_problem(
                f"scene switch failed, keeping the current scene: {self._pending_error}"
            )
            self._pending_error = None
        if self._pending is None:
            return
        new, self._pending = self._pending, None
        self._look_from = float(self.scene.scene.brightness)
        self.scene = new
        try:
            self._install_scene(new, crossfade_s=CROSSFADE_S)
        except Exception as exc:
            self._note_problem(f"sound: switching voices failed ({exc})")
        self._switch_started = self._scene_since = t
        # The crossfade is the new scene's start ramp: begin past its own fade-in.
        self._scene_t0 = t - float(getattr(new.scene, "fade_in_s", 0.0) or 0.0)
        if (
            getattr(new, "program", None) is not None
        ):  # the timer's fade, now that the scene's time is known
            from vrasmr.program.session import window_for

            new.program.set_window(window_for(self.sleep_timer, self._scene_t0))

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
        from vrasmr.sleep.journal import END_REASONS

        if reason not in END_REASONS:
            reason = _END_REASON_ALIASES.get(reason, "user")
        self.programs.close(self.scene)  # what the voice played is written first
        self._journal_end(reason)
        if self.journal is not None and self.owns_journal:
            self.journal.close()
        if self.saver is not None:
            self.saver.close()
        self.night.close()
        self._loading.close()
        self.engine.close()
        if self._menu_drawer is not None:
            self._menu_drawer.release()
            self._menu_drawer = None
        if self.renderer is not None:
            self.renderer.release()


_END_REASON_ALIASES = {
    "closed": "user",
    "frames": "user",
    "failed": "error",
    "context-lost": "error",
    "headset": "headset_removed",
}


def _equal_power_in(x: float) -> float:
    x = min(max(x, 0.0), 1.0)
    return math.sin(x * math.pi / 2.0)


def _dip(x: float) -> float:
    """The picture's level through a switch: 1 → DIP_FLOOR at the middle → 1, smoothly."""
    if x >= 1.0:
        return 1.0
    return 1.0 - (1.0 - DIP_FLOOR) * math.sin(min(max(x, 0.0), 1.0) * math.pi)


def _default_menu():
    """A menu listing the library's scenes (cached thumbnails only); empty if none load."""
    from vrasmr.ui.menu import Menu

    try:
        from vrasmr.ui.cards import scene_cards

        return Menu(scene_cards())
    except Exception as exc:
        log.warning("menu: could not list scenes (%s)", exc)
        return Menu([])


class _NoMenu:
    """Stands in when the menu could not be drawn: never visible, takes no input."""

    visible = drawn = False
    marker_position = None

    def __init__(self):
        from vrasmr.ui.layout import MenuValues

        self.values = MenuValues()

    def step(self, *args, **kwargs) -> list:
        return []
