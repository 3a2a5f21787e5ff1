"""Head pose to signals: 10 Hz bins on the frame path, then stillness and breathing per window.

The frame path only adds each frame's pose into the current 100 ms bin (a few float
additions); when a bin closes it goes into a ring buffer and is compared with a slowly
following reference orientation, so a movement is seen within a tenth of a second
(:attr:`PoseSampler.moving_now`). Every :data:`EPOCH_S` the sampler hands out a
:class:`Window` (a copy of the last :data:`WINDOW_S`) for :func:`read_epoch`, which runs off
the frame path.

Breathing (:func:`breathing_rate`): the window's orientation (rotation vector about its mean,
degrees) and position (millimetres) are detrended, windowed (Hann) and transformed once; the
strongest direction in the breathing band (the first principal component of the band's
cross-spectrum, so a tilt, a roll or a lift all count) gives one spectrum. It counts as
breathing when its peak in 0.09-0.52 Hz (5.4-31 a minute) holds a good share of the band's
power (purity) and stands well above the noise floor measured at 0.8-2 Hz. The rate is then
counted: the principal direction, band-limited, rises through +0.3 standard deviations once
a breath (after falling below -0.3); breaths a minute over the counted breaths. How even
the breaths are (std / mean of their lengths) is counted again in a band about the peak
(half to twice its frequency), out of reach of slow drift and noise: it is what tells
steady (sleep) from irregular (awake) breathing.
When the count and the spectral peak (refined by a parabola through the log powers)
disagree by more than 30 %, or the breaths are too uneven (variation over 0.3), the window
gives no rate.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

SAMPLE_HZ = 10.0
BIN_S = 1.0 / SAMPLE_HZ
EPOCH_S = 5.0  # how often a window is read
WINDOW_S = 90.0  # breathing window: nine breaths at 6 a minute
RING_S = 120.0
EPOCH_BINS = int(EPOCH_S * SAMPLE_HZ)
WINDOW_BINS = int(WINDOW_S * SAMPLE_HZ)
RING_BINS = int(RING_S * SAMPLE_HZ)
SHIFT_LAG_S = 30.0  # slow shifts: this epoch's place against 30 s earlier

MOVE_DEG = 1.5  # the head turned more than this within an epoch: moving
MOVE_MM = 12.0
SHIFT_DEG = 3.0  # ... or ended up this far from where it was 30 s ago
SHIFT_MM = 25.0
FROZEN_DEG = 1e-4  # a pose that does not change at all: the runtime froze it (headset off)
FROZEN_MM = 1e-3

BREATH_HZ = (0.09, 0.52)  # the rates looked for: 5.4-31 a minute
BAND_HZ = (0.07, 0.6)  # the band the principal direction and purity are taken in
NOISE_HZ = (0.8, 2.0)
PEAK_HALF_WIDTH_HZ = 0.025
MIN_PURITY = 0.35
MIN_SNR = 10.0  # peak power per bin over the noise floor per bin
NFFT = 8192
HYSTERESIS = 0.3  # a breath rises through +0.3 standard deviations after falling below -0.3
COUNT_AGREES = 0.3  # the counted rate must be within 30 % of the spectral peak ...
MAX_VARIATION = 0.3  # ... and the breath lengths this even (std / mean) to give a rate
COUNT_BAND = (0.5, 2.0)  # evenness is read in this band about the spectral peak
# per-bin reference that follows the head: slowly while still, quickly while moving
_REF_SLOW = 0.02  # ~5 s time constant at 10 Hz
_REF_FAST = 0.3
_COS_MOVE = math.cos(math.radians(MOVE_DEG) / 2.0)


@dataclass(frozen=True)
class Window:
    """The last :data:`WINDOW_S` of 10 Hz bins, oldest first (a copy: safe on a worker)."""

    t_end: float
    quat: np.ndarray  # (n, 4) x, y, z, w (rows with ok False are not to be used)
    pos: np.ndarray  # (n, 3) metres
    ok: np.ndarray  # (n,) bool: a pose was reported in the bin
    moved_at: float = -math.inf  # the last movement (or activity) seen on the frame path


@dataclass(frozen=True)
class Breathing:
    """A breathing rate read from one window."""

    bpm: float
    purity: float  # share of the band's power in the peak, 0..1
    snr: float  # peak power per bin over the noise floor per bin
    source: str  # "rotation" or "position"
    variation: float  # breath to breath: std / mean of the breath lengths


@dataclass(frozen=True)
class Epoch:
    """What one window says about its last :data:`EPOCH_S`."""

    t: float  # end of the epoch (session seconds)
    status: str  # "still" | "moving" | "frozen" | "absent"
    turn_deg: float = 0.0  # largest turn within the epoch (or against 30 s before)
    shift_mm: float = 0.0
    breathing: Breathing | None = None


class PoseSampler:
    """10 Hz bins of the head pose in a ring buffer; :meth:`add` runs on the frame path."""

    def __init__(self) -> None:
        self.quat = np.zeros((RING_BINS, 4))
        self.pos = np.zeros((RING_BINS, 3))
        self.ok = np.zeros(RING_BINS, dtype=bool)
        self.bins = 0  # bins closed so far
        self.moving_now = False
        self.moved_at = -math.inf  # end of the last bin that saw a movement
        self._bin_end: float | None = None
        self._acc = [0.0] * 8  # qx qy qz qw px py pz count
        self._ref: list[float] | None = None  # x y z w px py pz

    def add(self, t: float, quat, pos) -> Window | None:
        """Add one frame's pose (``quat`` x, y, z, w and ``pos`` as float sequences); returns
        a window when an epoch has just ended."""
        window = self._advance(t)
        a = self._acc
        x, y, z, w = quat
        if a[7] and a[0] * x + a[1] * y + a[2] * z + a[3] * w < 0.0:
            x, y, z, w = -x, -y, -z, -w  # q and -q are the same turn: keep one hemisphere
        a[0] += x
        a[1] += y
        a[2] += z
        a[3] += w
        a[4] += pos[0]
        a[5] += pos[1]
        a[6] += pos[2]
        a[7] += 1.0
        return window

    def absent(self, t: float) -> Window | None:
        """No pose this frame (headset off or not tracking)."""
        return self._advance(t)

    def _advance(self, t: float) -> Window | None:
        if self._bin_end is None:
            self._bin_end = t + BIN_S
            return None
        window = None
        if t - self._bin_end > RING_S:  # a long gap: the whole ring is empty
            self.ok[:] = False
            skipped = int((t - self._bin_end) / BIN_S)
            self.bins += skipped
            self._bin_end += skipped * BIN_S
            self._acc = [0.0] * 8
            self._ref = None
        while t >= self._bin_end:
            window = self._close_bin() or window
            self._bin_end += BIN_S
        return window

    def _close_bin(self) -> Window | None:
        a = self._acc
        k = self.bins % RING_BINS
        if a[7]:
            n = a[7]
            norm = math.sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2] + a[3] * a[3]) or 1.0
            q = [a[0] / norm, a[1] / norm, a[2] / norm, a[3] / norm]
            p = [a[4] / n, a[5] / n, a[6] / n]
            self.quat[k] = q
            self.pos[k] = p
            self.ok[k] = True
            self._watch(q, p)
        else:
            self.ok[k] = False
        self._acc = [0.0] * 8
        self.bins += 1
        if self.bins % EPOCH_BINS == 0 and self.bins >= EPOCH_BINS:
            return self.window()
        return None

    def _watch(self, q: list[float], p: list[float]) -> None:
        """Compare the bin with the slowly following reference: a movement shows at once."""
        ref = self._ref
        if ref is None:
            self._ref = [*q, *p]
            return
        dot = ref[0] * q[0] + ref[1] * q[1] + ref[2] * q[2] + ref[3] * q[3]
        if dot < 0.0:
            q = [-q[0], -q[1], -q[2], -q[3]]
            dot = -dot
        dx, dy, dz = p[0] - ref[4], p[1] - ref[5], p[2] - ref[6]
        moved = dot < _COS_MOVE or (dx * dx + dy * dy + dz * dz) > (MOVE_MM * 1e-3) ** 2
        self.moving_now = moved
        if moved:
            self.moved_at = self._bin_end
        k = _REF_FAST if moved else _REF_SLOW
        r = [ref[i] + (q[i] - ref[i]) * k for i in range(4)]
        norm = math.sqrt(r[0] * r[0] + r[1] * r[1] + r[2] * r[2] + r[3] * r[3]) or 1.0
        self._ref = [r[0] / norm, r[1] / norm, r[2] / norm, r[3] / norm] + [
            ref[4 + i] + (p[i] - ref[4 + i]) * k for i in range(3)
        ]

    def window(self) -> Window:
        """A copy of the last :data:`WINDOW_S` of bins, oldest first."""
        end = self.bins % RING_BINS
        order = (np.arange(end - WINDOW_BINS, end)) % RING_BINS
        filled = min(self.bins, RING_BINS)
        ok = self.ok[order].copy()
        if filled < WINDOW_BINS:  # the ring has not been round once yet
            ok[: WINDOW_BINS - filled] = False
        t_end = self._bin_end if self._bin_end is not None else 0.0
        return Window(t_end, self.quat[order].copy(), self.pos[order].copy(), ok, self.moved_at)


# ---- reading a window (off the frame path) -------------------------------------------------
def relative_rotation_deg(quat: np.ndarray, ok: np.ndarray) -> np.ndarray:
    """Rotation vectors (n, 3), degrees, of each orientation about the mean of the ok ones,
    in the head's own frame (so a tilt is a tilt whichever way the person lies)."""
    q = quat.copy()
    ref_row = q[np.flatnonzero(ok)[-1]]
    q[(q @ ref_row) < 0.0] *= -1.0
    mean = q[ok].sum(axis=0)
    mean /= np.linalg.norm(mean)
    # conj(mean) * q
    mx, my, mz, mw = -mean[0], -mean[1], -mean[2], mean[3]
    x, y, z, w = q.T
    rel = np.stack(
        [
            mw * x + mx * w + my * z - mz * y,
            mw * y - mx * z + my * w + mz * x,
            mw * z + mx * y - my * x + mz * w,
            mw * w - mx * x - my * y - mz * z,
        ],
        axis=1,
    )
    rel[rel[:, 3] < 0.0] *= -1.0
    v = rel[:, :3]
    s = np.linalg.norm(v, axis=1)
    angle = 2.0 * np.arctan2(s, rel[:, 3])
    scale = np.divide(angle, s, out=np.full_like(s, 2.0), where=s > 1e-12)
    return np.degrees(v * scale[:, None])


