"""``vrasmr say`` and ``vrasmr voices [prepare]`` as an author and a user run them."""

from __future__ import annotations

import numpy as np
import pytest
import soundfile

from vrasmr.cli import main
from vrasmr.sound.speech import cache
from vrasmr.sound.speech.measure import periodicity

SCRIPT = """+++
title = "Two lines"
kind = "affirmations"
voice = "espeak"
+++
You are safe. You are warm,
and the night is long.
"""


def install_script(name: str = "two-lines") -> None:
    from vrasmr.content import user_audio_dir

    folder = user_audio_dir() / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.txt").write_text(SCRIPT, encoding="utf-8")


@pytest.mark.slow
def test_say_writes_the_soft_voice_with_the_script_pauses(tmp_path, capsys):
    out = tmp_path / "lines" / "rest.wav"
    assert (
        main(
            ["say", "Rest now. [pause 2s] The lake is still.", "--voice", "soft", "--out", str(out)]
        )
        == 0
    )
    assert f"of soft voice (2 utterances) written to {out}" in capsys.readouterr().out
    audio, rate = soundfile.read(out)
    assert rate == 48000
    loud = np.abs(audio) > 1e-4
    edges = np.flatnonzero(np.diff(loud.astype(int)))
    gaps = np.diff(edges)[1::2] / rate  # silences between sounding stretches
    assert gaps.max() >= 2.8 - 0.05  # the sentence pause (0.8 s) + [pause 2s]
    assert np.percentile(periodicity(audio, rate), 75) > 0.45  # voiced (a whisper is < 0.4)
    assert cache.size_bytes()[0] == 2  # kept for the next time


def test_say_refuses_a_bad_output_name_and_rate(tmp_path, capsys):
    assert main(["say", "Rest.", "--out", str(tmp_path / "x.mp3")]) == 2
    assert "--out must end in .wav or .flac" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["say", "Rest.", "--rate", "fast", "--out", str(tmp_path / "x.wav")])
    assert "--rate must be a whole number" in capsys.readouterr().err


def test_voices_lists_the_three_and_the_model_origin(capsys):
    assert main(["voices"]) == 0
    text = capsys.readouterr().out
    for name in ("whisper", "soft", "espeak", "joe-medium", "lessac", "commercial"):
        assert name in text


def test_prepare_makes_the_missing_speech_with_progress_and_then_has_nothing_to_do(capsys):
    install_script()
    assert main(["voices", "prepare", "--script", "two-lines", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    assert "preparing 3 of 3 utterances (0 already cached)" in out
    assert "3/3 utterances (100%)" in out  # not a terminal: a few plain lines, no \r
    assert "\r" not in out
    assert "made 3 utterances" in out and "the speech cache holds 3 files" in out
    assert main(["voices", "prepare", "--script", "two-lines"]) == 0
    assert "all 3 utterances are prepared already" in capsys.readouterr().out


def test_prepare_reports_a_broken_script_and_goes_on(capsys):
    install_script()
    from vrasmr.content import user_audio_dir

    (user_audio_dir() / "scripts" / "broken.txt").write_text("Rest [pause 99s] now.\n")
    assert main(["voices", "prepare", "--script", "broken", "--script", "two-lines"]) == 1
    captured = capsys.readouterr()
    assert "broken.txt:1: cannot read [pause 99s]" in captured.err
    assert "made 3 utterances" in captured.out
