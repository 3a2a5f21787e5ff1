"""The sound engine the App talks to: voices placed around a head-tracked listener.

:class:`OpenALEngine` drives OpenAL Soft with HRTF, either on the default playback device
(real use) or on the loopback device (headless renders, exports, tests), where
:meth:`OpenALEngine.render` mixes into numpy buffers. :class:`SilentEngine` has the same
interface and ends the fallback chain, so the App never needs to know which it has.

Everything that makes sound (synthesis, decoding) happens before :meth:`prepare` or on the
stream worker; the per-frame calls only move things. Every gain and position change is
slewed so no step reaches an ear, and no exception leaves a per-frame call.
"""

from __future__ import annotations

import ctypes
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from vrasmr.sound.engine_stream import StreamFeeder, StreamSource
from vrasmr.sound.spatial import proximity as prox
from vrasmr.sound.spatial.voice_limit import admitted
from vrasmr.xmath import Pose, rotation_rows

log = logging.getLogger(__name__)

SAMPLE_RATE = 48000
MASTER_CEILING = 1.0  # linear; the hard ceiling on master gain
REFERENCE_DISTANCE_M = 1.0  # a sound plays at its recipe's loudness 1 m away
OUTPUT_CEILING = 1.0  # no rendered sample goes beyond full scale
GAIN_SLEW_PER_S = 4.0  # largest change of a voice gain per second (linear units)
MASTER_SLEW_PER_S = 1.0  # largest change of the master gain per second
POSITION_SLEW_M_PER_S = 6.0  # a source jumping further than this per second glides instead
MAX_VOICES = 32
RETRY_S = 3.0
SERVICE_TICK_S = 0.01

SoundSource = Callable[[float, float, object], tuple[np.ndarray, np.ndarray, list[int]]]
"""``source(t0, t1, arg) -> (positions, gains, triggers)``: the voices' positions ``(n, 3)``
and linear gains ``(n,)`` at scene time ``t1`` (new arrays each call: the engine keeps
them), and the one-shot voices to start in ``[t0, t1)``. The engine calls it on its own
thread (see :meth:`OpenALEngine.advance`)."""

MAX_SOURCE_GAIN = 2.0  # room for the proximity boost (+6 dB) over a full-scale voice


@dataclass(frozen=True)
class VoiceSpec:
    """One sound the engine can play: a looping bed, a one-shot event or a stream.

    A stream voice (``stream`` set) ignores ``samples`` and ``loop``: its source pulls
    float32 blocks from the iterable or callable on the worker thread.
    """

    name: str
    samples: np.ndarray  # float32 mono
    loop: bool = True
    head_anchored: bool = False
    reverb_send: float = 0.0
    priority: int = 0  # higher wins when the voice limit is reached
    allow_overlap: bool = False
    stream: StreamSource | None = None


@dataclass
class EngineStatus:
    """What the engine can say about itself, for doctor, the overlay and the logs."""

    backend: str
    device: str = ""
    hrtf: str = "off"  # OpenAL Soft's status word ("required" is on: see hrtf_on)
    hrtf_on: bool = False
    hrtf_name: str = ""
    sample_rate: int = SAMPLE_RATE
    active_voices: int = 0
    reverb: str = "none"
    connected: bool = True
    problems: list[str] = field(default_factory=list)

    def say(self, problem: str) -> None:
        """Record a problem once (and log it once)."""
        if problem not in self.problems:
            self.problems.append(problem)
            log.warning("sound: %s", problem)


class SilentEngine:
    """Keeps the session going with no sound device: every call is accepted, nothing plays."""

    def __init__(self, reason: str = "no audio device"):
        self.status = EngineStatus(backend="silent", device=reason, hrtf="off")
        self.sample_rate = SAMPLE_RATE
        self._count = 0
        self.master_target = 1.0

    def prepare(
        self,
        voices: list[VoiceSpec],
        *,
        crossfade_s: float = 0.0,
        source: SoundSource | None = None,
    ) -> None:
        self._count = len(voices)

    def stage(self, voices: list[VoiceSpec]) -> None:
        pass

    def set_listener(self, pose: Pose) -> None:
        pass

    def update(self, positions: np.ndarray, gains: np.ndarray, dt: float = 1 / 90) -> None:
        pass

    def advance(self, t0: float, t1: float, arg=None, dt: float = 1 / 90) -> None:
        pass

    def apply_pending(self) -> None:
        pass

    def trigger(self, index: int) -> None:
        pass

    def set_master(self, gain: float, immediate: bool = False) -> None:
        self.master_target = float(min(max(gain, 0.0), MASTER_CEILING))

    def set_master_schedule(self, fn: Callable[[float], float] | None) -> None:
        pass

    def set_reverb(self, name: str) -> None:
        pass

    def poll_device(self, now: float | None = None) -> None:
        pass

    @property
    def master(self) -> float:
        return 0.0

    def pause(self) -> None:
        pass

    def render(self, frames: int) -> np.ndarray:
        return np.zeros((frames, 2), dtype=np.float32)

    def close(self) -> None:
        pass


