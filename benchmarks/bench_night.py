"""A whole night through the App: headless frames, loopback audio, sleep timer, scene switches.

Virtual time runs at ``fps`` frames a second (one by default) with every frame drawn small and
the audio mixed through the loopback device in large blocks at 48 kHz (HRTF on). The scene
switches every ``switch_every_s``, each time after the menu is opened and closed (when the
menu exists). Memory and live objects are compared when the first scene is back after the
second round and at the last time it is back (three rounds at least), so which scenes are
loaded does not count as growth. The timer runs all night, and a 15-minute timer (5-minute fade) is set 20 minutes
before the end, so the fade and the end of the session fall inside the run. Checked: no
exception, resident memory growth after warm-up, live objects by type before/after (after a
full collection), fade start and end on time, silence after the end, GC pauses against a
bare collection timed every ``FLOOR_EVERY_S`` of the night and after each full collection
(``benchmarks.gc_pauses``).
Run: ``python -m benchmarks bench_night`` (``BENCH_NIGHT_HOURS`` sets the length, default 8).
"""

from __future__ import annotations

import collections
import gc
import json
import os
import tempfile
import time
from dataclasses import dataclass, field

from benchmarks.gc_pauses import PauseFloor
from benchmarks.home import rss_mib
from benchmarks.inject import collections_slowed
from benchmarks.rows import row as _row

TIMER_MIN, FADE_MIN, TAIL_MIN = 15, 5, 20  # the closing timer, set TAIL_MIN before the end
RSS_LIMIT_MB = 10.0
OBJECT_TOLERANCE = 50  # live objects of all types together that may come and go
FLOOR_EVERY_S = 60.0  # virtual seconds between samples of the GC pause floor


@dataclass
class NightReport:
    minutes: float
    wall_s: float = 0.0
    frames: int = 0
    switches: int = 0
    menu_presses: int = 0
    rss_warm_mb: float = 0.0
    rss_end_mb: float = 0.0
    object_growth: dict[str, int] = field(default_factory=dict)
    fade_start_s: float = 0.0
    fade_seen_s: float | None = None
    end_s: float = 0.0
    ended_seen_s: float | None = None
    peak_after_end: float = -1.0  # -1: the run never got past the end
    rms_before_fade: float = 0.0
    gc_floor: PauseFloor | None = None  # the frame path's pauses and their floor samples
    gc_by_generation: list[int] = field(default_factory=list)  # the policy's, per generation
    gc_enabled_frames: int = 0  # frames that began with automatic collection on
    gc_frozen_min: int = -1  # fewest frozen objects seen (every FLOOR_EVERY_S)
    problems: list[str] = field(default_factory=list)
    journal_reason: str | None = None

    @property
    def rss_growth_mb(self) -> float:
        return self.rss_end_mb - self.rss_warm_mb

    @property
    def objects_grown(self) -> int:
        return sum(v for v in self.object_growth.values() if v > 0)

    def on_time(self, seen: float | None, due: float, period: float) -> bool:
        return seen is not None and due <= seen <= due + period + 1e-6


def _object_counts(policy, monitor) -> collections.Counter:
    """Live GC-tracked objects by type name, after a full collection (frozen ones included)."""
    monitor.ignoring = True
    policy.close()
    gc.collect()
    counts: collections.Counter = collections.Counter()
    for o in gc.get_objects():  # a plain loop: Counter(generator) would fill ABC caches
        counts[type(o).__name__] += 1  # (objects made after the list, counted next time)
    policy.after_load()
    monitor.ignoring = False
    return counts


def _set_timer(app, timer) -> None:
    setter = getattr(app, "set_sleep_timer", None)
    if setter is not None:
        setter(timer)
    else:
        app.sleep_timer = timer
        app._install_timer_schedule()


def _use_menu(app, session) -> None:
    """Open the menu and close it again on the next frame (no pointer, so nothing is chosen)."""
    from dataclasses import replace

    for buttons in ({"menu"}, set(), {"menu"}, set()):
        frame = session.frame_at(session.clock.tick())
        app.step(replace(frame, buttons=frozenset(buttons), pointers=()))
    if getattr(app.menu, "visible", False):
        raise RuntimeError("the menu did not close on the second press")


RESTART_SETTLE_S = 15.0  # longer than the timer's 10 s restart glide


