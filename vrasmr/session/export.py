"""``vrasmr export``: a binaural recording of a scene for headphones, without a headset.

The scene plays through the loopback engine to a listener lying still, facing forward (the
sounds move, as the scene moves them; a head swaying on a clock would swing the whole scene
from ear to ear on that clock, a loop of its own), in blocks, straight to the file. With a
sleep timer the file carries the timer's fade and ends when it does; every file ends with a
short fade (:data:`~vrasmr.sound.export.END_FADE_S`), never a cut.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_MINUTES = 600.0
DEFAULT_MINUTES = 5.0


def export_scene(
    scene_id: str,
    minutes: float | None,
    out: Path,
    *,
    progress=None,
    fps: float = 30.0,
    allow_no_hrtf: bool = False,
    timer_minutes: int | None = None,
    seed: int | None = None,
) -> int:
    """Write ``scene_id`` to ``out`` (.wav or .flac, as the command line has checked) for
    ``minutes`` (in 0..MAX_MINUTES) or, with ``timer_minutes``, until the sleep timer's fade
    ends, whichever is shorter (None and None: 5 minutes); returns the exit status.
    ``progress`` gets the fraction done (default: a :class:`~vrasmr.progress.Progress` on
    stderr).

    Refuses (status 2, nothing written) when HRTF is off, since the file would not be
    binaural, unless ``allow_no_hrtf``. ``seed`` makes the recording reproducible (None: a
    new night).
    """
    from vrasmr.backends.headless import HeadlessSession, still_head
    from vrasmr.cli_values import confirm_written
    from vrasmr.progress import Progress
    from vrasmr.session.factory import build_app
    from vrasmr.sound.export import end_fade, write_binaural
    from vrasmr.sound.openal.hrtf import loopback_hrtf

    hrtf = loopback_hrtf()
    if not hrtf.on and not allow_no_hrtf:
        print(
            "vrasmr: not exporting, HRTF is off so the recording would not be binaural: "
            f"{hrtf.reason}; or add --allow-no-hrtf to write plain stereo",
            file=sys.stderr,
        )
        return 2
    minutes = export_minutes(minutes, timer_minutes)
    out.parent.mkdir(parents=True, exist_ok=True)
    app = build_app(scene_id, None, engine_kind="loopback", sleep_timer=timer_minutes, seed=seed)
    try:
        session = HeadlessSession(app, None, size=(16, 16), fps=fps, head_path=still_head)
        frames = int(round(minutes * 60.0 * fps))
        total = round(frames * app.sample_rate / fps)

        def blocks():
            for _ in range(frames):
                yield session.step(draw=False)

        if progress is None:
            progress = Progress(f"vrasmr: exporting {scene_id}")
        sr = app.sample_rate
        write_binaural(out, end_fade(blocks(), total, sr), sr, progress, total_frames=total)
    finally:
        app.close("export")
    confirm_written(out)
    status = app.sound_status
    kind = "binaural" if status.hrtf_on else "plain stereo"
    timer = "" if timer_minutes is None else f", a {timer_minutes}-minute sleep timer's fade"
    print(
        f"vrasmr: wrote {minutes:g} min of {scene_id} ({kind}, HRTF {status.hrtf}{timer}) to {out}"
    )
    return 0


def export_minutes(minutes: float | None, timer_minutes: int | None) -> float:
    """How long the file is: the shorter of ``minutes`` and the timer (5 with neither)."""
    choices = [m for m in (minutes, timer_minutes) if m is not None]
    return float(min(choices)) if choices else DEFAULT_MINUTES