def _clean(x: float, default: float = 0.0) -> float:
    return float(x) if math.isfinite(x) else default


class _Voices:
    """Per-voice arrays the frame path works on (built once per :meth:`prepare`)."""

    def __init__(self, voices: list[VoiceSpec]):
        n = len(voices)
        self.n = n
        self.head = np.array([v.head_anchored for v in voices], dtype=bool)
        self.priority = np.array([v.priority for v in voices], dtype=np.int64)
        self.gain = np.zeros(n)  # slewed voice gain
        self.pos = np.zeros((n, 3))  # slewed positions (world, or head frame if anchored)
        self.sent_gain = np.full(n, -1.0)
        self.sent_step = np.full(n, -1, dtype=np.int32)
        self.allowed = np.ones(n, dtype=bool)
        self.paused = np.zeros(n, dtype=bool)
        self.near = np.zeros(n)  # closeness 0..1 (see spatial.proximity)
        self.r2 = np.zeros(n)  # squared distance from the head centre
        self.any_head = bool(self.head.any())
        self.any_near = False
        self.settled = False
        self.moved = False


@dataclass
class _Retiring:
    """A previous scene's sources fading out (equal power) while the next scene fades in."""

    sources: list[int]
    start_gains: list[float]  # per source, as last sent
    buffers: list[int]
    feeders: list[StreamFeeder]
    duration_s: float
    elapsed_s: float = 0.0

    def gain(self) -> float:
        x = min(self.elapsed_s / self.duration_s, 1.0) if self.duration_s > 0 else 1.0
        return math.cos(x * math.pi / 2.0)


class _ContextLock:
    """The engine's lock, which also makes the engine's own OpenAL context current.

    OpenAL's current context is process-wide; with two engines open (a preview and a test
    twin, or a device reopened after a loss) every call must first select its own context.
    """

    def __init__(self, engine):
        self._engine = engine
        self._lock = threading.RLock()

    def __enter__(self):
        self._lock.acquire()
        device = getattr(self._engine, "device", None)
        if device is not None:
            device.make_current()
        return self

    def __exit__(self, *exc):
        self._lock.release()
        return False


def _check_finite(voices: list[VoiceSpec]) -> None:
    """Refuse a voice with NaN or infinite samples (a pop in a sleeping ear)."""
    for voice in voices:
        if voice.stream is None and not np.all(np.isfinite(voice.samples)):
            raise ValueError(f"voice {voice.name!r} has NaN or infinite samples")


@dataclass
class _Staged:
    """Buffers uploaded (and streams primed) ahead of a :meth:`OpenALEngine.prepare`."""

    voices: list[VoiceSpec]
    generation: int
    buffers: dict[int, int] = field(default_factory=dict)  # voice index -> buffer
    feeders: dict[int, StreamFeeder] = field(default_factory=dict)