def run_night(
    minutes: float = 480.0,
    *,
    fps: float = 1.0,
    sample_rate: int = 48000,
    block: int = 4096,
    size=(32, 32),
    switch_every_s: float | None = None,
    seed: int = 1,
    scene_ids: list[str] | None = None,
) -> NightReport:
    """Run ``minutes`` of virtual night; raises only if the App itself raises."""
    import numpy as np

    from benchmarks.bench_frame import menu_available
    from vrasmr.app import App
    from vrasmr.backends.headless import HeadlessSession, yaw_sweep
    from vrasmr.content import shaders_dir
    from vrasmr.gc_policy import GCMonitor, GCPolicy
    from vrasmr.render.context import create_headless_context
    from vrasmr.render.programs import ProgramLibrary
    from vrasmr.render.renderer import Renderer
    from vrasmr.session.assets import load_scene, scene_library
    from vrasmr.sleep.journal import Journal
    from vrasmr.sleep.timer import SleepPlan, SleepTimer
    from vrasmr.sound.engine import open_engine

    report = NightReport(minutes=minutes)
    night_s = minutes * 60.0
    ids = scene_ids or scene_library().ids()
    # at least three rounds through the scenes: memory is compared at the same point of the
    # second and the last; the first fills one-time caches (ABC subclass caches, first-use
    # imports, the loader's threads), which are not growth
    switch_every_s = switch_every_s or min(1800.0, night_s / (3 * len(ids) + 1.5))
    set_at = max(0.0, night_s - TAIL_MIN * 60.0)
    closing = SleepPlan(timer_minutes=TIMER_MIN, fade_minutes=FADE_MIN)
    report.end_s = set_at + TIMER_MIN * 60.0
    report.fade_start_s = report.end_s - FADE_MIN * 60.0
    use_menu = menu_available()

    t_start = time.perf_counter()
    ctx = create_headless_context()
    home = tempfile.mkdtemp(prefix="vrasmr-night-")
    journal = Journal.open(os.path.join(home, "journal.sqlite"))
    first = SleepTimer(closing if set_at == 0.0 else SleepPlan(timer_minutes="all_night"), 0.0)
    app = App(
        load_scene(ids[0], seed=seed),
        open_engine("loopback", sample_rate=sample_rate),
        Renderer(ctx, ProgramLibrary(ctx, shaders_dir())),
        sleep_timer=first,
        journal=journal,
    )
    session = HeadlessSession(app, ctx, size=size, fps=fps, head_path=yaw_sweep(40.0, 97.0))
    policy = GCPolicy()
    policy.after_load()
    monitor = GCMonitor().__enter__()
    slowed = collections_slowed(monitor)
    slowed.__enter__()
    report.gc_floor = floor = PauseFloor(monitor)
    next_floor = 0.0
    trace = os.environ.get("BENCH_NIGHT_TRACE")
    warm_counts, end_counts, snap_at, rounds = None, None, None, 0
    next_switch, k_scene = switch_every_s, 0
    audio_done, period = 0, 1.0 / fps
    rms_last = 0.0
    plateau = None
    try:
        while session.clock.now() < night_s:
            t = session.clock.now()
            if set_at and t >= set_at and app.sleep_timer is first:
                _set_timer(app, first.restart(t, closing))
            if t >= next_switch:
                if use_menu:
                    _use_menu(app, session)
                    report.menu_presses += 2  # open and close
                k_scene += 1
                app.switch_scene(ids[k_scene % len(ids)], seed=seed)
                app.wait_for_switch()
                next_switch += switch_every_s
                report.switches += 1
                if k_scene % len(ids) == 0:  # back at the first scene: compare memory here
                    rounds += 1
                    if rounds >= 2:
                        snap_at = t + min(60.0, switch_every_s / 2)
            report.gc_enabled_frames += gc.isenabled()
            session.step(draw=True, audio=False)
            state = session.last_state
            t = state.time_s
            end = round(session.clock.index * sample_rate / fps)
            audio = app.render_sound(end - audio_done, block=block)
            audio_done = end
            report.frames += 1
            # The closing timer glides from the all-night level over its first seconds; the
            # plateau after that glide is what the fade must leave, at fade_start_s.
            if t >= set_at + RESTART_SETTLE_S and plateau is None:
                plateau = state.master_gain
            if (
                report.fade_seen_s is None
                and plateau is not None
                and state.master_gain < 0.999 * plateau
            ):
                report.fade_seen_s = t
            if report.ended_seen_s is None and app.ended:
                report.ended_seen_s = t
            if t < report.fade_start_s:
                rms_last = float(np.sqrt(np.mean(audio.astype(np.float64) ** 2)))
            elif report.rms_before_fade == 0.0:
                report.rms_before_fade = rms_last
            if t >= report.end_s + period:
                peak = float(np.abs(audio).max()) if len(audio) else 0.0
                report.peak_after_end = max(report.peak_after_end, peak)
            if snap_at is not None and t >= snap_at:
                snap_at = None
                if warm_counts is None:
                    warm_counts, report.rss_warm_mb = _object_counts(policy, monitor), rss_mib()
                else:
                    end_counts, report.rss_end_mb = _object_counts(policy, monitor), rss_mib()
            if trace and report.frames % 60 == 0:
                print(f"t={t:.0f} rss={rss_mib():.1f} gc={monitor.worst_s() * 1e3:.2f}", flush=True)
            if t >= next_floor:
                floor.sample()
                next_floor += FLOOR_EVERY_S
                frozen = gc.get_freeze_count()  # walks the frozen list: not every frame
                if report.gc_frozen_min < 0 or frozen < report.gc_frozen_min:
                    report.gc_frozen_min = frozen
            if policy.between_frames(period) == 2:  # the longest kind: a floor beside it
                floor.sample()
        if end_counts is None:
            raise RuntimeError("the night was too short for three rounds through the scenes")
        growth = end_counts.copy()
        growth.subtract(warm_counts)
        report.object_growth = {k: v for k, v in growth.most_common() if v != 0}
        report.gc_by_generation = list(policy.collections)
        report.problems = list(app.problems) + list(app.sound_status.problems)
    finally:
        slowed.__exit__(None, None, None)
        monitor.__exit__()
        policy.close()
        session.close()
        app.close("user")
        rows = journal.sessions()
        report.journal_reason = rows[0].end_reason if rows else None
        journal.close()
        ctx.release()
        report.wall_s = time.perf_counter() - t_start
    return report