def read_epoch(window: Window, *, frozen_is_off: bool = True) -> Epoch:
    """Stillness, movement and breathing for the window's last epoch."""
    ok = window.ok
    last_ok = ok[-EPOCH_BINS:]
    if last_ok.mean() < 0.5:
        return Epoch(window.t_end, "absent")
    rot = relative_rotation_deg(window.quat, ok)
    mm = (window.pos - window.pos[ok].mean(axis=0)) * 1000.0
    e_rot, e_mm = rot[-EPOCH_BINS:][last_ok], mm[-EPOCH_BINS:][last_ok]
    frozen = np.ptp(e_rot, axis=0).max() < FROZEN_DEG and np.ptp(e_mm, axis=0).max() < FROZEN_MM
    if frozen and frozen_is_off:
        return Epoch(window.t_end, "frozen")
    turn, shift = _extent(e_rot), _extent(e_mm)
    moved = turn > MOVE_DEG or shift > MOVE_MM or window.moved_at > window.t_end - EPOCH_S
    lag = int(SHIFT_LAG_S * SAMPLE_HZ)
    before = slice(-EPOCH_BINS - lag, -lag)
    if ok[before].mean() >= 0.5:  # a slow shift: where the head is now against 30 s ago
        drift_deg = _distance(np.median(e_rot, axis=0), np.median(rot[before][ok[before]], axis=0))
        drift_mm = _distance(np.median(e_mm, axis=0), np.median(mm[before][ok[before]], axis=0))
        moved = moved or drift_deg > SHIFT_DEG or drift_mm > SHIFT_MM
        turn, shift = max(turn, drift_deg), max(shift, drift_mm)
    if moved:
        return Epoch(window.t_end, "moving", turn, shift)
    rot[~ok] = np.nan
    mm[~ok] = np.nan
    breathing = breathing_rate(_fill_gaps(rot), _fill_gaps(mm)) if ok.mean() >= 0.95 else None
    return Epoch(window.t_end, "still", turn, shift, breathing)


