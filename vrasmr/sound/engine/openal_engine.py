"""OpenAL Soft with HRTF behind :class:`~.contract.SoundEngine`: one source per voice, the
listener from the head pose.

On the default playback device (real use) OpenAL Soft mixes on its own thread and the
engine's sound thread (:mod:`.service`) applies the frames' posts; on the loopback device
(headless renders, exports, tests) :meth:`OpenALEngine.render` applies them and mixes into
numpy buffers. The engine composes its parts, each in its own module:

* :mod:`.mailbox` — posts from the frame thread (``set_listener``, ``advance``, ``update``);
* :mod:`.voices`, :mod:`.placement` — the current scene's sources; positions and gains;
* :mod:`.retiring` — a previous scene's voices fading out;
* :mod:`.staging` — uploads made on a loader thread ahead of a switch;
* :mod:`.streams` — stream voices' buffer queues, filled off the lock and pumped under it;
* :mod:`.oneoffs` — stream voices started on their own (a program's gesture cue);
* :mod:`.master` — the master gain and its schedule (the sleep fade);
* :mod:`.guard`, :mod:`.levels` — the loudness guard's cap on the master, from every
  voice's measured level and where its gain, distance and closeness are heading;
* :mod:`.device` — the device, its context lock, its loss and reopening;
* :mod:`.own_clock` — what the engine does on its own clock: the master's steps, the
  retiring banks' fades, the streams' feeding, and the loopback render.

Every change that reaches an ear is slewed, and no exception leaves a per-frame call.
"""

from __future__ import annotations

import math
import time

from vrasmr.sound.engine.contract import (
    SAMPLE_RATE,
    EngineStatus,
    SoundSource,
    VoiceSpec,
)
from vrasmr.sound.engine.device import DeviceLink, open_device
from vrasmr.sound.engine.guard import LoudnessGuard, VoiceLevels
from vrasmr.sound.engine.listener import Listener
from vrasmr.sound.engine.mailbox import Mailbox
from vrasmr.sound.engine.master import MasterGain
from vrasmr.sound.engine.oneoffs import OneOffs
from vrasmr.sound.engine.own_clock import OwnClock
from vrasmr.sound.engine.retiring import RetiringBank, RetiringBanks
from vrasmr.sound.engine.service import ServiceThread
from vrasmr.sound.engine.staging import Stager
from vrasmr.sound.engine.voices import VoiceBank, check_finite

MAX_VOICES = 32


