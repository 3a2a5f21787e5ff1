"""The voice: how whispered, how intelligible, how fast, how ready, how big, how level.

Measured on a sample of each shipped script (``SAMPLE_PER_SCRIPT`` sentences from the
start, middle and end of each): voicing (median pitch-autocorrelation peak, 80–300 Hz,
40 ms frames) of the neural whisper against the espeak-ng whisper and the plain neural
voice; spectral tilt; STOI of the whisper against the plain neural voice speaking the same
words (same model run, so the timing matches); synthesis speed on one core (CPU time,
one onnxruntime thread, whisper conversion and the whole utterance pipeline included);
the first utterance's readiness on a cold cache (worker start and model load included);
level, true peak and edges of every sampled utterance. Preparing all shipped speech on 2
cores is extrapolated from preparing two scripts (the longest story and the shortest
script) with 2 worker processes, by seconds of speech. The playing process's peak memory
is measured while the whole bedtime-story scene (the longest script) plays through the
headless App and the loopback engine from the prepared cache, after one short run has made
the scene's other sounds (a first-ever load renders every loop, a separate peak that
bench_memory covers).
Run: ``python -m benchmarks bench_voice``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from benchmarks.rows import row

SAMPLE_PER_SCRIPT = 6
PREPARED_SCRIPTS = ("story-lighthouse", "affirmations")
LONG_SCENE = "bedtime-story"  # plays story-lighthouse
RSS_LIMIT_MB = 300.0


def _sample(script) -> list[str]:
    sentences = [u.text for u in script.utterances if u.sentence_end and u.words >= 5]
    if len(sentences) <= SAMPLE_PER_SCRIPT:
        return sentences
    picks = np.linspace(0, len(sentences) - 1, SAMPLE_PER_SCRIPT).round().astype(int)
    return [sentences[i] for i in picks]


def _quality_rows() -> list[dict]:
    from pystoi import stoi

    from vrasmr.sound.loudness import integrated_lufs, true_peak_dbtp
    from vrasmr.sound.normalise import TARGETS
    from vrasmr.sound.speech.measure import periodicity, spectral_tilt_db
    from vrasmr.sound.speech.script import list_scripts, load_script
    from vrasmr.sound.speech.utterance import CEILING_DBTP, SAMPLE_RATE, finish
    from vrasmr.sound.speech.voices import VoiceRegistry, length_scale_for
    from vrasmr.sound.speech.whisper import to_whisper

    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    registry = VoiceRegistry()
    whisper, soft, espeak = (registry.get(n) for n in ("whisper", "soft", "espeak"))
    model = whisper.model
    model.synthesize("Warm up.")  # the first run pays onnxruntime's one-time set-up
    rows, frames, lufs_err, peaks, edges = [], {}, [], [], []
    spoken_s = cpu_s = 0.0
    for script_id in sorted(list_scripts()):
        script = load_script(script_id)
        plains, whispers = [], []
        for text in _sample(script):
            rate = script.header.rate_wpm
            t0 = time.process_time()
            plain = model.synthesize(text, length_scale_for(rate))
            converted = to_whisper(plain, model.sample_rate, whisper.settings)
            done = finish(converted, model.sample_rate)
            cpu_s += time.process_time() - t0
            spoken_s += len(done) / SAMPLE_RATE
            plains.append(plain)
            whispers.append(converted)
            gentle = finish(soft.speak(text, rate), soft.sample_rate)
            robot = finish(espeak.speak(text, rate), espeak.sample_rate)
            for name, audio, sr in (
                ("plain", plain, model.sample_rate),
                ("whisper", done, SAMPLE_RATE),
                ("soft", gentle, SAMPLE_RATE),
                ("espeak", robot, SAMPLE_RATE),
            ):
                frames.setdefault(name, []).append((audio, sr))
            for voice, audio in (("whisper", done), ("soft", gentle), ("espeak", robot)):
                error = abs(integrated_lufs(audio, SAMPLE_RATE) - TARGETS["whisper"])
                lufs_err.append((error, f"{voice}: {text[:40]}"))
                peaks.append(true_peak_dbtp(audio, SAMPLE_RATE))
                edges.append(max(abs(float(audio[0])), abs(float(audio[-1])), 1e-12))
        a, b = np.concatenate(plains), np.concatenate(whispers)
        score = float(stoi(a.astype(np.float64), b.astype(np.float64), model.sample_rate))
        rows.append(
            row(
                f"STOI whisper vs plain neural, {script_id} ({len(plains)} sentences)",
                score,
                "",
                ">= 0.75",
                score >= 0.75,
                digits=3,
            )
        )
    voicing = {
        name: float(np.median(np.concatenate([periodicity(x, sr) for x, sr in clips])))
        for name, clips in frames.items()
    }
    tilt = {
        name: float(np.median([spectral_tilt_db(x, sr) for x, sr in clips]))
        for name, clips in frames.items()
    }
    n = len(frames["whisper"])
    rows.insert(
        0,
        row(
            f"voicing, neural whisper (median of {n} sentences' frames)",
            voicing["whisper"],
            "",
            "<= 0.30",
            voicing["whisper"] <= 0.30,
            digits=3,
        ),
    )
    for name in ("espeak", "plain", "soft"):
        rows.insert(
            1, row(f"voicing, {name} (for comparison)", voicing[name], "", "info", True, digits=3)
        )
    for name in ("whisper", "espeak", "plain", "soft"):
        rows.append(
            row(
                f"spectral tilt {name} (>2 kHz vs 0.1-1 kHz)",
                tilt[name],
                "dB",
                "info",
                True,
                digits=1,
            )
        )
    speed = spoken_s / cpu_s
    rows.append(
        row(
            f"synthesis speed, whisper, one core ({spoken_s:.0f} s of speech)",
            speed,
            "x real time",
            ">= 6",
            speed >= 6.0,
            digits=2,
        )
    )
    worst, where = max(lufs_err)
    rows.append(
        row(
            f"loudness off target, worst of {len(lufs_err)} utterances ({where})",
            worst,
            "LU",
            "<= 1",
            worst <= 1.0,
            digits=2,
        )
    )
    rows.append(
        row(
            "true peak, worst utterance",
            max(peaks),
            "dBTP",
            f"<= {CEILING_DBTP:g}",
            max(peaks) <= CEILING_DBTP + 0.05,
            digits=2,
        )
    )
    step = 20 * np.log10(max(edges))
    rows.append(
        row("step at utterance edges, worst", step, "dBFS", "<= -60", step <= -60, digits=1)
    )
    return rows


_FIRST = """
import sys, time
t0 = time.monotonic()
from vrasmr.sound.speech.stream import SpeechItem, SpeechStream
s = SpeechStream([SpeechItem(sys.argv[1], 0.0, "whisper")], wait=True)
s(4800)
assert s.timeline and not s.skipped
print("READY", time.monotonic() - t0)
"""


def _first_ready_s() -> list[float]:
    times = []
    for _ in range(3):
        with tempfile.TemporaryDirectory() as home:
            env = dict(os.environ, VRASMR_HOME=home)
            out = subprocess.run(
                [sys.executable, "-c", _FIRST, "You walk slowly down the lane, and rest."],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            ready = [ln for ln in out.stdout.splitlines() if ln.startswith("READY")]
            if not ready:
                raise RuntimeError(f"first utterance never came: {out.stderr[-300:]}")
            times.append(float(ready[0].split()[1]))
    return times


def _prepare(home: str) -> tuple[float, float, int]:
    """(wall s, seconds of speech made, utterances) preparing PREPARED_SCRIPTS on 2 cores."""
    env = dict(os.environ, VRASMR_HOME=home)
    code = (
        "import sys, time\n"
        "from vrasmr.sound.speech.prepare import plan_jobs, run_jobs\n"
        "plan, problems = plan_jobs(sys.argv[1:])\n"
        "t0 = time.monotonic()\n"
        "made = run_jobs(plan.missing, workers=2)\n"
        "print('PREPARED', time.monotonic() - t0, made, len(plan.missing))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *PREPARED_SCRIPTS],
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    line = next(ln for ln in out.stdout.splitlines() if ln.startswith("PREPARED"))
    _, wall, made, wanted = line.split()
    if int(made) != int(wanted):
        raise RuntimeError(f"prepared {made} of {wanted}: {out.stderr[-300:]}")
    import soundfile

    from vrasmr.sound.speech.cache import size_bytes

    os.environ["VRASMR_HOME"], old = home, os.environ.get("VRASMR_HOME")
    try:
        from vrasmr.sound.speech.cache import cache_dir

        seconds = sum(soundfile.info(p).duration for p in cache_dir().glob("*.flac"))
        files, size = size_bytes()
    finally:
        if old is None:
            os.environ.pop("VRASMR_HOME")
        else:
            os.environ["VRASMR_HOME"] = old
    return float(wall), seconds, size


_NIGHT = """
import sys
from vrasmr.backends.headless import HeadlessSession
from vrasmr.render.context import create_headless_context
from vrasmr.session.factory import build_app
ctx = create_headless_context()
app = build_app(sys.argv[1], ctx, engine_kind="loopback")
def rss():
    return int(open("/proc/self/status").read().split("VmRSS:")[1].split()[0])
