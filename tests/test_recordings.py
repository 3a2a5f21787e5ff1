"""Loading the user's own recordings: formats, rates, folding, and every kind of bad file."""

from __future__ import annotations

import os
import tracemalloc

import numpy as np
import pytest
import soundfile as sf

from vrasmr.sound import recordings
from vrasmr.sound.loudness import integrated_lufs
from vrasmr.sound.normalise import TARGETS
from vrasmr.sound.recordings import RecordingError, load_recording


def _tone(rate, seconds=1.0, channels=1):
    t = np.arange(int(rate * seconds)) / rate
    mono = 0.3 * np.sin(2 * np.pi * 440 * t)
    return np.column_stack([mono] * channels) if channels > 1 else mono


@pytest.mark.parametrize(
    ("suffix", "rate"), [(".wav", 8000), (".flac", 44100), (".ogg", 22050), (".wav", 192000)]
)
def test_formats_and_rates_are_resampled_to_48k(tmp_path, suffix, rate):
    path = tmp_path / f"sound{suffix}"
    sf.write(path, _tone(rate), rate)
    audio = load_recording(path)
    assert audio.dtype == np.float32 and audio.ndim == 1
    assert abs(len(audio) - 48000) <= 2
    spectrum = np.abs(np.fft.rfft(audio))
    assert abs(np.argmax(spectrum) * 48000 / len(audio) - 440) < 3
    assert abs(integrated_lufs(audio, 48000) - TARGETS["recording"]) <= 1.0


def test_stereo_is_folded_to_mono_or_kept(tmp_path):
    path = tmp_path / "stereo.wav"
    sf.write(path, _tone(48000, channels=2), 48000)
    assert load_recording(path).shape == (48000,)
    assert load_recording(path, mono=False).shape == (48000, 2)


def _write_float_wav(path, data, rate=48000):
    sf.write(path, data, rate, subtype="FLOAT")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_bytes(b""), "empty"),
        (lambda p: p.write_bytes(b"RIFF....this is not audio at all" * 10), "unreadable"),
        (lambda p: sf.write(p, np.zeros(48000), 48000), "silent"),
        (lambda p: _write_float_wav(p, np.where(np.arange(48000) == 100, np.nan, 0.1)), "NaN"),
        (lambda p: sf.write(p, _tone(4000), 4000), "sample rate"),
        (lambda p: sf.write(p, _tone(48000, 0.01), 48000), "too short"),
    ],
)
def test_bad_files_are_refused_naming_file_and_reason(tmp_path, make, reason):
    path = tmp_path / "bad.wav"
    make(path)
    with pytest.raises(RecordingError, match=reason) as caught:
        load_recording(path)
    assert str(path) in str(caught.value)


def test_unsupported_format_and_missing_file(tmp_path):
    mp3 = tmp_path / "song.mp3"
    mp3.write_bytes(b"ID3" + b"\0" * 100)
    with pytest.raises(RecordingError, match="unsupported format '.mp3'.*WAV, FLAC or OGG"):
        load_recording(mp3)
    with pytest.raises(RecordingError, match="not found"):
        load_recording(tmp_path / "nothing.flac")


def test_too_long_and_too_big_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "long.flac"
    sf.write(path, _tone(8000, seconds=3.0), 8000)
    with pytest.raises(RecordingError, match="minute limit"):
        load_recording(path, max_seconds=2.0)
    monkeypatch.setattr(recordings, "MAX_FILE_BYTES", 1000)
    with pytest.raises(RecordingError, match="GiB limit"):
        load_recording(path)


def test_the_limits_are_what_a_night_needs(tmp_path):
    """20 minutes (a scene loops it all night) and 1 GiB, said in the message."""
    long = tmp_path / "long.flac"
    sf.write(long, np.zeros(int(20.5 * 60 * 8000), np.int16), 8000)  # silence packs small
    with pytest.raises(RecordingError, match=r"20.5 minutes long, over the 20 minute limit"):
        load_recording(long)
    big = tmp_path / "big.wav"
    sf.write(big, _tone(8000), 8000)
    os.truncate(big, 1024**3 + 4096)  # a sparse file: the size is real, the disk is not used
    with pytest.raises(RecordingError, match=r"over the 1 GiB limit") as caught:
        load_recording(big)
    assert str(big) in str(caught.value)


def test_a_long_recording_takes_a_few_times_its_decoded_size_in_memory(tmp_path):
    """A 32 MiB 16-bit stereo WAV at 44.1 kHz (3.2 min; the issue's 1 GiB file, scaled):
    decoded in blocks and kept float32, the peak of what it allocates stays under 4x the
    result (it was 8x: the whole file decoded, copied to float64, resampled in float64).
    Counted by tracemalloc (numpy reports its buffers to it): exact, unlike RSS on a
    machine shared with others."""
    path = tmp_path / "rain.wav"
    rate, rng = 44100, np.random.default_rng(0)
    with sf.SoundFile(path, "w", rate, 2, "PCM_16") as out:
        for _ in range(19):
            out.write((0.1 * rng.standard_normal((10 * rate, 2))).astype(np.float32))
    sf.write(tmp_path / "short.wav", _tone(rate), rate)
    load_recording(tmp_path / "short.wav")  # imports and filter designs: not measured
    tracemalloc.start()
    try:
        audio = load_recording(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert audio.dtype == np.float32 and audio.shape == (190 * 48000,)
    assert peak / audio.nbytes < 4.0, f"peak allocation {peak / audio.nbytes:.1f}x the sound"


def test_truncated_file_is_refused_or_loads_what_is_there(tmp_path):
    path = tmp_path / "cut.flac"
    sf.write(path, _tone(48000, seconds=2.0), 48000)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    try:
        audio = load_recording(path)
    except RecordingError as error:
        assert str(path) in str(error)
    else:
        assert np.all(np.isfinite(audio)) and 0 < len(audio) <= 2 * 48000


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 96000, 192000])
def test_decoding_in_blocks_gives_the_samples_of_resampling_it_whole(tmp_path, monkeypatch, rate):
    from scipy import signal

    from vrasmr.sound import decode

    monkeypatch.setattr(decode, "BLOCK_FRAMES", 1000)  # many blocks, odd lengths at the end
    rng = np.random.default_rng(rate)
    stereo = (0.2 * rng.standard_normal((12345, 2))).astype(np.float32)
    path = tmp_path / "noise.wav"
    sf.write(path, stereo, rate, subtype="FLOAT")
    up, down = 48000 // np.gcd(48000, rate), rate // np.gcd(48000, rate)
    for mono in (True, False):
        whole = stereo.mean(axis=1) if mono else stereo
        want = signal.resample_poly(whole, up, down, axis=0)
        got = decode.decode(path, len(stereo), rate, 48000, mono).samples
        assert got.dtype == np.float32 and got.shape == want.shape
        assert np.max(np.abs(got - want)) < 1e-6
