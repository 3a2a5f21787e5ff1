"""What the night does as the person falls asleep, and the gentle wake: App-level state.

:class:`Night` is the App's one handle on it. Each frame it feeds the head pose to the
:class:`~vrasmr.sleep.night_watch.NightWatch` (when sleep detection is on). When sleep
becomes likely it turns quiet, once: voices and triggers stop at the end of their phrase
(:class:`~vrasmr.sleep.quiet.NightMix`, the scene's :class:`~vrasmr.sleep.quiet.PhraseGate`),
the picture goes dark over :data:`DARKEN_S`, and then the headset may stop drawing
(:meth:`render_idle`); the App also lengthens the bed's fade and writes the onset to the
journal. Opening the menu brings the picture back (ramped); the voices stay quiet.
"""

from __future__ import annotations

from vrasmr.sleep.fade import smoothstep
from vrasmr.sleep.quiet import MixState, NightMix

DARKEN_S = 120.0  # the picture goes to black over two minutes once sleep is likely
LIFT_S = 10.0  # opening the menu brings it back over this
ONSET_FADE_MIN = 30.0  # the bed's fade from onset lasts at least this long


class Night:
    """Sleep detection, the quiet that follows, the dark picture and the wake, for one App."""

    def __init__(
        self,
        watch=None,
        *,
        wake=None,
        wake_sound=None,
        volumes: tuple[float, float, float] = (1.0, 1.0, 1.0),
    ) -> None:
        self.watch = watch  # a NightWatch, or None (detection off, renders, exports)
        self.wake = wake  # a WakePlan, or None
        self.wake_sound = wake_sound  # a vrasmr.sleep.wake.WakeSound, or None
        self.volumes = tuple(float(v) for v in volumes)
        self.quiet_at: float | None = None  # session time sleep became likely
        self._dark_from = (0.0, 1.0)  # (time, level): where the last darkening ramp began
        self._lifted_at: float | None = None
        self._mix_state: MixState | None = None
        self._mix_key: tuple | None = None
        self._mix: NightMix | None = None
        self._paced: tuple[object, bool] | None = None  # (runtime, measured rate used)
        self.breath_sound = 1.0
        self._last_ray: tuple | None = None  # the preview's mouse ray, last frame

    # ---- the frame path -------------------------------------------------------------
    def observe(self, frame, t: float) -> None:
        """Feed this frame's head pose (cheap; nothing when detection is off)."""
        watch = self.watch
        if watch is None:
            return
        if not frame.visible:
            watch.feed_absent(t)
            return
        watch.feed_pose(t, frame.head)
        if frame.buttons or any(p.select for p in frame.pointers):
            watch.activity(t)
        elif watch.mode == "mouse":  # the cursor moving over the picture is the person too
            mouse = next((p for p in frame.pointers if p.name == "mouse"), None)
            ray = None if mouse is None else tuple(mouse.direction.tolist())
            if ray is not None and self._last_ray is not None and ray != self._last_ray:
                watch.activity(t)
            self._last_ray = ray

    @property
    def onset_s(self) -> float | None:
        """The night's sleep onset (session seconds, dated back), once sleep is likely."""
        return None if self.watch is None else self.watch.reading.onset_s

    def sleep_is_likely(self) -> bool:
        """True once, the first frame the watch has an onset and the night is not quiet."""
        return self.quiet_at is None and self.onset_s is not None

    def begin_quiet(self, t: float, scene) -> None:
        self.quiet_at = t
        self._dark_from = (t, self.picture(t))
        gate = getattr(scene, "phrase_gate", None)
        if gate is not None:
            gate.close()

    def pace(self, scene, scene_t: float) -> None:
        """Breath pacing in a breathing scene with the headset: the guide starts at a resting
        pace, matches the measured rate, then glides to the scene's (vrasmr.sleep.pacing)."""
        from vrasmr.sleep import pacing

        watch = self.watch
        model = scene.scene
        if watch is None or watch.mode != "headset":
            return
        if pacing.PACED_TECHNIQUE not in getattr(model, "techniques", ()):
            return
        runtime = scene.runtime
        if self._paced is None or self._paced[0] is not runtime:
            plan = pacing.BreathPlan.steady(model.breathing_rate_bpm)
            runtime.pacer = plan.then(scene_t, pacing.START_BPM, pacing.MATCH_S)
            self._paced = (runtime, False)
        measured = watch.reading.breathing_bpm
        if not self._paced[1] and measured is not None:
            runtime.pacer = pacing.paced_plan(
                runtime.pacer, scene_t, measured, model.breathing_rate_bpm
            )
            self._paced = (runtime, True)
        rate = runtime.pacer.rate(scene_t)
        self.breath_sound = pacing.breath_sound_share(rate, model.breathing_rate_bpm)

    def lift(self, t: float) -> None:
        """The person is up (the menu opened): the picture comes back, ramped."""
        if self.quiet_at is not None and self._lifted_at is None:
            self._dark_from = (t, self.picture(t))
            self._lifted_at = t

    # ---- what the App reads ---------------------------------------------------------
    def picture(self, t: float) -> float:
        """The picture's multiplier: 1 awake, to 0 over DARKEN_S once quiet, back up over
        LIFT_S once lifted."""
        if self.quiet_at is None:
            return 1.0
        t0, level = self._dark_from
        if self._lifted_at is not None:
            return level + (1.0 - level) * smoothstep((t - t0) / LIFT_S)
        return level * (1.0 - smoothstep((t - t0) / DARKEN_S))

    def render_idle(self, t: float) -> bool:
        """Nothing to draw: the picture is black and no wake is rising."""
        if self.wake is not None and self.wake.active(t):
            return False
        return self.quiet_at is not None and self._lifted_at is None and self.picture(t) <= 0.0

    def mix_for(self, scene) -> NightMix:
        """The sound source for ``scene`` (made when a scene is installed), with a wake voice
        of its own fitted to the scene's beds."""
        voice, gain = None, 0.0
        if self.wake_sound is not None:
            from vrasmr.sleep.wake import fitted_wake

            try:
                voice, gain = fitted_wake(scene, self.wake_sound)
            except Exception:  # no wake sound rather than no scene
                voice, gain = None, 0.0
        self._mix = NightMix(scene, voice, gain)
        return self._mix

    def mix_state(self, t: float, scene_t0: float, bed: float = 1.0) -> MixState | None:
        """The mix's state now (a new object only when it changes); None: plain mixing."""
        quiet = None if self.quiet_at is None else self.quiet_at - scene_t0
        wake = 0.0 if self.wake is None else self.wake.sound_level(t)
        breath = round(self.breath_sound, 3)
        key = (self.volumes, quiet, round(bed, 4), round(wake, 4), breath)
        if key != self._mix_key:
            self._mix_key = key
            plain = quiet is None and wake == 0.0 and bed == 1.0 and self.volumes == (1, 1, 1)
            plain = plain and breath == 1.0
            self._mix_state = None if plain else MixState(self.volumes, quiet, bed, wake, breath)
        return self._mix_state

    def close(self) -> None:
        if self.watch is not None:
            self.watch.close()
