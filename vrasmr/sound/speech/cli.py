"""``vrasmr voices`` (which voices this machine has; ``prepare`` makes all speech ahead) and
``vrasmr say "text" --voice whisper|soft|espeak --out f.wav`` for script authors."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .voices import VOICE_NAMES

PROGRESS_WIDTH = 28


def register(subparsers) -> None:
    voices = subparsers.add_parser(
        "voices", help="the speaking voices this machine has; `prepare` makes all speech now"
    )
    sub = voices.add_subparsers(dest="voices_command", metavar="{list,prepare}")
    sub.add_parser("list", help="the voices and where each comes from")
    prepare = sub.add_parser(
        "prepare", help="make and cache the speech of every script now (with progress)"
    )
    prepare.add_argument(
        "--jobs",
        type=_jobs,
        default=max(1, min(2, os.cpu_count() or 1)),
        help="worker processes (default: up to 2)",
    )
    prepare.add_argument(
        "--script", action="append", metavar="ID", help="only this script (repeatable)"
    )
    voices.set_defaults(func=run_voices)

    say = subparsers.add_parser("say", help="speak some text into a sound file (for authors)")
    say.add_argument("text", help='what to say, e.g. "Rest now. [pause 2s] The lake is still."')
    say.add_argument("--voice", choices=VOICE_NAMES, default="whisper", help="how it is spoken")
    say.add_argument(
        "--rate", type=_rate, default=110, metavar="WPM", help="words per minute, 80-160"
    )
    say.add_argument("--out", type=Path, required=True, help="output .wav or .flac")
    say.set_defaults(func=run_say)


def _jobs(text: str) -> int:
    value = _int(text, "--jobs")
    if not 1 <= value <= 16:
        raise argparse.ArgumentTypeError(f"--jobs must be 1 to 16, got {value}")
    return value


def _rate(text: str) -> int:
    value = _int(text, "--rate")
    if not 80 <= value <= 160:
        raise argparse.ArgumentTypeError(f"--rate must be 80 to 160 words per minute, got {value}")
    return value


def _int(text: str, name: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{name} must be a whole number, got {text!r}") from None


def run_voices(args) -> int:
    if getattr(args, "voices_command", None) == "prepare":
        return run_prepare(args)
    from .voices import VoiceRegistry, describe_voices

    print(describe_voices(VoiceRegistry()))
    return 0


# ---- say -----------------------------------------------------------------------------------
def run_say(args) -> int:
    import numpy as np
    import soundfile

    from . import cache
    from .script import parse_script
    from .utterance import SAMPLE_RATE, make_utterance
    from .voices import VoiceRegistry

    out: Path = args.out
    if out.suffix.lower() not in (".wav", ".flac"):
        print(f"vrasmr: --out must end in .wav or .flac, got {out}", file=sys.stderr)
        return 2
    registry = VoiceRegistry()
    note = registry.fallback_note(args.voice)
    if note:
        print(f"vrasmr: {note}", file=sys.stderr)
    script = parse_script(args.text, "<say>", "say")
    voice = registry.get(args.voice)
    parts = [np.zeros(int(script.lead_in_s * SAMPLE_RATE), np.float32)]
    for n, utterance in enumerate(script.utterances):
        key = cache.UtteranceKey(utterance.text, voice.cache_id, args.rate)
        audio = cache.read(key)
        if audio is None:
            audio = make_utterance(voice, utterance.text, args.rate)
            cache.write(key, audio)
        parts.append(audio)
        if n < len(script.utterances) - 1:
            parts.append(np.zeros(int(utterance.pause_after_s * SAMPLE_RATE), np.float32))
    audio = np.concatenate(parts)
    out.parent.mkdir(parents=True, exist_ok=True)
    soundfile.write(out, audio, SAMPLE_RATE, subtype="PCM_24")
    print(
        f"vrasmr: {len(audio) / SAMPLE_RATE:.1f} s of {registry.resolve(args.voice)} voice "
        f"({len(script.utterances)} utterances) written to {out}"
    )
    return 0


# ---- prepare -------------------------------------------------------------------------------
def run_prepare(args) -> int:
    from .prepare import plan_jobs, run_jobs

    jobs, problems = plan_jobs(args.script)
    for problem in problems:
        print(f"vrasmr: {problem}", file=sys.stderr)
    if not jobs.missing:
        print(f"vrasmr: all {jobs.total} utterances are prepared already")
        return 1 if problems else 0
    show = _Progress(jobs.total, len(jobs.missing), sys.stdout)
    made = run_jobs(jobs.missing, workers=args.jobs, progress=show)
    show.done(made)
    return 1 if problems or made < len(jobs.missing) else 0


class _Progress:
    """A bar redrawn in place on a terminal; a line every 10 % elsewhere (logs, CI)."""

    def __init__(self, total: int, missing: int, out):
        self.total, self.missing, self.out = total, missing, out
        self.tty = bool(getattr(out, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.last_step = -1
        print(
            f"vrasmr: preparing {missing} of {total} utterances ({total - missing} already cached)",
            file=out,
            flush=True,
        )

    def __call__(self, made: int) -> None:
        share = made / max(1, self.missing)
        elapsed = time.monotonic() - self.start
        left = elapsed / share * (1 - share) if share > 0 else 0.0
        if self.tty:
            filled = int(share * PROGRESS_WIDTH)
            bar = "#" * filled + "." * (PROGRESS_WIDTH - filled)
            self.out.write(
                f"\r[{bar}] {made}/{self.missing} {_clock(elapsed)} ({_clock(left)} left)"
            )
            self.out.flush()
        elif int(share * 10) > self.last_step:
            self.last_step = int(share * 10)
            print(
                f"vrasmr: {made}/{self.missing} utterances ({share:.0%})", file=self.out, flush=True
            )

    def done(self, made: int) -> None:
        if self.tty:
            self.out.write("\n")
        from . import cache

        files, size = cache.size_bytes()
        print(
            f"vrasmr: made {made} utterances in {_clock(time.monotonic() - self.start)}; "
            f"the speech cache holds {files} files, {size / 1e6:.1f} MB ({cache.cache_dir()})",
            file=self.out,
        )


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"