class OpenALEngine:
    """OpenAL Soft with HRTF; one source per voice, listener from the head pose."""

    def __init__(self, device, *, sample_rate: int, max_voices: int = MAX_VOICES):
        from vrasmr.sound.openal import _raw as r

        self._r = r
        self.sample_rate = sample_rate
        self.max_voices = max_voices
        self._lock = _ContextLock(self)
        self._generation = 0
        self._staged: _Staged | None = None
        self._voices: list[VoiceSpec] = []
        self._v = _Voices([])
        self._sources: list[int] = []
        self._extra: dict[int, list[int]] = {}  # overlap copies of one-shot voices
        self._buffers: list[int] = []
        self._feeders: dict[int, StreamFeeder] = {}
        self._retiring: list[_Retiring] = []
        self._head = Pose()
        self._lpos = (ctypes.c_float * 3)()
        self._orient = (ctypes.c_float * 6)(0, 0, -1, 0, 1, 0)
        self._lp = np.zeros(3)  # listener position, forward and right as numpy (frame path)
        self._fwd = (0.0, 0.0, -1.0)
        self._right = (1.0, 0.0, 0.0)
        self._listener_dirty = True
        self._master = 0.0
        self._sent_master = -1.0
        self.master_target = 1.0
        self._schedule: Callable[[float], float] | None = None
        self._clock = 0.0  # seconds rendered (loopback) — the schedule's time there
        self._reverb_name = "none"
        self._lost = False
        self._retry_at = 0.0
        self._next_check = 0.0
        self._stop = threading.Event()
        self._wake = threading.Event()  # a frame posted an update for the service thread
        self._mail_lock = threading.Lock()
        self._mail: tuple | None = None  # the latest post: values or a span; dt last
        self._source: SoundSource | None = None  # what spans are evaluated with
        self._listener_mail: tuple[float, ...] | None = None  # latest head pose posted
        self._service: threading.Thread | None = None
        self.status = EngineStatus(backend="openal", sample_rate=sample_rate)
        self._attach(device)
        if not device.loopback:
            self._start_service()

    # ---- construction -------------------------------------------------------------
    @classmethod
    def _attrs(cls, sample_rate: int, loopback: bool) -> dict[int, int]:
        from vrasmr.sound.openal import _raw as r

        attrs = {
            r.ALC_HRTF_SOFT: 1,
            r.ALC_OUTPUT_LIMITER_SOFT: 1,
            r.ALC_MAX_AUXILIARY_SENDS: 2,
            r.ALC_FREQUENCY: sample_rate,
        }
        if loopback:
            attrs[r.ALC_FORMAT_CHANNELS_SOFT] = r.ALC_STEREO_SOFT
            attrs[r.ALC_FORMAT_TYPE_SOFT] = r.ALC_FLOAT_SOFT
        return attrs

    @classmethod
    def _open_device(cls, sample_rate: int, loopback: bool):
        from vrasmr.sound.openal.checked import Device

        device = Device.open_loopback() if loopback else Device.open_playback()
        try:
            device.create_context(cls._attrs(sample_rate, loopback))
        except Exception:
            device.close()
            raise
        return device

    @classmethod
    def loopback(cls, sample_rate: int = SAMPLE_RATE, **kw) -> OpenALEngine:
        """An engine that mixes only when :meth:`render` is called (float stereo)."""
        return cls(cls._open_device(sample_rate, True), sample_rate=sample_rate, **kw)

    @classmethod
    def playback(cls, sample_rate: int = SAMPLE_RATE, **kw) -> OpenALEngine:
        """An engine on the default output device, mixed by OpenAL Soft's own thread."""
        return cls(cls._open_device(sample_rate, False), sample_rate=sample_rate, **kw)

    def _attach(self, device) -> None:
        """Take ``device`` (current context) into use: listener, reverb, status."""
        from vrasmr.sound.openal.efx import Lowpass, Reverb
        from vrasmr.sound.openal.hrtf import device_hrtf

        r = self._r
        self.device = device
        self._generation += 1  # buffers staged for an earlier device are not used
        self.al = al = device.al
        hrtf = device_hrtf(device)
        self.status.backend = "openal-loopback" if device.loopback else "openal"
        self.status.device = device.name
        self.status.hrtf = hrtf.status
        self.status.hrtf_on = hrtf.on
        self.status.hrtf_name = (device.hrtf_names() or [""])[0] if hrtf.on else ""
        if not hrtf.on:
            self.status.say(f"sounds will not be placed around your head: {hrtf.reason}")
        al.alDistanceModel(r.AL_INVERSE_DISTANCE_CLAMPED)
        device.check("alDistanceModel")
        al.alListenerf(r.AL_GAIN, float(self._master))
        device.check("alListenerf(AL_GAIN)")
        self._sent_master = self._master
        self._listener_dirty = True
        try:
            self._reverb = Reverb(device)
            self._filter = Lowpass(device)
            self._reverb.load(self._reverb_name)
        except Exception as exc:
            self._reverb = self._filter = None
            self.status.say(f"no reverb or proximity filter ({exc})")

    # ---- voices -------------------------------------------------------------------
    def prepare(
        self,
        voices: list[VoiceSpec],
        *,
        crossfade_s: float = 0.0,
        source: SoundSource | None = None,
    ) -> None:
        """Upload every voice's samples and make its source; silent until :meth:`update`
        (or :meth:`advance`, which evaluates ``source`` for these voices).

        With ``crossfade_s`` > 0 the voices playing now are not stopped: they become a
        retiring bank that fades out (cosine, equal power) over that many seconds of mixed
        audio and is then freed, while the new voices rise as :meth:`update` asks.
        """
        staged, self._staged = self._staged, None
        if staged is not None and (
            staged.voices is not voices or staged.generation != self._generation
        ):
            self._drop_staged(staged)
            staged = None
        if staged is None:
            _check_finite(voices)  # staged voices were checked when they were staged
        with self._mail_lock:
            self._mail = None  # positions for the old voices must not reach the new ones
        with self._lock:
            self._source = source
            keep = crossfade_s > 0 and not self._lost and bool(self._sources)
            if keep:
                self._retire(crossfade_s)
            self._voices = list(voices)
            self._v = _Voices(self._voices)
            if self._lost:
                return
            if not keep:
                self._release()
            self._build(staged)

    def stage(self, voices: list[VoiceSpec]) -> None:
        """Upload ``voices``' samples now, from any thread (a scene loader's), so that the
        :meth:`prepare` of this same list only makes sources: a switch without a hitch.

        Each upload holds the lock only for itself; streams get their first blocks decoded.
        """
        _check_finite(voices)
        staged = _Staged(voices, self._generation)
        try:
            for i, voice in enumerate(voices):
                with self._lock:
                    if self._lost:
                        return
                    if voice.stream is None:
                        (buf,) = self.device.gen_buffers(1)
                        staged.buffers[i] = buf
                        self.device.buffer_mono_float(buf, voice.samples, self.sample_rate)
                    else:
                        feeder = StreamFeeder(self.device, 0, voice.stream, self.sample_rate)
                        staged.feeders[i] = feeder
                if voice.stream is not None:
                    staged.feeders[i].fill()  # decoding: outside the lock
        except Exception:
            self._drop_staged(staged)
            raise
        old, self._staged = self._staged, staged
        if old is not None:
            self._drop_staged(old)

    def _drop_staged(self, staged: _Staged) -> None:
        if staged.generation != self._generation:
            return  # those buffers went with the old device
        with self._lock:
            if not self._lost:
                for feeder in staged.feeders.values():
                    self.device.delete_buffers(feeder.buffers)
                if staged.buffers:
                    self.device.delete_buffers(list(staged.buffers.values()))

    def _retire(self, duration_s: float) -> None:
        """Hand the current sources to a retiring bank (the lock is held)."""
        sent = np.fmax(self._v.sent_gain, 0.0)
        sources, gains = list(self._sources), sent[: len(self._sources)].tolist()
        for i, extra in self._extra.items():
            sources += extra
            gains += [float(sent[i])] * len(extra)
        bank = _Retiring(
            sources, gains, self._buffers, list(self._feeders.values()), float(duration_s)
        )
        self._retiring.append(bank)
        self._sources, self._buffers, self._extra, self._feeders = [], [], {}, {}

    @property
    def retiring_banks(self) -> int:
        """How many previous scenes are still fading out."""
        return len(self._retiring)

    def _fade_retiring(self, dt: float) -> None:
        """Advance the retiring banks' fades by ``dt`` seconds; free the finished ones."""
        if not self._retiring:
            return
        with self._lock:
            if self._lost:
                return
            g, sf = self._r.AL_GAIN, self.al.alSourcef
            for bank in list(self._retiring):
                bank.elapsed_s += dt
                if bank.elapsed_s >= bank.duration_s:
                    self._retiring.remove(bank)
                    self._free(bank.sources, bank.buffers, bank.feeders)
                    continue
                k = bank.gain()
                for src, g0 in zip(bank.sources, bank.start_gains, strict=True):
                    sf(src, g, g0 * k)

    def _build(self, staged: _Staged | None = None) -> None:
        al, dev = self.al, self.device
        voices = self._voices
        n = len(voices)
        if n == 0:
            return
        if staged is not None:
            buf_of = dict(staged.buffers)
        else:
            static = [i for i, v in enumerate(voices) if v.stream is None]
            bufs = dev.gen_buffers(len(static)) if static else []
            buf_of = dict(zip(static, bufs, strict=True))
        self._buffers = list(buf_of.values())
        self._sources = dev.gen_sources(n)
        for i, (voice, src) in enumerate(zip(voices, self._sources, strict=True)):
            if voice.stream is None and staged is None:
                dev.buffer_mono_float(buf_of[i], voice.samples, self.sample_rate)
            self._setup_source(src, voice, buf_of.get(i))
            if voice.allow_overlap and not voice.loop and voice.stream is None:
                extra = dev.gen_sources(2)
                for e in extra:
                    self._setup_source(e, voice, buf_of[i])
                self._extra[i] = extra
            if voice.stream is not None:
                feeder = staged.feeders.get(i) if staged is not None else None
                if feeder is None:
                    feeder = StreamFeeder(dev, src, voice.stream, self.sample_rate)
                feeder.source = src
                self._feeders[i] = feeder
        for i, voice in enumerate(voices):
            if voice.loop and voice.stream is None:
                al.alSourcePlay(self._sources[i])
        dev.check("alSourcePlay")
        for feeder in self._feeders.values():
            feeder.fill()
            feeder.pump()

    def _setup_source(self, src: int, voice: VoiceSpec, buf: int | None) -> None:
        r, al, dev = self._r, self.al, self.device
        if buf is not None:
            al.alSourcei(src, r.AL_BUFFER, buf)
        looping = voice.loop and voice.stream is None
        al.alSourcei(src, r.AL_LOOPING, r.AL_TRUE if looping else r.AL_FALSE)
        al.alSourcei(src, r.AL_SOURCE_RELATIVE, r.AL_TRUE if voice.head_anchored else 0)
        al.alSourcef(src, r.AL_REFERENCE_DISTANCE, REFERENCE_DISTANCE_M)
        al.alSourcef(src, r.AL_ROLLOFF_FACTOR, 1.0)
        al.alSourcef(src, r.AL_MAX_DISTANCE, 50.0)
        al.alSourcef(src, r.AL_MAX_GAIN, MAX_SOURCE_GAIN)
        al.alSourcef(src, r.AL_GAIN, 0.0)
        dev.check(f"setting up source for voice {voice.name!r}")
        if self._reverb is not None and voice.reverb_send > 0:
            level = min(max(_clean(voice.reverb_send), 0.0), 1.0)
            self._filter.send(src, self._reverb.slot, level)
            dev.check(f"reverb send for voice {voice.name!r}")

    def trigger(self, index: int) -> None:
        """Start a one-shot voice from its beginning.

        While it still sounds a second trigger is ignored, unless the voice allows overlap
        (then a free copy plays, up to three at once).
        """
        try:
            with self._lock:
                self._trigger_held(index)
        except Exception as exc:
            self._fault(exc)

    def _trigger_held(self, index: int) -> None:
        """:meth:`trigger` with the lock held."""
        if self._lost or not (0 <= index < len(self._sources)):
            return
        voice = self._voices[index]
        if voice.stream is not None or voice.loop:
            return
        for src in [self._sources[index], *self._extra.get(index, [])]:
            if not self._playing(src):
                self.al.alSourceRewind(src)
                self.al.alSourcePlay(src)
                self.device.check(f"alSourcePlay({voice.name!r})")
                return

    def _playing(self, src: int) -> bool:
        state = ctypes.c_int(0)
        self.al.alGetSourcei(src, self._r.AL_SOURCE_STATE, ctypes.byref(state))
        return state.value == self._r.AL_PLAYING

    def set_reverb(self, name: str) -> None:
        """Use the named EAX reverb preset (``"none"`` for a dry scene)."""
        from vrasmr.sound.spatial.presets import reverb_preset

        reverb_preset(name)  # unknown names raise ValueError here, at scene load
        with self._lock:
            self._reverb_name = name
            self.status.reverb = name
            if self._reverb is not None and not self._lost:
                self._reverb.load(name)

    # ---- per frame ----------------------------------------------------------------
    def set_listener(self, pose: Pose) -> None:
        """Take the head pose of this frame; it is applied with the next post (cheap: no
        OpenAL call and no wait for the mixer on the frame thread). The orientation is
        a unit quaternion already (:class:`~vrasmr.xmath.Pose`'s invariant)."""
        try:
            px, py, pz = pose.position3
            if not math.isfinite(px + py + pz):  # a broken position: stay at the origin
                px = py = pz = 0.0
            with self._mail_lock:
                self._listener_mail = (px, py, pz, *pose.quat4)
        except Exception as exc:
            self._fault(exc)

    def _take_listener(self, post) -> None:
        """Install a posted head pose (the lock is held); sent with the next batch."""
        px, py, pz = post[:3]
        r00, r01, r02, r10, r11, r12, r20, r21, r22 = rotation_rows(post[3:])
        # Columns of the rotation matrix: right (+X), up (+Y), forward (-Z).
        right, up, fwd = (r00, r10, r20), (r01, r11, r21), (-r02, -r12, -r22)
        self._lpos[0], self._lpos[1], self._lpos[2] = px, py, pz
        self._orient[0:3] = fwd
        self._orient[3:6] = up
        self._lp = np.array((px, py, pz))
        self._fwd = fwd  # tuples: made arrays only when a source is near
        self._right = right
        self._listener_dirty = True

    def _send_listener(self) -> None:
        r, al = self._r, self.al
        al.alListenerfv(r.AL_POSITION, self._lpos)
        al.alListenerfv(r.AL_ORIENTATION, self._orient)
        self._listener_dirty = False

    def update(self, positions: np.ndarray, gains: np.ndarray, dt: float = 1 / 90) -> None:
        """Post this frame's voice positions and gain targets (linear); cheap, never blocks
        on the mixer.

        The sound thread applies the latest post at once (playback), or the next
        :meth:`render` does before it mixes (loopback); :meth:`apply_pending` applies it now.
        Posts that are overtaken before being applied add their ``dt`` to the next one.
        """
        try:
            post = (np.array(positions, dtype=float), np.array(gains, dtype=float))
        except Exception as exc:
            self._fault(exc)
            return
        with self._mail_lock:
            waiting = self._mail
            self._mail = ("values", *post, dt + (waiting[-1] if waiting is not None else 0.0))
        if self._service is not None:
            self._wake.set()

    def advance(self, t0: float, t1: float, arg=None, dt: float = 1 / 90) -> None:
        """Post this frame's span ``[t0, t1)`` of scene time; the sound thread (or the next
        :meth:`render`, on loopback) asks the ``source`` given to :meth:`prepare` for the
        voices' positions, gains and triggers there, passing ``arg`` on.

        The frame thread only posts (about a microsecond): evaluating the scene's sounds is
        the sound thread's work. Posts overtaken before being applied merge: the span starts
        where the first one did, so no trigger is missed, and their ``dt`` add up."""
        source = self._source
        with self._mail_lock:
            waiting = self._mail
            if waiting is not None:
                dt += waiting[-1]
                if waiting[0] == "span" and waiting[1] is source:
                    t0 = waiting[2]
            self._mail = ("span", source, t0, t1, arg, dt)
        if self._service is not None:
            self._wake.set()

    def apply_pending(self) -> None:
        """Apply the last posted update and listener pose, in one deferred batch."""
        with self._mail_lock:
            mail, self._mail = self._mail, None
            head, self._listener_mail = self._listener_mail, None
        if mail is None and head is None and not self._listener_dirty:
            return
        try:
            with self._lock:
                if head is not None:
                    self._take_listener(head)
                if self._lost:
                    return
                if mail is None:
                    self._send_listener()
                elif mail[0] == "span":
                    self._follow(*mail[1:])
                else:
                    self._update(*mail[1:])
        except Exception as exc:
            self._fault(exc)

    def _follow(self, source, t0: float, t1: float, arg, dt: float) -> None:
        """Evaluate a posted span with its source (lock held); a span posted for voices
        that :meth:`prepare` has since replaced is dropped."""
        if source is None or source is not self._source:
            self._send_listener()
            return
        positions, gains, triggers = source(t0, t1, arg)
        self._update(positions, gains, dt)
        for index in triggers:
            self._trigger_held(index)

    def _update(self, positions, gains, dt: float) -> None:
        al, v = self.al, self._v
        n = v.n
        dt = min(max(_clean(dt, 1 / 90), 1e-4), 0.25)
        defer = al.alDeferUpdatesSOFT
        if defer is not None:
            defer()
        if self._listener_dirty:
            self._send_listener()
        if n and self._sources:
            self._place(positions, dt)
            self._gain(gains, dt)
        if defer is not None:
            al.alProcessUpdatesSOFT()

    def _place(self, positions, dt: float) -> None:
        """Glide over jumps, keep out of the head, send positions and closeness filters."""
        v = self._v
        # The engine's own array: update() copied the caller's, and a source's are fresh.
        want = np.asarray(positions, dtype=float)[: v.n]
        if not math.isfinite(float(want.sum())):  # NaN, inf, or absurdly far
            want = np.clip(np.nan_to_num(want, posinf=0.0, neginf=0.0), -1e4, 1e4)
        if want.shape != v.pos.shape:
            raise ValueError(f"positions must be ({v.n}, 3), got {want.shape}")
        if not v.moved:
            v.pos = want
            v.moved = True
        else:
            delta = want - v.pos
            d2 = np.einsum("ij,ij->i", delta, delta)
            lim = POSITION_SLEW_M_PER_S * dt
            if d2.max() <= lim * lim:
                v.pos = want
            else:
                v.pos = v.pos + delta * np.fmin(1.0, lim / np.sqrt(np.fmax(d2, 1e-30)))[:, None]
        rel = np.where(v.head[:, None], v.pos, v.pos - self._lp) if v.any_head else v.pos - self._lp
        r2 = np.einsum("ij,ij->i", rel, rel)
        v.r2 = r2
        if r2.min() >= prox.FAR2:  # nobody near an ear: the common, cheap case
            if v.any_near:
                v.near[:] = 0.0
                self._refilter(np.zeros(v.n, dtype=np.int32))
                v.any_near = False
                v.settled = False  # the boost must come off the sent gains
            out = v.pos
        else:
            fwd, right = np.array(self._fwd), np.array(self._right)
            rel, r2 = prox.push_out(rel, r2, fwd)
            lateral = np.where(v.head, rel[:, 0], rel @ right) if v.any_head else rel @ right
            v.near = prox.nearness(r2, lateral)
            v.r2 = r2
            v.any_near = True
            self._refilter(prox.near_step(v.near))
            out = np.where(v.head[:, None], rel, rel + self._lp) if v.any_head else rel + self._lp
        x = self._r.AL_POSITION
        s3f = al_s3f = self.al.alSource3f
        for src, (px, py, pz) in zip(self._sources, out.tolist()):  # noqa: B905 (hot)
            s3f(src, x, px, py, pz)
        if self._extra:
            for i, extra in self._extra.items():
                px, py, pz = out[i].tolist()
                for src in extra:
                    al_s3f(src, x, px, py, pz)

    def _refilter(self, steps: np.ndarray) -> None:
        v = self._v
        if self._filter is None:
            return
        for i in np.flatnonzero(steps != v.sent_step).tolist():
            gain_hf = prox.step_gain_hf(int(steps[i]))
            for src in [self._sources[i], *self._extra.get(i, ())]:
                self._filter.direct(src, 1.0, gain_hf)
        v.sent_step = steps

    def _gain(self, gains, dt: float) -> None:
        """Voice limit, slew towards the targets, closeness boost; send what changed."""
        v = self._v
        target = np.fmin(np.fmax(np.asarray(gains, dtype=float)[: v.n], 0.0), 1.0)  # NaN -> 0
        limited = v.n > self.max_voices
        if limited:
            v.allowed = admitted(self.max_voices, v.priority, target, np.sqrt(v.r2))
            target = np.where(v.allowed, target, 0.0)
        diff = target - v.gain
        if v.settled and not v.any_near and not diff.any():
            return
        step = GAIN_SLEW_PER_S * dt
        v.gain += np.fmin(np.fmax(diff, -step), step)
        out_gain = v.gain * prox.near_gain(v.near) if v.any_near else v.gain
        changed = np.flatnonzero(out_gain != v.sent_gain)
        g = self._r.AL_GAIN
        sf = self.al.alSourcef
        for i, gi in zip(changed.tolist(), out_gain[changed].tolist(), strict=True):
            sf(self._sources[i], g, gi)
            for src in self._extra.get(i, ()):
                sf(src, g, gi)
        v.sent_gain[changed] = out_gain[changed]
        v.settled = not (target - v.gain).any()
        if limited:
            self._apply_limit()
        self.status.active_voices = int(np.count_nonzero(v.gain > 1e-4))

    def _apply_limit(self) -> None:
        """Pause looping/streaming voices the limit has faded out; resume re-admitted ones."""
        v = self._v
        for i in np.flatnonzero(
            (~v.allowed & ~v.paused & (v.gain <= 0.0)) | (v.allowed & v.paused)
        ):
            voice, src = self._voices[i], self._sources[i]
            if not (voice.loop or voice.stream is not None):
                continue
            feeder = self._feeders.get(int(i))
            if v.paused[i]:
                self.al.alSourcePlay(src)
            else:
                self.al.alSourcePause(src)
            v.paused[i] = not v.paused[i]
            if feeder is not None:
                feeder.active = not v.paused[i]

    # ---- master gain and fades ----------------------------------------------------
    def set_master(self, gain: float, immediate: bool = False) -> None:
        """Set where the master gain is heading; it moves there slowly, never in a step.

        ``immediate`` jumps there at once: only for before any sound has started (offline
        renders), since voices themselves still rise from silence.
        """
        self.master_target = min(max(_clean(gain), 0.0), MASTER_CEILING)
        if immediate:
            with self._lock:
                self._master = self.master_target
                if not self._lost:
                    self.al.alListenerf(self._r.AL_GAIN, float(self._master))
                    self._sent_master = self._master

    def set_master_schedule(self, fn: Callable[[float], float] | None) -> None:
        """Multiply the master target by ``fn(t)`` on the service thread (e.g. a sleep
        timer's ``gain_at``); ``t`` is ``time.monotonic()`` for playback and seconds
        rendered for loopback. ``None`` removes it."""
        self._schedule = fn

    def _master_goal(self, now: float) -> float:
        goal = self.master_target
        fn = self._schedule
        if fn is not None:
            try:
                goal *= min(max(_clean(float(fn(now))), 0.0), 1.0)
            except Exception as exc:
                self.status.say(f"master schedule failed ({exc}); holding the level")
                self._schedule = None
        return min(goal, MASTER_CEILING)

    def _apply_master(self, dt: float, now: float) -> None:
        goal = self._master_goal(now)
        step = MASTER_SLEW_PER_S * dt
        level = self._master + max(-step, min(step, goal - self._master))
        self._master = level = min(max(level, 0.0), MASTER_CEILING)
        if level == self._sent_master:
            return
        with self._lock:
            if not self._lost:
                self.al.alListenerf(self._r.AL_GAIN, float(level))
                self._sent_master = level

    @property
    def master(self) -> float:
        return self._master

    # ---- service thread: master fades, streams, device watch ------------------------
    def _start_service(self) -> None:
        """A thread that keeps fading, feeding streams and watching the device when frames
        stop (headset taken off)."""

        def run():
            last = time.monotonic()
            while not self._stop.is_set():
                self._wake.wait(SERVICE_TICK_S)  # a frame's post, or the next tick
                self._wake.clear()
                self.apply_pending()
                now = time.monotonic()
                if now - last < SERVICE_TICK_S * 0.9:
                    continue  # a frame woke us early; the rest runs on its own tick
                try:
                    self._apply_master(now - last, now)
                    self._fade_retiring(now - last)
                    self._pump_streams()
                    self.poll_device(now)
                except Exception as exc:
                    self._fault(exc)
                last = now

        self._service = threading.Thread(target=run, name="vrasmr-sound", daemon=True)
        self._service.start()

    def _pump_streams(self) -> None:
        feeders = list(self._feeders.values())
        feeders += [f for bank in self._retiring for f in bank.feeders]
        for feeder in feeders:
            feeder.fill()  # may decode: outside the lock
        with self._lock:
            if not self._lost:
                for feeder in feeders:
                    feeder.pump()

    def poll_device(self, now: float | None = None) -> None:
        """Check the device; when lost, go silent and try to reopen every RETRY_S seconds."""
        now = time.monotonic() if now is None else now
        if not self._lost:
            if now < self._next_check:
                return
            self._next_check = now + 1.0
            if self.device.connected():
                return
            self._lose("the sound device was disconnected")
            self._retry_at = now + RETRY_S
        elif now >= self._retry_at:
            self._retry_at = now + RETRY_S
            self._reopen()

    def _lose(self, why: str) -> None:
        with self._lock:
            self._lost = True
            self.status.connected = False
            self.status.say(f"{why}; carrying on silently and retrying every {RETRY_S:g} s")
            try:
                self._release()
                self.device.close()
            except Exception:
                pass  # the device is gone; nothing more to free

    def _reopen(self) -> None:
        try:
            device = self._open_device(self.sample_rate, self.device.loopback)
        except Exception:
            return
        with self._lock:
            try:
                self._attach(device)
                self._v = _Voices(self._voices)
                self._build()
            except Exception as exc:
                self.status.say(f"reopening the sound device failed ({exc})")
                device.close()
                return
            self._lost = False
            self.status.connected = True
            self._next_check = 0.0
            log.warning("sound: device back (%s)", device.name)

    def _fault(self, exc: Exception) -> None:
        """An error in a per-frame call: say it once, go silent if the device is gone."""
        self.status.say(f"sound error: {exc}")
        try:
            gone = not self._lost and not self.device.connected()
        except Exception:
            gone = True
        if gone:
            self._lose("the sound device stopped answering")
            self._retry_at = time.monotonic() + RETRY_S

    # ---- output -------------------------------------------------------------------
    def render(self, frames: int, block: int = 256) -> np.ndarray:
        """Mix ``frames`` of float stereo (loopback only), slewing the master per block.

        Streams are fed and the master schedule is evaluated between blocks, on the
        render clock. A lost device renders silence.
        """
        if not self.device.loopback:
            raise RuntimeError("render() needs the loopback device")
        out = np.zeros((frames, 2), dtype=np.float32)
        pos = 0
        self.apply_pending()
        while pos < frames:
            n = min(block, frames - pos)
            self._apply_master(n / self.sample_rate, self._clock)
            self._clock += n / self.sample_rate
            self._fade_retiring(n / self.sample_rate)
            if self._feeders or self._retiring:
                self._pump_streams()
            with self._lock:
                if not self._lost:
                    if self._listener_dirty:
                        self._send_listener()
                    self.device.render_into(out[pos : pos + n])
            pos += n
        # ALC_SOFT_output_limiter keeps peaks at full scale give or take a rounding step;
        # the clip makes the ceiling exact for files and tests.
        np.clip(out, -OUTPUT_CEILING, OUTPUT_CEILING, out=out)
        return out

    def pause(self) -> None:
        pause = self.al.alcDevicePauseSOFT
        if pause is not None and not self.device.loopback and not self._lost:
            pause(self.device.handle)

    def _release(self) -> None:
        extra = [s for group in self._extra.values() for s in group]
        self._free(self._sources + extra, self._buffers, list(self._feeders.values()))
        for bank in self._retiring:
            self._free(bank.sources, bank.buffers, bank.feeders)
        self._retiring = []
        self._feeders = {}
        self._sources, self._buffers, self._extra = [], [], {}

    def _free(self, sources: list[int], buffers: list[int], feeders) -> None:
        for feeder in feeders:
            feeder.release()
        for src in sources:
            self.al.alSourceStop(src)
        if sources:
            self.device.delete_sources(sources)
        if buffers:
            self.device.delete_buffers(buffers)

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._service is not None:
            self._service.join(timeout=1.0)
        with self._lock:
            if not self._lost and self.device.handle:
                self._release()
                for obj in (self._reverb, self._filter):
                    if obj is not None:
                        obj.delete()
                self.device.close()
            self._lost = True


def open_engine(kind: str = "auto", sample_rate: int = SAMPLE_RATE):
    """The best engine available: ``"playback"``, ``"loopback"``, ``"silent"`` or ``"auto"``.

    ``auto`` tries the playback device and falls back to silence with one clear line in
    ``status.problems``; it never raises for a missing library or device.
    """
    if kind == "silent":
        return SilentEngine("sound is off")
    try:
        if kind == "loopback":
            return OpenALEngine.loopback(sample_rate)
        return OpenALEngine.playback(sample_rate)
    except Exception as exc:
        if kind == "loopback":
            raise
        engine = SilentEngine(str(exc))
        engine.status.problems.append(f"no sound: {exc}")
        return engine


def db_to_gain(db: float) -> float:
    return 0.0 if db <= -120 else math.pow(10.0, db / 20.0)
