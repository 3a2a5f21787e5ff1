"""Garbage collection for the frame path: no automatic collections while frames are shown.

After a scene is loaded, :meth:`GCPolicy.after_load` collects everything once, freezes the
survivors (``gc.freeze``: the collector never walks them again) and turns automatic
collection off. Between frames the backend calls :meth:`GCPolicy.between_frames` with the
time left before the next frame; the policy runs a young collection (``gc.collect(0)``)
every ``young_every`` frames, or sooner when there is idle time and enough new objects
wait (a collection every frame would cost ~10 µs a frame for nothing), and the older generations
only when idle time allows (or, rarely, when they have waited too long). :meth:`close`
puts the collector back as it was. :class:`GCMonitor` times every collection.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass, field

# Thresholds left in place while collection is off, in case something calls gc.enable():
# large enough that an automatic collection is rare, small enough to bound growth.
FRAME_THRESHOLDS = (50_000, 50, 50)


@dataclass
class GCPolicy:
    """When to collect between frames. Counts per generation are in ``collections``."""

    young_every: int = 30  # frames between young collections when there is no idle time
    young_idle_s: float = 0.001  # idle time that allows an early young collection ...
    young_idle_min: int = 500  # ... once this many new objects wait (not every frame)
    mid_idle_s: float = 0.002  # idle time that allows a generation-1 collection
    full_idle_s: float = 0.004  # idle time that allows a full (unfrozen) collection
    mid_after: int = 10  # young collections before a generation-1 collection is due
    full_after: int = 10  # generation-1 collections before a full collection is due
    force_factor: int = 4  # collect a due generation anyway after this many times the wait
    bulk_young: int = 20_000  # this many new objects at once (a scene switch): freeze them
    collections: list[int] = field(default_factory=lambda: [0, 0, 0])
    _active: bool = False
    _saved: tuple | None = None
    _since: int = 0

    @property
    def active(self) -> bool:
        return self._active

    def after_load(self) -> None:
        """Collect, freeze the loaded objects and turn automatic collection off."""
        if not self._active:
            self._saved = (gc.isenabled(), gc.get_threshold())
        gc.collect()
        gc.freeze()
        gc.disable()
        gc.set_threshold(*FRAME_THRESHOLDS)
        self._active = True
        self._since = 0

    def between_frames(self, idle_s: float = 0.0) -> int | None:
        """Maybe collect one generation; returns it (0, 1, 2), -1 for a freeze, or None.

        A burst of new objects (a scene loaded on a worker thread) is frozen rather than
        walked: ``gc.freeze`` takes microseconds where collecting it would take milliseconds.
        """
        if not self._active:
            return None
        self._since += 1
        young, young_runs, mid_runs = gc.get_count()
        gen = None
        if young >= self.bulk_young:
            gc.freeze()
            self._since = 0
            return -1
        if mid_runs >= self.full_after and (
            idle_s >= self.full_idle_s or mid_runs >= self.full_after * self.force_factor
        ):
            gen = 2
        elif young_runs >= self.mid_after and (
            idle_s >= self.mid_idle_s or young_runs >= self.mid_after * self.force_factor
        ):
            gen = 1
        elif self._since >= self.young_every or (
            idle_s >= self.young_idle_s and young >= self.young_idle_min
        ):
            gen = 0
        if gen is None:
            return None
        gc.collect(gen)
        self.collections[gen] += 1
        self._since = 0
        return gen

    def close(self) -> None:
        """Unfreeze and give the collector back its old settings."""
        if not self._active:
            return
        gc.unfreeze()
        enabled, thresholds = self._saved
        gc.set_threshold(*thresholds)
        if enabled:
            gc.enable()
        self._active = False


class GCMonitor:
    """Times every collection through ``gc.callbacks``: ``pauses`` holds (generation, wall
    seconds, CPU seconds of the collecting thread) tuples, plain so the collector untracks
    them. Wall time is what a frame loses; CPU time is the collector's own work, which other
    processes taking the core away do not lengthen (the benchmarks judge that)."""

    def __init__(self):
        self.pauses: list[tuple[int, float, float]] = []
        self.ignoring = False  # set while collecting on purpose outside the frame path
        self._t0 = self._c0 = 0.0

    def _callback(self, phase: str, info: dict) -> None:
        if self.ignoring:
            return
        if phase == "start":
            self._t0, self._c0 = time.perf_counter(), time.thread_time()
        else:
            wall, cpu = time.perf_counter() - self._t0, time.thread_time() - self._c0
            self.pauses.append((info["generation"], wall, cpu))

    def __enter__(self) -> GCMonitor:
        gc.callbacks.append(self._callback)
        return self

    def __exit__(self, *exc: object) -> None:
        if self._callback in gc.callbacks:
            gc.callbacks.remove(self._callback)

    def worst_s(self) -> float:
        """The longest pause on the wall clock."""
        return max((wall for _, wall, _ in self.pauses), default=0.0)

    def reset(self) -> None:
        self.pauses.clear()