s = HeadlessSession(app, ctx, size=(64, 36), fps=4.0)
s.step()
print("LOADED", rss())
for k in range(int(float(sys.argv[2]) * 4)):
    s.step(draw=(k % 40 == 0))
(stream,) = [v.stream for v in app.scene.voices if v.stream is not None]
print("SPOKEN", len(stream.timeline), stream.skipped, stream.worker_starts)
print("PLAYED", rss())
app.close()
print('VmHWM', open('/proc/self/status').read().split('VmHWM:')[1].split()[0])
"""


def _night(home: str, seconds: float) -> dict[str, str]:
    env = dict(os.environ, VRASMR_HOME=home)
    out = subprocess.run(
        [sys.executable, "-c", _NIGHT, LONG_SCENE, str(seconds)],
        env=env,
        capture_output=True,
        text=True,
        timeout=3000,
    )
    lines = dict(ln.split(" ", 1) for ln in out.stdout.splitlines() if " " in ln)
    if "VmHWM" not in lines:
        raise RuntimeError(f"no peak reported: {out.stderr[-400:]}")
    return lines


def _all_speech_seconds() -> float:
    from vrasmr.sound.speech.script import list_scripts, load_script

    return sum(load_script(s).words / load_script(s).header.rate_wpm * 60 for s in list_scripts())


def run() -> list[dict]:
    rows = _quality_rows()
    first = _first_ready_s()
    rows.append(
        row(
            "first utterance ready, cold cache (median of 3; worker + model load)",
            float(np.median(first)),
            "s",
            "<= 10",
            float(np.median(first)) <= 10.0,
            digits=2,
        )
    )
    with tempfile.TemporaryDirectory() as home:
        wall, made_s, size = _prepare(home)
        from vrasmr.sound.speech.script import load_script

        planned = sum(
            load_script(s).words / load_script(s).header.rate_wpm * 60 for s in PREPARED_SCRIPTS
        )
        total = _all_speech_seconds() * made_s / planned  # words at rate -> measured seconds
        minutes = wall * total / made_s / 60
        rows.append(
            row(
                f"prepare all shipped speech on 2 cores (extrapolated from "
                f"{made_s / 60:.1f} of {total / 60:.1f} min made in {wall:.0f} s)",
                minutes,
                "min",
                "<= 25",
                minutes <= 25.0,
                digits=1,
            )
        )
        rows.append(
            row(
                f"speech cache, all shipped speech (extrapolated from "
                f"{size / 1e6:.1f} MB for {made_s / 60:.1f} min)",
                size * total / made_s / 1e6,
                "MB",
                "info",
                True,
                digits=1,
            )
        )
        story = load_script("story-lighthouse")
        seconds = story.speech_seconds() * 1.6 + 60  # growing pauses, then a minute more
        _night(home, 2.0)  # the scene's other sounds made once, as on any night but the first
        night = _night(home, seconds)
        peak = int(night["VmHWM"].split()[0]) / 1024.0
        growth = (int(night["PLAYED"]) - int(night["LOADED"])) / 1024.0
        spoken = night.get("SPOKEN", "?")
        rows.append(
            row(
                f"peak RSS of the playing process, {LONG_SCENE} for {seconds / 60:.0f} "
                f"min of virtual time (utterances spoken, skipped, workers: {spoken}; "
                f"the script has {len(story.utterances)})",
                peak,
                "MB",
                f"<= {RSS_LIMIT_MB:g}",
                peak <= RSS_LIMIT_MB,
                digits=1,
            )
        )
        rows.append(
            row(
                "RSS growth of the playing process while the whole story streamed",
                growth,
                "MB",
                "<= 10",
                growth <= 10.0,
                digits=1,
            )
        )
    return rows


if __name__ == "__main__":
    for r in run():
        print(json.dumps(r))
