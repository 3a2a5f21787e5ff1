"""What the OpenAL engine does on its own clock rather than a frame's: step the master
towards its goal under the loudness guard's cap, fade the retiring banks, feed the streams
and watch the device: on the sound thread (:mod:`.service`) for playback, between the blocks
of :meth:`OwnClock.render` on loopback (the clock is then the seconds rendered).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from vrasmr.sound.engine.contract import MASTER_CEILING
from vrasmr.sound.engine.guard import LIMIT_LUFS, LoudnessGuard
from vrasmr.sound.engine.master import finite_or_zero
from vrasmr.sound.engine.service import ServiceThread
from vrasmr.sound.engine.streams import StreamFeeder

log = logging.getLogger("vrasmr.sound.engine")

OUTPUT_CEILING = 1.0  # no rendered sample goes beyond full scale


class OwnClock:
    """The :class:`~.openal_engine.OpenALEngine`'s clocked part (a base it composes its
    parts on: ``_master``, ``_guard``, ``_retiring``, ``_voices``, ``_oneoffs``, ``_mail``,
    ``_link`` and ``_lock`` are the engine's)."""

    # ---- master gain and fades ----------------------------------------------------
    def set_master(self, gain: float, immediate: bool = False) -> None:
        """Set where the master gain is heading; it moves there slowly, never in a step.

        ``immediate`` jumps there at once: only for before any sound has started (offline
        renders), since voices themselves still rise from silence.
        """
        master = self._master
        master.target = min(max(finite_or_zero(gain), 0.0), MASTER_CEILING)
        if immediate:
            with self._lock:
                master.level = master.target
                if not self._link.lost:
                    master.send(self._link.al)

    def set_master_schedule(self, fn: Callable[[float], float] | None) -> None:
        """Multiply the master target by ``fn(t)`` on the service thread (e.g. a sleep
        timer's ``gain_at``); ``t`` is ``time.monotonic()`` for playback and seconds
        rendered for loopback. ``None`` removes it."""
        self._master.schedule = fn

    @property
    def master(self) -> float:
        return self._master.level

    @property
    def guard(self) -> LoudnessGuard:
        """The loudness guard: its estimate and the cap it holds the master to."""
        return self._guard

    def _step_master(self, dt: float, now: float) -> None:
        guard, master = self._guard, self._master
        fresh = guard.fresh
        cap = guard.step(dt, self._retiring.estimates())
        if fresh and not guard.fresh:  # nothing heard yet: the cap holds from the start
            master.level = min(master.level, cap)
        if guard.engaged and not guard.said and guard.cap_db <= guard.target_db + 0.05:
            guard.said = True  # once a scene, when the cap has come down as far as it goes
            log.info(
                "sound: the scene would be louder than %.0f LUFS (estimate %.1f LUFS, "
                "%.1f dBTP at full volume); the loudness guard holds it %.1f dB down",
                LIMIT_LUFS,
                guard.estimate_lufs,
                guard.estimate_dbtp,
                -guard.cap_db,
            )
        at_rest = master.schedule is None and master.level == master.target == master.sent
        if at_rest and cap == master.cap:
            return  # nothing to move or send
        master.cap = cap
        if master.step(dt, now):
            with self._lock:
                if not self._link.lost:
                    self._master.send(self._link.al)

    # ---- the engine's own clock: fades, streams, device watch ------------------------
    def _start_service(self) -> None:
        """A thread that keeps fading, feeding streams and watching the device when frames
        stop (headset taken off)."""
        self._mail.wakes = True
        self._service = ServiceThread(self._mail.wake, self.apply_pending, self._tick, self._fault)

    def _tick(self, dt: float, now: float) -> None:
        self._step_master(dt, now)
        self._fade_retiring(dt)
        self._feed_streams()
        self.poll_device(now)

    def _fade_retiring(self, dt: float) -> None:
        if not self._retiring:
            return
        with self._lock:
            if not self._link.lost:
                self._retiring.fade(self._link.device, dt)

    def _stream_feeders(self) -> list[StreamFeeder]:
        return [
            *self._voices.feeders.values(),
            *self._retiring.feeders(),
            *self._oneoffs.feeders(),
        ]

    def _feed_streams(self) -> None:
        """Fill every stream's next blocks (may decode: outside the lock), then queue them;
        underruns found are counted in ``status.stream_underruns``.

        A switch may free feeders while they fill: only those still current are pumped."""
        with self._lock:  # not in the middle of a prepare(), which fills new feeders itself
            feeders = self._stream_feeders()
        for feeder in feeders:
            feeder.fill()
        with self._lock:
            if not self._link.lost:
                for feeder in self._stream_feeders():
                    self.status.stream_underruns += feeder.pump()
                if self._oneoffs.playing:
                    self._oneoffs.reap(self._link.device)

    # ---- output -------------------------------------------------------------------
    def render(self, frames: int, block: int = 256) -> np.ndarray:
        """Mix ``frames`` of float stereo (loopback only), slewing the master per block.

        Streams are fed and the master schedule is evaluated between blocks, on the
        render clock. A lost device renders silence.
        """
        if not self._link.device.loopback:
            raise RuntimeError("render() needs the loopback device")
        out = np.zeros((frames, 2), dtype=np.float32)
        pos = 0
        self.apply_pending()
        link, listener = self._link, self._listener
        while pos < frames:
            n = min(block, frames - pos)
            self._step_master(n / self.sample_rate, self._clock)
            self._clock += n / self.sample_rate
            if self._retiring:
                self._fade_retiring(n / self.sample_rate)
            if self._voices.feeders or self._retiring or self._oneoffs.playing:
                self._feed_streams()
            with self._lock:
                if not link.lost:
                    if listener.dirty:
                        listener.send(link.al)
                    link.device.render_into(out[pos : pos + n])
            pos += n
        # ALC_SOFT_output_limiter keeps peaks at full scale give or take a rounding step;
        # the clip makes the ceiling exact for files and tests.
        np.clip(out, -OUTPUT_CEILING, OUTPUT_CEILING, out=out)
        return out
