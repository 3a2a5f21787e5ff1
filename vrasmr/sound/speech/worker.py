"""The short-lived synthesis process: ``python -m vrasmr.sound.speech.worker``.

It reads jobs as JSON lines on stdin (``{"text", "voice", "voice_id", "rate_wpm"}``, the
voice already resolved by the caller), makes each utterance in the order given and writes
it to the utterance cache, at a low CPU priority. It exits when stdin closes and its jobs
are done, or after ``IDLE_EXIT_S`` without a job. The model (about 230 MB) lives only
here: the playing process starts this and reads the cache.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import asdict, dataclass
from pathlib import Path

IDLE_EXIT_S = 30.0
LOG_LIMIT_BYTES = 1_000_000  # the worker log starts afresh past this
_log = logging.getLogger("vrasmr.speech.worker")


@dataclass(frozen=True)
class Job:
    """One utterance to make: the key's parts, with the voice already resolved."""

    text: str
    voice: str
    voice_id: str
    rate_wpm: int

    def key(self):
        from .cache import UtteranceKey

        return UtteranceKey(self.text, self.voice_id, int(self.rate_wpm))


# ---- the parent's side ----------------------------------------------------------------------
class WorkerProcess:
    """A running worker, fed job by job (the parent's handle)."""

    def __init__(
        self,
        *,
        cache_folder: Path | None = None,
        env: dict | None = None,
        command: list[str] | None = None,
    ):
        from .cache import cache_dir

        folder = cache_folder or cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        child_env = dict(os.environ if env is None else env)
        child_env.setdefault("OMP_NUM_THREADS", "1")
        child_env.setdefault("OPENBLAS_NUM_THREADS", "1")
        child_env["VRASMR_SPEECH_CACHE"] = str(folder)
        log_path = folder / "worker.log"
        with contextlib.suppress(OSError):
            if log_path.stat().st_size > LOG_LIMIT_BYTES:
                log_path.replace(log_path.with_suffix(".log.old"))
        with open(log_path, "ab") as log:
            self.process = subprocess.Popen(
                command or [sys.executable, "-m", "vrasmr.sound.speech.worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=log,
                env=child_env,
            )

    def submit(self, job: Job) -> bool:
        """Send one job; False when the worker has gone."""
        if self.process.stdin is None or self.process.stdin.closed or not self.alive:
            return False
        try:
            self.process.stdin.write((json.dumps(asdict(job)) + "\n").encode())
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            return False
        return True

    def finish_input(self) -> None:
        """No more jobs: the worker exits once the ones it has are made."""
        with contextlib.suppress(OSError):
            if self.process.stdin and not self.process.stdin.closed:
                self.process.stdin.close()

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def stop(self, wait: bool = False) -> None:
        """End the worker now (what it has not made is simply not cached). Without ``wait``
        it returns at once (the sound thread may be the caller); the process is reaped later."""
        self.finish_input()
        if self.alive:
            self.process.terminate()
            if wait:
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()

    def wait(self, timeout: float | None = None) -> int:
        return self.process.wait(timeout)


# ---- the worker's side ----------------------------------------------------------------------
def _read_jobs(stream, jobs: queue.Queue) -> None:
    try:
        for line in stream:
            line = line.strip()
            if not line:
                continue
            try:
                jobs.put(Job(**json.loads(line)))
            except (TypeError, ValueError) as error:
                _log.error("a job that cannot be read was skipped: %s (%r)", error, line[:200])
    finally:
        jobs.put(None)


def make(job: Job, registry, folder: Path | None = None) -> Path | None:
    """Make and cache one job's utterance (nothing when it is cached already)."""
    from . import cache
    from .utterance import make_utterance

    key = job.key()
    if cache.is_cached(key, folder):
        return None
    voice = registry.get(job.voice)
    if voice.cache_id != job.voice_id:
        _log.error(
            "voice %r here is %r, the job asks for %r (versions differ); skipped",
            job.voice,
            voice.cache_id,
            job.voice_id,
        )
        return None
    try:
        audio = make_utterance(voice, job.text, job.rate_wpm)
    except ValueError as error:  # text it cannot speak: a short silence keeps the order
        _log.error("could not speak %r: %s", job.text[:80], error)
        import numpy as np

        audio = np.zeros(480, np.float32)
    if len(audio) == 0:
        import numpy as np

        audio = np.zeros(480, np.float32)
    return cache.write(key, audio, folder)


def serve(stream=None, *, idle_exit_s: float = IDLE_EXIT_S) -> int:
    """Make every job from ``stream`` (stdin) in order; returns how many were made."""
    from vrasmr.background import BACKGROUND_NICE

    from .voices import VoiceRegistry

    with contextlib.suppress(OSError):
        os.nice(BACKGROUND_NICE)
    # stopped by the player (scene switch, end): unwind, so no temporary file is left behind
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    folder_env = os.environ.get("VRASMR_SPEECH_CACHE")
    folder = Path(folder_env) if folder_env else None
    jobs: queue.Queue = queue.Queue()
    reader = threading.Thread(
        target=_read_jobs, args=(stream or sys.stdin, jobs), name="speech-jobs", daemon=True
    )
    reader.start()
    registry = VoiceRegistry()
    made = 0
    while True:
        try:
            job = jobs.get(timeout=idle_exit_s)
        except queue.Empty:
            break
        if job is None:
            break
        try:
            made += make(job, registry, folder) is not None
        except Exception:  # one bad utterance must not end the night's speech
            _log.exception("making %r failed", job.text[:80])
    return made


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="vrasmr speech worker: %(message)s")
    serve()
    return 0


if __name__ == "__main__":
    sys.exit(main())