def rows_for(r: NightReport) -> list[dict]:
    hours = f"{r.minutes / 60:g} h night"
    grown = ", ".join(f"{k} +{v}" for k, v in list(r.object_growth.items())[:6] if v > 0)
    fade_late = None if r.fade_seen_s is None else r.fade_seen_s - r.fade_start_s
    end_late = None if r.ended_seen_s is None else r.ended_seen_s - r.end_s
    return [
        _row(f"{hours}: wall time", r.wall_s, "s", "< 1800 s", r.wall_s < 1800.0),
        _row(
            f"{hours}: frames/switches/menu presses",
            f"{r.frames}/{r.switches}/{r.menu_presses}",
            "",
            "runs without exception",
            True,
        ),
        _row(
            f"{hours}: resident memory growth after warm-up",
            r.rss_growth_mb,
            "MB",
            f"<= {RSS_LIMIT_MB:g} MB",
            r.rss_growth_mb <= RSS_LIMIT_MB,
            floor=round(r.rss_warm_mb, 1),
        ),
        _row(
            f"{hours}: live objects grown ({grown or 'none'})",
            r.objects_grown,
            "objects",
            f"<= {OBJECT_TOLERANCE} (no growth)",
            r.objects_grown <= OBJECT_TOLERANCE,
        ),
        _row(
            f"{hours}: fade start late by",
            -1.0 if fade_late is None else fade_late,
            "s",
            "0..1 frame",
            r.on_time(r.fade_seen_s, r.fade_start_s, 1.0),
        ),
        _row(
            f"{hours}: session end late by (journal: {r.journal_reason})",
            -1.0 if end_late is None else end_late,
            "s",
            "0..1 frame, journal 'timer'",
            r.on_time(r.ended_seen_s, r.end_s, 1.0) and r.journal_reason == "timer",
        ),
        _row(
            f"{hours}: audio peak after the end (rms before fade {r.rms_before_fade:.4f})",
            r.peak_after_end,
            "FS",
            "< 1e-4, sound before",
            0.0 <= r.peak_after_end < 1e-4 and r.rms_before_fade > 1e-4,
        ),
        r.gc_floor.row(hours),
    ]


def run() -> list[dict]:
    hours = float(os.environ.get("BENCH_NIGHT_HOURS", "8"))
    return rows_for(run_night(hours * 60.0))


if __name__ == "__main__":
    for row in run():
        print(json.dumps(row))
