"""Where a bank's voices sound from and how loud: positions that glide over jumps and stay
out of the head, closeness cues near an ear, gains slewed towards their targets, and the
voice limit.

Runs on the sound thread with the engine's lock held, once per applied post, inside one
deferred OpenAL batch; only what changed is sent.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from vrasmr.sound.engine.listener import Listener
from vrasmr.sound.openal import _raw as r
from vrasmr.sound.spatial import proximity as prox
from vrasmr.sound.spatial.voice_limit import admitted

if TYPE_CHECKING:
    from vrasmr.sound.engine.voices import VoiceBank

GAIN_SLEW_PER_S = 4.0  # largest change of a voice gain per second (linear units)
POSITION_SLEW_M_PER_S = 6.0  # a source jumping further than this per second glides instead


class Placement:
    """Per-voice arrays for one :class:`~.voices.VoiceBank` (made with it, per prepare)."""

    def __init__(self, bank: VoiceBank, max_voices: int):
        voices = bank.specs
        n = len(voices)
        self.bank = bank
        self.max_voices = max_voices
        self.n = n
        self.head = np.array([v.head_anchored for v in voices], dtype=bool)
        self.world = (~self.head).astype(float)[:, None]  # 1 for a world voice: moves with lp
        self.priority = np.array([v.priority for v in voices], dtype=np.int64)
        self.gain = np.zeros(n)  # slewed voice gain
        self.target = np.zeros(n)  # where the gains are heading (after the voice limit)
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
        self.settled_on: bytes | None = None  # the gains posted when the slews settled
        self.slack = -1.0  # metres every voice is known to be beyond the near zone (<0: unknown)
        self.moved = False

    # ---- positions ----------------------------------------------------------------------
    def place(self, positions, dt: float, listener: Listener) -> None:
        """Glide over jumps, keep out of the head, send positions and closeness filters."""
        if not self._place_far(positions, dt, listener):
            self._place(positions, dt, listener)

    def _place_far(self, positions, dt: float, listener: Listener) -> bool:
        """The common frame, in a few small array operations: every voice moved less than
        the glide allows and none is near an ear. Sent; True. Anything else (a NaN, a jump,
        a voice near an ear): False, and nothing done, for the full path."""
        want = positions
        if not self.moved or self.any_near or type(want) is not np.ndarray:
            return False
        if want.shape != self.pos.shape or want.dtype != np.float64:
            return False
        delta = want - self.pos
        moves = np.vecdot(delta, delta).tolist()  # Python's max of 32 floats beats numpy's
        total = sum(moves)
        lim = POSITION_SLEW_M_PER_S * dt
        if not (total == total and max(moves) <= lim * lim):  # (total != total: a NaN)
            return False
        # Nobody near an ear? Known without measuring while the voices and the head have not
        # together moved as far as the nearest voice was from the near zone (the distances
        # are only needed then, and for the voice limit)
        self.slack -= math.sqrt(max(moves)) + listener.step_m
        listener.step_m = 0.0
        if self.slack <= 0.0 or self.n > self.max_voices:
            rel = (
                want - self.world * listener.position if self.any_head else want - listener.position
            )
            r2 = np.vecdot(rel, rel)
            nearest = min(r2.tolist())
            if nearest < prox.FAR2:
                return False
            self.r2, self.slack = r2, math.sqrt(nearest) - math.sqrt(prox.FAR2)
        self.pos = want
        self._send(want)
        return True

    def _place(self, positions, dt: float, listener: Listener) -> None:
        # The engine's own array: update() copied the caller's, and a source's are fresh.
        want = np.asarray(positions, dtype=float)[: self.n]
        if not math.isfinite(float(want.sum())):  # NaN, inf, or absurdly far
            want = np.clip(np.nan_to_num(want, posinf=0.0, neginf=0.0), -1e4, 1e4)
        if want.shape != self.pos.shape:
            raise ValueError(f"positions must be ({self.n}, 3), got {want.shape}")
        if not self.moved:
            self.pos = want
            self.moved = True
        else:
            delta = want - self.pos
            d2 = np.einsum("ij,ij->i", delta, delta)
            lim = POSITION_SLEW_M_PER_S * dt
            if d2.max() <= lim * lim:
                self.pos = want
            else:
                step = np.fmin(1.0, lim / np.sqrt(np.fmax(d2, 1e-30)))
                self.pos = self.pos + delta * step[:, None]
        lp, head, pos = listener.position, self.head, self.pos
        rel = np.where(head[:, None], pos, pos - lp) if self.any_head else pos - lp
        r2 = np.einsum("ij,ij->i", rel, rel)
        self.r2 = r2
        listener.step_m = 0.0
        self.slack = math.sqrt(max(float(r2.min()), 0.0)) - math.sqrt(prox.FAR2)
        if r2.min() >= prox.FAR2:  # nobody near an ear: the common, cheap case
            if self.any_near:
                self.near[:] = 0.0
                self._refilter(np.zeros(self.n, dtype=np.int32))
                self.any_near = False
                self.settled = False  # the boost must come off the sent gains
                self.settled_on = None
            out = pos
        else:
            fwd, right = np.array(listener.forward), np.array(listener.right)
            rel, r2 = prox.push_out(rel, r2, fwd)
            lateral = np.where(head, rel[:, 0], rel @ right) if self.any_head else rel @ right
            self.near = prox.nearness(r2, lateral)
            self.r2 = r2
            self.any_near = True
            self._refilter(prox.near_step(self.near))
            out = np.where(head[:, None], rel, rel + lp) if self.any_head else rel + lp
        self._send(out)

    def _send(self, out: np.ndarray) -> None:
        bank = self.bank
        x = r.AL_POSITION
        s3f = bank.link.al.alSource3f
        for src, (px, py, pz) in zip(bank.sources, out.tolist()):  # noqa: B905 (hot)
            s3f(src, x, px, py, pz)
        if bank.extra:
            for i, extra in bank.extra.items():
                px, py, pz = out[i].tolist()
                for src in extra:
                    s3f(src, x, px, py, pz)

    def _refilter(self, steps: np.ndarray) -> None:
        bank = self.bank
        lowpass = bank.link.filter
        if lowpass is None:
            return
        for i in np.flatnonzero(steps != self.sent_step).tolist():
            gain_hf = prox.step_gain_hf(int(steps[i]))
            for src in [bank.sources[i], *bank.extra.get(i, ())]:
                lowpass.direct(src, 1.0, gain_hf)
        self.sent_step = steps

    # ---- gains --------------------------------------------------------------------------
    def set_gains(self, gains, dt: float) -> int | None:
        """Voice limit, slew towards the targets, closeness boost; send what changed.

        Returns how many voices are audible now, or None when nothing had to change."""
        posted = gains.tobytes() if type(gains) is np.ndarray else None
        if posted is not None and posted == self.settled_on and not self.any_near:
            return None  # the same targets as when every slew arrived: nothing moves
        target = np.fmin(np.fmax(np.asarray(gains, dtype=float)[: self.n], 0.0), 1.0)  # NaN→0
        limited = self.n > self.max_voices
        if limited:
            self.allowed = admitted(self.max_voices, self.priority, target, np.sqrt(self.r2))
            target = np.where(self.allowed, target, 0.0)
        self.target = target
        diff = target - self.gain
        if self.settled and not self.any_near and not diff.any():
            return None
        step = GAIN_SLEW_PER_S * dt
        self.gain += np.fmin(np.fmax(diff, -step), step)
        out_gain = self.gain * prox.near_gain(self.near) if self.any_near else self.gain
        changed = np.flatnonzero(out_gain != self.sent_gain)
        bank = self.bank
        g = r.AL_GAIN
        sf = bank.link.al.alSourcef
        for i, gi in zip(changed.tolist(), out_gain[changed].tolist(), strict=True):
            sf(bank.sources[i], g, gi)
            for src in bank.extra.get(i, ()):
                sf(src, g, gi)
        self.sent_gain[changed] = out_gain[changed]
        self.settled = not (target - self.gain).any()
        self.settled_on = posted if self.settled and not limited else None
        if limited:
            self._apply_limit()
        return int(np.count_nonzero(self.gain > 1e-4))

    def _apply_limit(self) -> None:
        """Pause looping/streaming voices the limit has faded out; resume re-admitted ones."""
        bank = self.bank
        al = bank.link.al
        for i in np.flatnonzero(
            (~self.allowed & ~self.paused & (self.gain <= 0.0)) | (self.allowed & self.paused)
        ):
            voice, src = bank.specs[i], bank.sources[i]
            if not (voice.loop or voice.stream is not None):
                continue
            feeder = bank.feeders.get(int(i))
            if self.paused[i]:
                al.alSourcePlay(src)
            else:
                al.alSourcePause(src)
            self.paused[i] = not self.paused[i]
            if feeder is not None:
                feeder.active = not self.paused[i]