class OpenALEngine(OwnClock):
    """OpenAL Soft with HRTF; one source per voice, listener from the head pose."""

    def __init__(
        self,
        device,
        *,
        sample_rate: int,
        max_voices: int = MAX_VOICES,
        device_name: str | None = None,
    ):
        self.sample_rate = sample_rate
        self.max_voices = max_voices
        self.status = EngineStatus(backend="openal", sample_rate=sample_rate)
        self._link = link = DeviceLink(self.status, device_name)
        self._lock = link.lock
        self._mail = Mailbox(on_error=self._fault)
        # The frame thread's calls are the mailbox's own methods: no extra hop per frame.
        self.set_listener = self._mail.post_listener
        self.update = self._mail.post_values
        self.advance = self._mail.post_span
        self._listener = Listener()
        self._master = MasterGain(self.status)
        self._levels = VoiceLevels(sample_rate)
        self._guard = LoudnessGuard()
        self._voices = VoiceBank([], link, sample_rate, max_voices)
        self._retiring = RetiringBanks()
        self._oneoffs = OneOffs()
        self._stager = Stager(link, sample_rate)
        self._reverb_name = "none"
        self._clock = 0.0  # seconds rendered (loopback): the master schedule's time there
        self._service: ServiceThread | None = None
        link.attach(device, self._reverb_name)
        self._onto_device()
        if not device.loopback:
            self._start_service()

    # ---- construction -------------------------------------------------------------
    @classmethod
    def loopback(cls, sample_rate: int = SAMPLE_RATE, **kw) -> OpenALEngine:
        """An engine that mixes only when :meth:`render` is called (float stereo)."""
        return cls(open_device(sample_rate, True), sample_rate=sample_rate, **kw)

    @classmethod
    def playback(
        cls, sample_rate: int = SAMPLE_RATE, device: str | None = None, **kw
    ) -> OpenALEngine:
        """An engine on ``device`` (None: the default output), mixed by OpenAL Soft's own
        thread; a named device lost is reopened by name."""
        return cls(
            open_device(sample_rate, False, device),
            sample_rate=sample_rate,
            device_name=device,
            **kw,
        )

    @property
    def device(self):
        """The :class:`~vrasmr.sound.openal.checked.Device` in use (or lost) now."""
        return self._link.device

    def _onto_device(self) -> None:
        """The master level and the listener onto a device just taken into use."""
        self._master.send(self._link.al)
        self._link.device.check("alListenerf(AL_GAIN)")
        self._listener.dirty = self._listener.moved = True

    # ---- voices -------------------------------------------------------------------
    def prepare(
        self, voices: list[VoiceSpec], *, crossfade_s=0.0, source: SoundSource | None = None
    ) -> None:
        """Upload every voice's samples and make its source; silent until :meth:`update`
        (or :meth:`advance`, which evaluates ``source`` for these voices).

        With ``crossfade_s`` > 0 the voices playing now are not stopped: they become a
        retiring bank that fades out (cosine, equal power) over that many seconds of mixed
        audio and is then freed, while the new voices rise as :meth:`update` asks.
        """
        staged = self._stager.take(voices)
        if staged is None:
            check_finite(voices)  # staged voices were checked when they were staged
        levels = self._levels.take(voices)  # measured when staged, else now
        self._mail.drop_voices()  # positions for the old voices must not reach the new ones
        link = self._link
        with self._lock:
            self._mail.source = source
            old = self._voices
            keep = crossfade_s > 0 and not link.lost and bool(old.sources)
            guard = self._guard
            if keep:
                retiring = RetiringBank.take_over(old, crossfade_s)
                retiring.estimate = guard.bank_estimate()
                self._retiring.add(retiring)
            guard.use(voices, levels, fresh=not keep)
            self._voices = VoiceBank(list(voices), link, self.sample_rate, self.max_voices)
            if link.lost:
                return
            if not keep:
                old.release()
                self._retiring.release(link.device)
            self._voices.build(staged)
            guard.meter_streams({i: f.meter for i, f in self._voices.feeders.items()})

    def stage(self, voices: list[VoiceSpec]) -> None:
        """Upload ``voices``' samples now, from any thread (a scene loader's), so that the
        :meth:`prepare` of this same list only makes sources: a switch without a hitch."""
        check_finite(voices)
        self._levels.measure(voices)
        self._stager.stage(voices)

    @property
    def retiring_banks(self) -> int:
        """How many previous scenes are still fading out."""
        return len(self._retiring)

    def trigger(self, index: int) -> None:
        """Start a one-shot voice from its beginning.

        While it still sounds a second trigger is ignored, unless the voice allows overlap
        (then a free copy plays, up to three at once).
        """
        try:
            with self._lock:
                if not self._link.lost:
                    self._voices.trigger(index)
        except Exception as exc:
            self._fault(exc)

    def play_once(self, voice: VoiceSpec, position, gain: float = 1.0) -> bool:
        """Start the stream voice ``voice`` on its own at ``position`` (metres; in the head's
        frame when ``voice.head_anchored``) at ``gain``; it plays until its stream ends. Any
        thread; only posts. False when it cannot (not a stream, or four already play)."""
        posted = self._oneoffs.post(voice, position, gain)
        if posted:
            self._mail.wake.set()
        return posted

    def set_reverb(self, name: str) -> None:
        """Use the named EAX reverb preset (``"none"`` for a dry scene)."""
        from vrasmr.sound.spatial.presets import reverb_preset

        reverb_preset(name)  # unknown names raise ValueError here, at scene load
        with self._lock:
            self._reverb_name = name
            self.status.reverb = name
            link = self._link
            if link.reverb is not None and not link.lost:
                link.reverb.load(name)

    # ---- applying the frame's posts (sound thread, or render on loopback) -----------
    def apply_pending(self) -> None:
        """Apply the last posted update and listener pose, in one deferred batch."""
        voices, head = self._mail.take()
        listener = self._listener
        if self._oneoffs.posted:
            self._start_oneoffs()
        if voices is None and head is None and not listener.dirty:
            return
        try:
            with self._lock:
                if head is not None:
                    listener.take(head)
                if self._link.lost:
                    return
                if voices is None:
                    listener.send(self._link.al)
                elif voices[0] == "span":
                    self._follow(*voices[1:])
                else:
                    self._apply_values(*voices[1:])
        except Exception as exc:
            self._fault(exc)

    def _start_oneoffs(self) -> None:
        try:
            with self._lock:
                if not self._link.lost:
                    self._oneoffs.start_posted(self._link, self.sample_rate)
        except Exception as exc:
            self._fault(exc)

    def _follow(self, source, t0: float, t1: float, arg, dt: float) -> None:
        """Evaluate a posted span with its source (lock held); a span posted for voices
        that :meth:`prepare` has since replaced is dropped."""
        if source is None or source is not self._mail.source:
            self._listener.send(self._link.al)
            return
        positions, gains, triggers = source(t0, t1, arg)
        self._apply_values(positions, gains, dt)
        for event in triggers:  # an index (now), or (index, seconds from now): a stream's
            if isinstance(event, tuple):
                self._voices.trigger(*event)
            else:
                self._voices.trigger(event)

    def _apply_values(self, positions, gains, dt: float) -> None:
        """Listener, positions and gains in one ``alDeferUpdatesSOFT`` batch (lock held)."""
        al, bank = self._link.al, self._voices
        dt = min(max(dt if math.isfinite(dt) else 1 / 90, 1e-4), 0.25)
        defer = al.alDeferUpdatesSOFT
        if defer is not None:
            defer()
        if self._listener.dirty:
            self._listener.send(al)
        if bank.placement.n and bank.sources:
            bank.placement.place(positions, dt, self._listener)
            active = bank.placement.set_gains(gains, dt)
            if active is not None:
                self.status.active_voices = active
            self._guard.observe(bank.placement)
        if defer is not None:
            al.alProcessUpdatesSOFT()

    def poll_device(self, now: float | None = None) -> None:
        """Check the device; when lost, go silent and try to reopen every RETRY_S seconds."""
        now = time.monotonic() if now is None else now
        due = self._link.due(now)
        if due == "lost":
            self._link.lose("the sound device was disconnected", self._release, now)
        elif due == "reopen":
            self._link.reopen(self.sample_rate, self._reverb_name, self._rebuild)

    def _rebuild(self) -> None:
        """The voices again on a reopened device (lock held)."""
        self._onto_device()
        self._voices = VoiceBank(self._voices.specs, self._link, self.sample_rate, self.max_voices)
        self._voices.build()

    def _fault(self, exc: Exception) -> None:
        """An error in a per-frame call: say it once, go silent if the device is gone."""
        self.status.say(f"sound error: {exc}")
        if self._link.gone():
            now = time.monotonic()
            self._link.lose("the sound device stopped answering", self._release, now)

    def pause(self) -> None:
        link = self._link
        pause = link.al.alcDevicePauseSOFT
        if pause is not None and not link.device.loopback and not link.lost:
            pause(link.device.handle)

    def _release(self) -> None:
        """Free the current voices, every retiring bank and the one-offs (lock held)."""
        self._voices.release()
        self._retiring.release(self._link.device)
        self._oneoffs.release(self._link.device)

    def close(self) -> None:
        if self._service is not None:
            self._service.stop()
        link = self._link
        with self._lock:
            if not link.lost and link.device.handle:
                self._release()
                for obj in (link.reverb, link.filter):
                    if obj is not None:
                        obj.delete()
                link.device.close()
            link.lost = True
