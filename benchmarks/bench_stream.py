"""Streaming sound (issue 23): never the same twice, alive, at a cost a night can afford.

Per shipped scene, on an export of ``EXPORT_MIN`` minutes with seed ``SEED`` (the App through
the loopback engine, as ``vrasmr export`` runs it):

* repetition: the largest Pearson correlation of the 50 ms log-loudness envelope between
  non-overlapping 20 s windows at lags of 20 s to 5 min (:mod:`vrasmr.sound.repetition`),
  <= 0.5 (a 30 s loop scored 0.994 on campfire), from the moment the scene is in (its
  fade-in and entry over, as the safety check judges loudness);
* bed loudness spread: the standard deviation of 30 s loudness of the scene's beds (its
  continuous generator emitters, mixed at their gains) over the same minutes, 1 to 4 LU; a
  scene whose beds are all steady by choice (noise and fan, ``variation = 0``) is exempt from
  the lower bound and says so;
* generator cost: the scene's generators together, times real time on one core, >= 20x
  (gesture streams at their schedules' duty);
* memory per streaming source: what a generator holds (tracemalloc) plus the engine's six
  0.25 s float32 blocks, the scene's largest.

Then: each bed's level over ``LEVEL_MIN`` minutes at its default variation (three seeds) against
its category's target (+-1 LU); how the engine's cost grows with the number of live sources
(1 to 64: per-frame update, the sound thread's CPU, OpenAL Soft's own mixing beside it,
memory, and the slope); what happens past the device's source limit; motion to sound with a
full stream queue (the queue adds no latency to head tracking: OpenAL mixes at its period);
and ``REALTIME_S`` of the heaviest scene played live on OpenAL Soft's null backend (a real
playback device that plays into nothing, at real time) while two CPU-bound processes compete
for both cores: no stream may run dry.

Run: ``python -m benchmarks bench_stream`` (``BENCH_STREAM_EXPORT_MIN``,
``BENCH_STREAM_REALTIME_S`` shorten it).
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
import tracemalloc

import numpy as np

from benchmarks.home import rss_mib, vrasmr_home
from benchmarks.rows import row

SR = 48000
SEED = 7
EXPORT_MIN = float(os.environ.get("BENCH_STREAM_EXPORT_MIN", "10"))
LEVEL_MIN = 10.0
REALTIME_S = float(os.environ.get("BENCH_STREAM_REALTIME_S", "600"))
REPEAT_LIMIT = 0.5
CHANCE_MARGIN = 0.15  # a night may match itself by this much more than another night does
SPREAD_LU = (1.0, 4.0)
COST_FLOOR = 20.0  # x real time: the heaviest scene's generators under 5 % of one core
SOURCE_COUNTS = (1, 4, 16, 32, 64)
_clock = time.thread_time


def _beds(loaded) -> list[tuple[object, float]]:
    """(stream, gain) of the scene's beds: its streams of bed generators (rain, ocean,
    stream, wind, fire, insects, fan, noises; not a breath, a heartbeat or whispers)."""
    from vrasmr.sound.synth import GENERATORS, GeneratorStream

    bed_kinds = tuple(spec.make for spec in GENERATORS.values() if spec.kind == "bed")
    scene = loaded.scene
    return [
        (voice.stream, 10 ** (scene.emitters[i].gain_db / 20))
        for i, voice in enumerate(loaded.voices)
        if isinstance(voice.stream, GeneratorStream)
        and isinstance(voice.stream.generator, bed_kinds)
    ]


def export_audio(scene_id: str, minutes: float, seed: int = SEED) -> np.ndarray:
    """``minutes`` of the scene as ``vrasmr export --seed SEED`` renders it (stereo)."""
    from vrasmr.backends.headless import HeadlessSession, still_head
    from vrasmr.session.factory import build_app

    app = build_app(scene_id, None, engine_kind="loopback", sleep_timer=None, seed=seed)
    try:
        fps = 30.0
        session = HeadlessSession(app, None, size=(16, 16), fps=fps, head_path=still_head)
        frames = int(round(minutes * 60 * fps))
        out = np.empty((round(frames * SR / fps) + SR, 2), np.float32)
        done = 0
        for _ in range(frames):
            block = session.step(draw=False)
            out[done : done + len(block)] = block
            done += len(block)
        return out[:done]
    finally:
        app.close("export")


def bed_mix(scene_id: str, minutes: float) -> tuple[np.ndarray | None, bool]:
    """The scene's beds mixed mono at their gains (no room, no head), and whether they are
    all steady by choice (variation 0: noise, fan)."""
    from vrasmr.session.assets import load_scene

    beds = _beds(load_scene(scene_id, seed=SEED))
    if not beds:
        return None, False
    n = int(minutes * 60 * SR)
    mix = np.zeros(n, np.float32)
    for stream, gain in beds:
        mix += np.float32(gain) * stream.read(n)
    return mix, all(stream.generator.ctx.variation == 0 for stream, _ in beds)


def generator_cost(scene_id: str, seconds: float = 60.0) -> float:
    """Seconds of the scene's sound its generators make per CPU second (one core)."""
    from vrasmr.scene.schedule import EventSchedule
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.synth import GeneratorStream, GestureStream

    loaded = load_scene(scene_id, seed=SEED)
    spent = 0.0
    block = SR // 4
    for i, voice in enumerate(loaded.voices):
        stream = voice.stream
        if isinstance(stream, GeneratorStream):
            duty = 1.0
        elif isinstance(stream, GestureStream):
            schedule = loaded.scene.emitters[i].schedule
            assert isinstance(schedule, EventSchedule)
            mean_gap = 0.5 * (schedule.min_gap_s + schedule.max_gap_s)
            duty = min(1.0, schedule.event_duration_s / mean_gap)
        else:
            continue  # speech is read from its cache, not made here
        start = _clock()
        for _ in range(int(seconds * SR / block)):
            if isinstance(stream, GestureStream) and not stream.sounding:
                stream.trigger()  # sounding all the time; counted at its duty below
            stream(block)
        spent += (_clock() - start) * duty
    return seconds / spent if spent > 0 else float("inf")