def _distance(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b))


def _extent(x: np.ndarray) -> float:
    """Largest distance of a half-second mean from the epoch's median (breathing and noise
    stay well inside; a turn of the head does not)."""
    n = len(x) // 5 * 5
    if n < 5:
        return 0.0
    blocks = x[:n].reshape(-1, 5, x.shape[1]).mean(axis=1)
    return float(np.linalg.norm(blocks - np.median(blocks, axis=0), axis=1).max())


def _fill_gaps(x: np.ndarray) -> np.ndarray:
    """Bins with no pose (NaN rows) linearly interpolated from their neighbours."""
    bad = ~np.isfinite(x).all(axis=1)
    if not bad.any():
        return x
    idx = np.arange(len(x))
    out = x.copy()
    for c in range(x.shape[1]):
        out[bad, c] = np.interp(idx[bad], idx[~bad], x[~bad, c])
    return out


_FREQS = np.fft.rfftfreq(NFFT, BIN_S)


def _bins(span: tuple[float, float]) -> np.ndarray:
    low, high = span
    freqs = _FREQS
    return (freqs >= low) & (freqs <= high)


_BAND, _SEARCH, _NOISE = _bins(BAND_HZ), _bins(BREATH_HZ), _bins(NOISE_HZ)


def breathing_rate(rot_deg: np.ndarray, pos_mm: np.ndarray) -> Breathing | None:
    """The breathing rate in a window of rotation (degrees) and position (millimetres), or
    None when neither shows a clear, strong enough rhythm in the breathing band."""
    best = None
    for name, x in (("rotation", rot_deg), ("position", pos_mm)):
        found = _rhythm(x, name)
        if found is not None and (best is None or found.purity > best.purity):
            best = found
    return best


