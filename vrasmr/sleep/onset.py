"""Sleep onset from head motion: stillness over minutes, and breathing that slows and steadies.

:class:`OnsetTracker` reads one :class:`~vrasmr.sleep.pose_signal.Epoch` every five seconds.
A movement (a turn beyond 1.5 degrees or 12 mm within the epoch, or 3 degrees / 25 mm from
where the head was 30 s earlier) ends any still spell; the headset taken off (no pose, or a
pose frozen to the last digit) does too. In the headset, sleep becomes likely after
:data:`SETTLE_S` of stillness in which the breathing was found in most windows and held a
steady rate (a person lying still awake breathes less regularly; the synthetic traces model
exactly that, which is their limit). The onset is then dated back: to the start of the
steady breathing within the still spell, or the start of the spell when the breathing was
steady from its first window. With the mouse as the head (the preview) there is no
breathing: :data:`MOUSE_SETTLE_S` of stillness stands in, dated back to its start.

The first onset of the night is kept (``onset_s``); ``asleep`` is never true while the head
moves, and comes back after :data:`RESETTLE_S` of stillness.
"""

from __future__ import annotations

import statistics
from collections import deque
from dataclasses import dataclass

from vrasmr.sleep.pose_signal import EPOCH_S, WINDOW_S, Epoch

SETTLE_S = 8 * 60.0  # still this long, breathing steady: asleep (headset)
MOUSE_SETTLE_S = 15 * 60.0  # the preview: the mouse untouched this long
RESETTLE_S = 2 * 60.0  # after turning over in sleep: still this long again
LOOKBACK_S = 5 * 60.0  # the breathing is judged over the last five minutes
MIN_BREATHING_SHARE = 0.6  # windows in which breathing was found
MAX_RATE_SPREAD_BPM = 2.0  # interquartile range of the rates found
MAX_VARIATION = 0.11  # median breath-to-breath variation (std / mean of breath lengths)
STEADY_BPM = 1.5  # a window is "steady" within this of the settled rate ...
STEADY_VARIATION = 0.13  # ... and this regular


@dataclass(frozen=True)
class NightReading:
    """What the tracker says after an epoch."""

    t: float = 0.0
    state: str = "unknown"  # unknown | off | moving | still | asleep
    asleep: bool = False
    onset_s: float | None = None  # the night's first sleep onset, dated back
    still_s: float = 0.0  # how long the head has been still
    breathing_bpm: float | None = None  # the last rate found (still windows only)


class OnsetTracker:
    """Turns epochs into readings; ``mode`` is "headset" or "mouse"."""

    def __init__(self, mode: str = "headset") -> None:
        if mode not in ("headset", "mouse"):
            raise ValueError(f"mode {mode!r} is not 'headset' or 'mouse'")
        self.mode = mode
        self.still_since: float | None = None
        self.onset_s: float | None = None
        self.asleep = False
        self.reading = NightReading()
        self._rates: deque[tuple[float, float | None, float]] = deque()  # (t, bpm, variation)
        self._last_bpm: float | None = None

    def update(self, epoch: Epoch) -> NightReading:
        t = epoch.t
        if epoch.status in ("absent", "frozen") or epoch.status == "moving":
            self.still_since = None
            self.asleep = False
            self._rates.clear()
            state = "moving" if epoch.status == "moving" else "off"
            self.reading = NightReading(t, state, False, self.onset_s, 0.0, self._last_bpm)
            return self.reading
        if self.still_since is None:
            self.still_since = t - EPOCH_S
        still = t - self.still_since
        if epoch.breathing is not None:
            self._last_bpm = epoch.breathing.bpm
        if t - WINDOW_S >= self.still_since - 1e-6:  # the window lies within the spell
            b = epoch.breathing
            self._rates.append((t, b.bpm, b.variation) if b is not None else (t, None, 1.0))
        if self.onset_s is None:
            onset = self._onset(t, still)
            if onset is not None:
                self.onset_s = onset
                self.asleep = True
        elif not self.asleep and still >= RESETTLE_S:
            self.asleep = True
        state = "asleep" if self.asleep else "still"
        self.reading = NightReading(t, state, self.asleep, self.onset_s, still, self._last_bpm)
        return self.reading

    def _onset(self, t: float, still: float) -> float | None:
        """When sleep began, if it is likely now; None otherwise."""
        if self.mode == "mouse":
            return self.still_since if still >= MOUSE_SETTLE_S else None
        if still < SETTLE_S:
            return None
        recent = [(bpm, var) for when, bpm, var in self._rates if when > t - LOOKBACK_S]
        found = [bpm for bpm, _ in recent if bpm is not None]
        if not recent or len(found) < MIN_BREATHING_SHARE * len(recent) or len(found) < 4:
            return None
        q1, _, q3 = statistics.quantiles(found, n=4)
        if q3 - q1 > MAX_RATE_SPREAD_BPM:
            return None
        if statistics.median(var for _, var in recent) > MAX_VARIATION:
            return None
        return self._steady_since(statistics.median(found))

    def _steady_since(self, settled: float) -> float:
        """The start of the steady breathing: the first window from which (nearly) every
        window found the settled rate, dated to the window's middle; the start of the still
        spell when that is its first window."""
        rates = list(self._rates)
        steady = [
            bpm is not None and abs(bpm - settled) <= STEADY_BPM and var <= STEADY_VARIATION
            for _, bpm, var in rates
        ]
        start = len(rates)
        misses = 0
        for k in range(len(rates) - 1, -1, -1):  # walk back while mostly steady
            if not steady[k]:
                misses += 1
                if misses > max(1, 0.2 * (len(rates) - k)):
                    break
            start = k
        while start < len(rates) and not steady[start]:
            start += 1
        if start == 0 or start >= len(rates):
            return self.still_since
        return max(self.still_since, rates[start][0] - WINDOW_S / 2.0)