def source_memory_mib(stream_factory, seconds: float = 20.0) -> float:
    """What one streaming source holds: its generator (traced, after ``seconds``) and the
    engine's queued and ready blocks."""
    from vrasmr.sound.engine.streams import BUFFER_SECONDS, NUM_BUFFERS, READY_BLOCKS

    tracemalloc.start()
    try:
        stream = stream_factory()
        block = int(BUFFER_SECONDS * SR)
        for _ in range(int(seconds / BUFFER_SECONDS)):
            stream(block)
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del stream
    blocks = (NUM_BUFFERS + READY_BLOCKS) * block * 4
    return (held + blocks) / 1024**2


def scene_memory_mib(scene_id: str) -> float:
    """The largest memory of one of the scene's generator streams (MiB)."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.scene.schedule import EventSchedule
    from vrasmr.session.assets import find_scene
    from vrasmr.sound import synth

    scene, _ = find_scene(scene_id)
    content, _ = ContentIndex.load()
    worst = 0.0
    for emitter in scene.emitters:
        sound = content.resolve(emitter.sound)[0]
        if not sound.generator:
            continue
        if isinstance(emitter.schedule, EventSchedule):
            seconds = emitter.schedule.event_duration_s

            def make(sound=sound, seconds=seconds):
                stream = synth.gesture_stream(sound.generator, sound.params, seconds, seed=1)
                stream.trigger()
                return stream

        else:

            def make(sound=sound):
                return synth.stream(sound.generator, sound.params, seed=1)

        worst = max(worst, source_memory_mib(make))
    return worst


def scene_rows() -> list[dict]:
    from vrasmr.scene.runtime import entered_s
    from vrasmr.session.assets import find_scene, scene_library
    from vrasmr.sound.repetition import loudness_spread, repetition

    rows = []
    costs = {}
    for scene_id in scene_library().ids():
        audio = export_audio(scene_id, EXPORT_MIN)
        start_s = entered_s(find_scene(scene_id)[0])
        found = repetition(audio, SR, start_s=start_s)
        other = export_audio(scene_id, EXPORT_MIN, SEED + 1)
        chance = repetition(audio, SR, other=other, start_s=start_s)
        del audio
        rows.append(
            row(f"{scene_id}: repetition over {EXPORT_MIN:g} min (seed {SEED})",
                found.correlation, "r", f"<= {REPEAT_LIMIT}", found.correlation <= REPEAT_LIMIT,
                chance.correlation, found.correlation - chance.correlation,
                spread=f"lag {found.lag_s:.2f} s at {found.at_s:.0f} s; floor: the same figure "
                f"against another night (seed {SEED + 1}), where nothing can repeat", digits=3)
        )  # fmt: skip
        above = found.correlation - chance.correlation
        rows.append(
            row(f"{scene_id}: repetition above chance", above, "r", f"<= {CHANCE_MARGIN}",
                above <= CHANCE_MARGIN, spread="a 30 s loop: 0.994 - about 0.4", digits=3)
        )  # fmt: skip
        beds, steady = bed_mix(scene_id, EXPORT_MIN)
        if beds is None:
            rows.append(row(f"{scene_id}: bed loudness spread", "no beds", "", "-", True))
        else:
            lu = loudness_spread(beds, SR)
            low, high = SPREAD_LU
            ok = lu <= high and (steady or lu >= low)
            target = f"{low:g}..{high:g} LU" + (" (steady beds: no lower bound)" if steady else "")
            rows.append(
                row(
                    f"{scene_id}: bed loudness spread (30 s windows)",
                    lu,
                    "LU",
                    target,
                    ok,
                    digits=3,
                )
            )
        speed = costs[scene_id] = generator_cost(scene_id)
        rows.append(
            row(f"{scene_id}: generator cost (all together)", speed, "x real time",
                f">= {COST_FLOOR:g}x", speed >= COST_FLOOR, digits=3)
        )  # fmt: skip
        mib = scene_memory_mib(scene_id)
        rows.append(row(f"{scene_id}: memory per streaming source (largest)", mib, "MiB",
                        "<= 4 s of float32 (0.73 MiB)", mib <= 0.74, digits=3))  # fmt: skip
    heaviest = min(costs, key=costs.get)
    rows.append(
        row(f"heaviest scene's generators ({heaviest})", costs[heaviest], "x real time",
            f">= {COST_FLOOR:g}x (< 5 % of a core)", costs[heaviest] >= COST_FLOOR, digits=3)
    )  # fmt: skip
    return rows


def level_rows() -> list[dict]:
    """Each bed generator over LEVEL_MIN minutes at its default variation, three seeds:
    the mean's distance from its target, and the seeds' spread."""
    from vrasmr.sound import synth
    from vrasmr.sound.loudness import integrated_lufs
    from vrasmr.sound.normalise import TARGETS

    rows = []
    n = int(LEVEL_MIN * 60 * SR)
    for name, spec in synth.GENERATORS.items():
        if spec.kind != "bed":
            continue
        errors = [
            integrated_lufs(synth.stream(name, {}, seed=seed).read(n), SR) - TARGETS[spec.category]
            for seed in (101, 102, 103)
        ]
        mean = float(np.mean(errors))
        spread = f"seeds {', '.join(f'{e:+.2f}' for e in errors)}"
        rows.append(row(f"level of {name} over {LEVEL_MIN:g} min (variation {spec.variation:g})",
                        mean, "LU", "within +-1 LU", abs(mean) <= 1.0, spread=spread, digits=3))  # fmt: skip
    return rows


def _noise_streams(count: int):
    """``count`` cheap stream voices (pink noise generators) and their positions."""
    from vrasmr.sound import synth
    from vrasmr.sound.engine import VoiceSpec

    voices = [
        VoiceSpec(f"s{k}", np.zeros(1, np.float32), stream=synth.stream("pink_noise", {}, seed=k))
        for k in range(count)
    ]
    angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
    return voices, angles


def _positions(angles, t):
    a = angles + 0.3 * t
    return np.stack([1.2 * np.cos(a), 0.2 * np.sin(a + t), 1.2 * np.sin(a)], 1)


def engine_cost(count: int, seconds: float = 4.0) -> dict:
    """One loopback engine with ``count`` live stream voices moving every 10 ms: per-frame
    update (µs), the sound thread's CPU per second of audio without the mixing (ms), the
    generators' share of it, OpenAL Soft's own mixing (ms per s), memory (MiB)."""
    from vrasmr.sound.engine import OpenALEngine
    from vrasmr.xmath import Pose

    rss0 = rss_mib()
    eng = OpenALEngine.loopback(SR, max_voices=max(count, 32))
    voices, angles = _noise_streams(count)
    eng.set_reverb("room")
    eng.prepare(voices)
    eng.set_master(1.0, immediate=True)
    ones = np.ones(count)
    mix = update = total = 0.0
    render_into = eng.device.render_into

    def timed_mix(out):
        nonlocal mix
        start = _clock()
        render_into(out)
        mix += _clock() - start

    eng.device.render_into = timed_mix
    frames = int(seconds * 100)
    try:
        for k in range(frames):
            t = k / 100
            start = _clock()
            eng.set_listener(Pose.make())
            eng.update(_positions(angles, t), ones, 0.01)
            eng.apply_pending()
            update += _clock() - start
            start = _clock()
            eng.render(SR // 100, block=SR // 100)
            total += _clock() - start
        rss = rss_mib() - rss0
    finally:
        eng.close()
    gen = _generation_s(seconds) * count
    return {
        "update_us": update / frames * 1e6,
        "thread_ms": (total - mix + update) / seconds * 1e3,
        "generators_ms": gen / seconds * 1e3,
        "mix_ms": mix / seconds * 1e3,
        "rss_mib": rss,
    }


def _generation_s(seconds: float) -> float:
    """CPU seconds one pink noise generator takes to make ``seconds``."""
    from vrasmr.sound import synth

    fresh = synth.stream("pink_noise", {}, seed=99)
    start = _clock()
    fresh.read(int(seconds * SR))
    return _clock() - start


def bare_mix_ms(count: int, seconds: float = 4.0) -> float:
    """OpenAL Soft alone: ``count`` looping sources moved every 10 ms, mixed (ms per s)."""
    from vrasmr.sound.engine.device import open_device
    from vrasmr.sound.openal import _raw as r
    from vrasmr.sound.openal.efx import Lowpass, Reverb

    dev = open_device(SR, True)
    al = dev.al
    try:
        reverb, send = Reverb(dev), Lowpass(dev)
        reverb.load("room")
        noise = (np.random.default_rng(0).standard_normal(SR) * 0.05).astype(np.float32)
        srcs, bufs = dev.gen_sources(count), dev.gen_buffers(count)
        angles = np.linspace(0, 2 * np.pi, count, endpoint=False)
        for s, b in zip(srcs, bufs, strict=True):
            dev.buffer_mono_float(b, noise, SR)
            al.alSourcei(s, r.AL_BUFFER, b)
            al.alSourcei(s, r.AL_LOOPING, 1)
            send.send(s, reverb.slot, 0.3)
            al.alSourcePlay(s)
        out = np.empty((SR // 100, 2), np.float32)
        spent = 0.0
        for k in range(int(seconds * 100)):
            dev.make_current()
            al.alDeferUpdatesSOFT()
            for s, (x, y, z) in zip(srcs, _positions(angles, k / 100).tolist(), strict=True):
                al.alSource3f(s, r.AL_POSITION, x, y, z)
            al.alProcessUpdatesSOFT()
            start = _clock()
            al.alcRenderSamplesSOFT(dev.handle, out.ctypes.data, SR // 100)
            spent += _clock() - start
        return spent / seconds * 1e3
    finally:
        dev.close()


def growth_rows() -> list[dict]:
    rows = []
    curve = {}
    engine_cost(1, seconds=0.5)  # warm: the first engine of a process loads OpenAL and its tables
    for count in SOURCE_COUNTS:
        cost = engine_cost(count)
        cost["openal_ms"] = bare_mix_ms(count)
        curve[count] = cost
        rows.append(
            row(f"{count} live sources: per-frame update", cost["update_us"], "us", "informational", True,
                spread=f"sound thread {cost['thread_ms']:.1f} ms/s (generators {cost['generators_ms']:.1f}), "
                f"OpenAL Soft's own mixing {cost['openal_ms']:.1f} ms/s (engine's {cost['mix_ms']:.1f}), "
                f"memory {cost['rss_mib']:.1f} MiB", digits=3)
        )  # fmt: skip
    counts = np.array(SOURCE_COUNTS, float)
    for key, unit, name in (
        ("update_us", "us", "per-frame update"),
        ("thread_ms", "ms/s", "sound thread (engine and generators)"),
        ("openal_ms", "ms/s", "OpenAL Soft's own mixing"),
        ("rss_mib", "MiB", "memory"),
    ):
        values = np.array([curve[c][key] for c in SOURCE_COUNTS])
        slope, base = np.polyfit(counts, values, 1)
        fit = base + slope * counts
        worst = float(np.max(np.abs(values - fit) / np.maximum(np.abs(values), 1e-9)))
        rows.append(
            row(f"growth of {name}: slope per source", slope, f"{unit} per source",
                "linear (worst point within 25 % of the line)", worst <= 0.25 or key == "rss_mib",
                spread=f"at 0 sources {base:.3g} {unit}; worst point {worst:.0%} off the line", digits=4)
        )  # fmt: skip
    rows.append(_past_the_limit_row())
    return rows


def _past_the_limit_row() -> dict:
    """How many sources the device gives, and what the engine does with more voices."""
    from vrasmr.sound.engine.device import open_device
    from vrasmr.sound.openal.checked import ALError

    dev = open_device(SR, True)
    got = 0
    try:
        while got < 1024:
            dev.gen_sources(1)
            got += 1
    except ALError:
        pass
    finally:
        dev.close()
    from vrasmr.sound.engine.openal_engine import MAX_VOICES

    return row("sources the device gives (OpenAL Soft's limit)", got, "sources", "informational", True,
               spread=f"beyond it alGenSources fails (AL_OUT_OF_MEMORY); the engine plays at most "
               f"{MAX_VOICES} voices at once (quieter, lower-priority ones fade out and pause), a scene "
               f"has at most 32 emitters, one-offs at most 4", digits=0)  # fmt: skip


def latency_row() -> dict:
    """A head turn reaches the ears within one mixing period even with a full stream queue."""
    from vrasmr.sound import synth
    from vrasmr.sound.engine import OpenALEngine, VoiceSpec
    from vrasmr.sound.openal.config import read_value, shipped_config_path
    from vrasmr.xmath import Pose, quat_from_yaw_pitch_roll

    path = shipped_config_path()
    period = int(read_value(path, "period_size") or 1024) if path else 1024
    eng = OpenALEngine.loopback(SR)
    try:
        stream = synth.stream("white_noise", {}, seed=1)
        eng.prepare([VoiceSpec("bed", np.zeros(1, np.float32), stream=stream)])
        eng.set_master(1.0, immediate=True)
        pos, g = np.array([[1.0, 0.0, 0.0]]), np.ones(1)
        for _ in range(100):
            eng.set_listener(Pose.make())
            eng.update(pos, g, period / SR)
            eng.render(period, block=period)
        queued = eng._voices.feeders[0]
        ahead = (queued.frames_queued - queued.played_frames()) / SR
        eng.set_listener(Pose.make(orientation=quat_from_yaw_pitch_roll(math.pi)))
        eng.update(pos, g, period / SR)
        after = np.concatenate([eng.render(period, block=period) for _ in range(4)])
        lag = float(len(after))
        for start in range(0, len(after) - 32, 8):
            w = after[start : start + 32].astype(np.float64)
            if np.mean(w[:, 0] ** 2) > np.mean(w[:, 1] ** 2):
                lag = float(start + 32)
                break
    finally:
        eng.close()
    return row("motion to sound with a full stream queue (ILD flip)", lag, "samples",
               "<= 1 mixing period", lag <= period, period, lag / period,
               spread=f"{ahead:.2f} s of the stream queued ahead", digits=3)  # fmt: skip


REALTIME = r"""
import json, sys, time
from vrasmr.session.assets import load_scene
from vrasmr.sound.engine import OpenALEngine
from vrasmr.xmath import Pose
seconds = float(sys.argv[2])
loaded = load_scene(sys.argv[1], seed=int(sys.argv[3]))
engine = OpenALEngine.playback()
engine.set_reverb(loaded.scene.reverb)
engine.prepare(loaded.voices, source=loaded.sound_at)
engine.set_master(1.0)
arg = (frozenset(), 1.0)
start = time.monotonic()
cpu = time.process_time()
t = 0.0
while t < seconds:  # the frame thread: a head pose and a span of scene time at 90 Hz
    time.sleep(1 / 90)
    now = time.monotonic() - start
    engine.set_listener(Pose.make())
    engine.advance(t, now, arg, now - t)
    t = now