def _rhythm(x: np.ndarray, name: str) -> Breathing | None:
    n = len(x)
    t = np.arange(n, dtype=float)
    t -= t.mean()
    x = x - x.mean(axis=0)
    x = (x - np.outer(t, (t @ x) / (t @ t))).T  # linear detrend, every axis at once; (3, n)
    spec = np.fft.rfft(x * np.hanning(n), n=NFFT, axis=1)
    band = spec[:, _BAND]
    cross = (band.conj() @ band.T).real  # 3x3 cross-spectrum summed over the band
    _, vectors = np.linalg.eigh(cross)
    v = vectors[:, -1]
    # (a complex-by-real matrix product takes numpy's slow path: spelt out, 100x faster)
    power = np.abs(spec[0] * v[0] + spec[1] * v[1] + spec[2] * v[2]) ** 2
    in_band = power[_BAND].sum()
    if not in_band > 0.0:
        return None
    search = np.flatnonzero(_SEARCH)
    k = int(search[np.argmax(power[search])])
    k = _fundamental(power, k)
    near = np.abs(_FREQS - _FREQS[k]) <= PEAK_HALF_WIDTH_HZ
    purity = float(power[near & _BAND].sum() / in_band)
    floor = float(np.median(power[_NOISE]))
    snr = float(power[near].mean() / floor) if floor > 0.0 else math.inf
    if purity < MIN_PURITY or snr < MIN_SNR:
        return None
    peak_bpm = 60.0 * (_FREQS[k] + _parabola(power, k) * (_FREQS[1] - _FREQS[0]))
    y = v @ x
    counted = _count_breaths(y, BAND_HZ)
    if counted is None or abs(counted[0] - peak_bpm) > COUNT_AGREES * peak_bpm:
        return None  # the count and the spectrum disagree: no rate to speak of
    if counted[1] > MAX_VARIATION:
        return None  # breaths too uneven for one rate
    # how even the breaths are, read about the peak (where slow drift and noise do not reach)
    f = peak_bpm / 60.0
    near_peak = _count_breaths(y, (max(BAND_HZ[0], COUNT_BAND[0] * f), COUNT_BAND[1] * f))
    variation = near_peak[1] if near_peak is not None else counted[1]
    return Breathing(counted[0], purity, snr, name, variation)


def _count_breaths(y: np.ndarray, band: tuple[float, float]) -> tuple[float, float] | None:
    """(rate a minute, breath-to-breath variation) from counting the breaths in ``y``:
    band-limited to ``band`` (Hz), each rise through +0.3 standard deviations after a
    fall below -0.3 is one breath (the hysteresis keeps noise from counting twice)."""
    n = len(y)
    spec = np.fft.rfft(y, n=2 * n)
    freqs = np.fft.rfftfreq(2 * n, BIN_S)
    spec[(freqs < band[0]) | (freqs > band[1])] = 0.0
    y = np.fft.irfft(spec, n=2 * n)[:n]
    h = HYSTERESIS * float(y.std())
    if not h > 0.0:
        return None
    side = np.where(y > h, 1, np.where(y < -h, -1, 0))
    at = np.flatnonzero(side)
    sides = side[at]
    rises = at[np.flatnonzero((sides[1:] == 1) & (sides[:-1] == -1)) + 1]
    if len(rises) < 4:
        return None
    intervals = np.diff(rises) * BIN_S
    rate = 60.0 * (len(rises) - 1) / (rises[-1] - rises[0]) * SAMPLE_HZ
    return float(rate), float(intervals.std() / intervals.mean())


def _fundamental(power: np.ndarray, k: int) -> int:
    """The peak at ``k`` or, when the spectrum holds a strong peak near half its frequency
    (a breath's shape puts power at twice its rate), that one."""
    half = _FREQS[k] / 2.0
    if half < BREATH_HZ[0]:
        return k
    around = np.flatnonzero(np.abs(_FREQS - half) <= PEAK_HALF_WIDTH_HZ)
    j = int(around[np.argmax(power[around])])
    return j if power[j] >= 0.5 * power[k] else k


def _parabola(power: np.ndarray, k: int) -> float:
    """Where the peak really is, in bins from ``k`` (a parabola through three log powers)."""
    if k <= 0 or k >= len(power) - 1:
        return 0.0
    a, b, c = (math.log(max(float(power[i]), 1e-300)) for i in (k - 1, k, k + 1))
    d = a - 2.0 * b + c
    return 0.0 if d >= 0.0 else max(-0.5, min(0.5, 0.5 * (a - c) / d))
