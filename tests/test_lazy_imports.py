"""Cold lazy imports racing on many threads: the sound-making workers' first scipy use.

Each round runs in a fresh interpreter, so scipy is truly not imported yet when the threads
start. Before the fix, 2 of 5 cold `vrasmr headless nature-whispers` runs died with
``KeyError: 'scipy'`` when two workers imported scipy submodules at once.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

_RACE = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path

    import numpy as np
    import soundfile

    assert "scipy" not in sys.modules, "scipy is already imported: the race would be warm"
    wav = Path(sys.argv[1]) / "tone.wav"
    t = np.arange(22050) / 44100
    soundfile.write(wav, 0.1 * np.sin(2 * np.pi * 220 * t), 44100)  # resampled on load

    from vrasmr.lazy import LazyModule
    from vrasmr.sound import normalise
    from vrasmr.sound.recordings import load_recording
    from vrasmr.sound import synth
    from vrasmr.sound.synth import _filters

    rng = np.random.default_rng(0)
    noise = rng.standard_normal(4800)
    modules = [LazyModule(n) for n in ("scipy.signal", "scipy.fft", "scipy.ndimage")]
    users = [
        lambda: modules[0].butter,
        lambda: modules[1].rfft,
        lambda: modules[2].uniform_filter1d,
        lambda: _filters.lowpass(noise, 1000, 48000),  # scipy.signal through the synth
        lambda: synth.render("pink_noise", {}, 0.2, normalise=False),  # designs and filters
        lambda: normalise.normalise(noise, 48000, "bed"),  # signal, ndimage, pyloudnorm
        lambda: load_recording(wav),  # resampling: scipy.signal on a worker
    ]
    threads = 28
    barrier = threading.Barrier(threads)
    errors = []

    def work(k):
        barrier.wait()
        try:
            users[k % len(users)]()
        except BaseException as error:
            errors.append(f"{type(error).__name__}: {error}")

    pool = [threading.Thread(target=work, args=(k,)) for k in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    print("\\n".join(errors))
    sys.exit(1 if errors else 0)
    """
)


def test_cold_lazy_imports_on_many_threads_at_once(tmp_path):
    """28 threads start the first scipy uses together (lazy modules, the synth, loudness,
    a recording's resampling), in three fresh interpreters: no thread may fail."""
    for round_ in range(3):
        done = subprocess.run(
            [sys.executable, "-c", _RACE, str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, f"round {round_}: {done.stdout}{done.stderr[-2000:]}"