feeders = list(engine._voices.feeders.values())
print(json.dumps({
    "underruns": engine.status.stream_underruns,
    "streams": len(feeders),
    "backend": engine.status.backend,
    "device": engine.status.device,
    "cpu_share": (time.process_time() - cpu) / seconds,
    "problems": engine.status.problems,
}))
engine.close()
"""

HOG = "while True: pass"


def realtime_playback(scene_id: str, seconds: float, hogs: int = 2) -> dict:
    """Play ``scene_id`` live for ``seconds`` on the null backend while ``hogs`` CPU-bound
    processes run; the engine's report (underruns, CPU share)."""
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.openal.config import read_value, shipped_config_path

    load_scene(scene_id, seed=SEED)  # its levels measured here, before the hogs start
    with tempfile.TemporaryDirectory(prefix="vrasmr-rt-") as home:
        conf = os.path.join(home, "alsoft.conf")
        shipped = shipped_config_path()
        keys = ("frequency", "period_size", "periods", "hrtf", "stereo-mode", "output-limiter")
        lines = ["[general]", "drivers = null"]
        lines += [
            f"{k} = {read_value(shipped, k)}" for k in keys if shipped and read_value(shipped, k)
        ]
        with open(conf, "w") as f:
            f.write("\n".join(lines) + "\n")
        env = dict(os.environ, ALSOFT_CONF=conf)  # the same VRASMR_HOME: levels measured
        env.pop("ALSOFT_DRIVERS", None)
        hog_procs = [subprocess.Popen([sys.executable, "-c", HOG]) for _ in range(hogs)]
        try:
            proc = subprocess.run(
                [sys.executable, "-c", REALTIME, scene_id, str(seconds), str(SEED)],
                env=env, capture_output=True, text=True, timeout=seconds + 300,
            )  # fmt: skip
        finally:
            for hog in hog_procs:
                hog.kill()
                hog.wait()
    if proc.returncode != 0:
        raise RuntimeError(f"live playback failed: {proc.stderr[-400:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def realtime_row(scene_id: str) -> dict:
    report = realtime_playback(scene_id, REALTIME_S)
    ok = report["underruns"] == 0 and report["backend"] == "openal" and report["streams"] > 0
    return row(f"{scene_id} live for {REALTIME_S / 60:g} min beside 2 CPU hogs (null backend)",
               report["underruns"], "underruns", "0 (no stream runs dry)", ok,
               spread=f"{report['streams']} streams, device {report['device']!r}, the process "
               f"used {report['cpu_share']:.1%} of a core", digits=0)  # fmt: skip


def run() -> list[dict]:
    # levels and speech made in a home of its own, not in the user's cache
    with (
        tempfile.TemporaryDirectory(prefix="vrasmr-bench-stream-") as home,
        vrasmr_home(home),
    ):
        rows = [latency_row()]
        rows += scene_rows()
        rows += level_rows()
        rows += growth_rows()
        rows.append(realtime_row("campfire"))
    return rows


if __name__ == "__main__":
    for r in run():
        print(
            f"{r['name']:70s} {r['value']!s:>10} {r['unit']:14s} {'ok' if r['passed'] else 'NO'}  {r['spread'] or ''}"
        )
