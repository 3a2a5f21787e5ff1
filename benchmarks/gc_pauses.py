"""The GC pause row: frame-path collections against a bare collection timed in the same run.

A pause is timed in the collecting thread's CPU time (``GCMonitor``): the collector's own
work, which a process taking the core away does not lengthen (that is what made the wall-clock
worst pause of one night 0.79 ms and of the next 2.54 ms). What is left of a busy machine
(a slower core, shared caches) slows every collection alike, so the floor is a bare young
collection (``gc.collect(0)``) of ``FLOOR_OBJECTS`` fresh objects, timed the same way, best of
three, now and then during the run and right after each full collection (the longest kind).
Each pause is compared with the floor sampled nearest to it. Even so, one sample of a
millisecond of work on a shared core can come out twice as long as its neighbour, so the
verdict takes each generation's collections in runs of ``RUN`` in a row and the best ratio of
each run: the worst of those must stay under ``PAUSE_LIMIT``. A collector or policy that got
slower makes every collection of its generation slower and fails; one slow sample does not.
"""

from __future__ import annotations

import gc
import time

from benchmarks.rows import Spread, row

FLOOR_OBJECTS = 50_000
PAUSE_LIMIT = 2.0  # a pause may cost twice the floor (about 1.2 ms on the 2-core bench VM)
RUN = 3  # consecutive collections of one generation, the best of which counts


def bare_young_collection_s(objects: int = FLOOR_OBJECTS, repeats: int = 3) -> float:
    """CPU seconds of ``gc.collect(0)`` over ``objects`` fresh lists, best of ``repeats``."""
    best = float("inf")
    for _ in range(repeats):
        young = [[] for _ in range(objects)]
        c0 = time.thread_time()
        gc.collect(0)
        best = min(best, time.thread_time() - c0)
        del young
    return best


def ratios(pauses, marks) -> list[tuple]:
    """(pause, floor seconds, ratio) for each ``(generation, wall s, cpu s)`` pause, against
    the ``(pauses before it, floor s)`` mark nearest to it (one right after it wins a tie)."""
    out, k = [], 0
    if not marks:
        return out
    for i, pause in enumerate(pauses):
        # marks[k] is the first mark after pause i, if any; marks[k - 1] the last before it
        while k < len(marks) and marks[k][0] <= i:
            k += 1
        near = [m for m in (k, k - 1) if 0 <= m < len(marks)]
        base = marks[min(near, key=lambda m: abs(marks[m][0] - (i + 0.5)))][1]
        out.append((pause, base, pause[2] / base))
    return out


def worst_run(paired: list[tuple], run: int = RUN):
    """The (pause, floor, ratio) that counts: within each generation, the best ratio of every
    ``run`` consecutive collections, and the worst of those; None when there are none."""
    worst = None
    for gen in (0, 1, 2):
        mine = [r for r in paired if r[0][0] == gen]
        if not mine:
            continue
        width = min(run, len(mine))
        for i in range(len(mine) - width + 1):
            best = min(mine[i : i + width], key=lambda r: r[2])
            if worst is None or best[2] > worst[2]:
                worst = best
    return worst


class PauseFloor:
    """Floor samples taken between the collections a ``GCMonitor`` times, over one or more
    segments of frames (``end_segment`` keeps one, ``discard_segment`` drops what came since,
    both reset the monitor)."""

    def __init__(self, monitor):
        self.monitor = monitor
        self.marks: list[tuple[int, float]] = []  # this segment: (pauses before it, floor s)
        self.floors: list[float] = []  # every sample, all segments
        self.worsts: list[tuple] = []  # each finished segment's ``worst_run``
        self.single = 0.0  # the largest single ratio, all segments
        self.collections = 0  # pauses in finished segments
        self.wall_worst_s = 0.0

    def sample(self) -> None:
        """Time the floor now (the monitor ignores these collections)."""
        was, self.monitor.ignoring = self.monitor.ignoring, True
        try:
            floor = bare_young_collection_s()
        finally:
            self.monitor.ignoring = was
        self.marks.append((len(self.monitor.pauses), floor))
        self.floors.append(floor)

    def _segment(self) -> tuple:
        """(worst_run, largest single ratio, pauses, wall worst) of the current segment."""
        paired = ratios(self.monitor.pauses, self.marks)
        single = max((r[2] for r in paired), default=0.0)
        return worst_run(paired), single, len(self.monitor.pauses), self.monitor.worst_s()

    def end_segment(self) -> None:
        """Keep what the monitor's pauses since the last segment show, and start a new one."""
        worst, single, n, wall = self._segment()
        if worst is not None:
            self.worsts.append(worst)
        self.single = max(self.single, single)
        self.collections += n
        self.wall_worst_s = max(self.wall_worst_s, wall)
        self.discard_segment()

    def discard_segment(self) -> None:
        """Drop the pauses and samples since the last segment (collections off the frame path)."""
        self.monitor.reset()
        self.marks.clear()

    def row(self, label: str) -> dict:
        """The verdict row (the worst of ``worst_run``, all segments), with the spread of the
        floors, the largest single ratio and the wall-clock worst pause beside it (not judged)."""
        worst, single, n, wall = self._segment()
        worsts = self.worsts + ([worst] if worst is not None else [])
        name = (
            f"{label}: gc worst pause, best of {RUN} in a row, over a bare young collection "
            f"({self.collections + n} collections)"
        )
        target = f"<= {PAUSE_LIMIT:g}x floor"
        if not worsts:
            return row(name, "not measured", "ms CPU", target, False)
        pause, base, ratio = max(worsts, key=lambda w: w[2])
        floors = Spread.of(self.floors).scaled(1e3)
        spread = (
            f"floor ms {floors.text()}; single worst ratio {max(self.single, single):.3g}; "
            f"wall worst {max(self.wall_worst_s, wall) * 1e3:.3g} ms"
        )
        return row(
            name, pause[2] * 1e3, "ms CPU", target, ratio <= PAUSE_LIMIT, base * 1e3, ratio,
            spread=spread,
        )  # fmt: skip
