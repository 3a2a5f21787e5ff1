"""``vrasmr export``: a binaural recording of a scene for headphones, without a headset.

The scene plays through the loopback engine with a slow, natural head sway (so sounds move
around the listener as they would in the headset), in blocks, straight to the file.
"""

from __future__ import annotations

import sys
from pathlib import Path

MAX_MINUTES = 600.0


def export_scene(
    scene_id: str,
    minutes: float,
    out: Path,
    *,
    progress=None,
    fps: float = 30.0,
    allow_no_hrtf: bool = False,
    seed: int | None = None,
) -> int:
    """Write ``minutes`` of ``scene_id`` to ``out`` (.wav or .flac, as the command line has
    checked, with minutes in 0..MAX_MINUTES); returns the exit status. ``progress`` gets
    the fraction done (default: a :class:`~vrasmr.progress.Progress` on stderr).

    Refuses (status 2, nothing written) when HRTF is off, since the file would not be
    binaural, unless ``allow_no_hrtf``. ``seed`` makes the recording reproducible (None: a
    new night).
    """
    from vrasmr.backends.headless import HeadlessSession, yaw_sweep
    from vrasmr.cli_values import confirm_written
    from vrasmr.progress import Progress
    from vrasmr.session_factory import build_app
    from vrasmr.sound.export import write_binaural
    from vrasmr.sound.openal.hrtf import loopback_hrtf

    hrtf = loopback_hrtf()
    if not hrtf.on and not allow_no_hrtf:
        print(
            "vrasmr: not exporting, HRTF is off so the recording would not be binaural: "
            f"{hrtf.reason}; or add --allow-no-hrtf to write plain stereo",
            file=sys.stderr,
        )
        return 2
    out.parent.mkdir(parents=True, exist_ok=True)
    app = build_app(scene_id, None, engine_kind="loopback", sleep_timer=None, seed=seed)
    try:
        session = HeadlessSession(
            app, None, size=(16, 16), fps=fps, head_path=yaw_sweep(35.0, 47.0)
        )
        frames = int(round(minutes * 60.0 * fps))
        total = round(frames * app.sample_rate / fps)

        def blocks():
            for _ in range(frames):
                yield session.step(draw=False)

        if progress is None:
            progress = Progress(f"vrasmr: exporting {scene_id}")
        write_binaural(out, blocks(), app.sample_rate, progress, total_frames=total)
    finally:
        app.close("export")
    confirm_written(out)
    status = app.sound_status
    kind = "binaural" if status.hrtf_on else "plain stereo"
    print(f"vrasmr: wrote {minutes:g} min of {scene_id} ({kind}, HRTF {status.hrtf}) to {out}")
    return 0
