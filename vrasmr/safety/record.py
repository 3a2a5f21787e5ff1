"""Render a scene offline for the safety check: the App on the loopback sound engine and a
headless GL context, as ``vrasmr headless`` runs it.

Imported lazily: the check's analysis must not pull in OpenGL or OpenAL.
"""

from __future__ import annotations

from vrasmr.safety.check import RecorderUnavailable, Recording

DEFAULT_MINUTES = 3.0
DEFAULT_SIZE = 64
CHECK_SEED = 0  # the night the check listens to: the same verdict every time


def record_scene(
    scene_id: str,
    minutes: float = DEFAULT_MINUTES,
    size: int = DEFAULT_SIZE,
    *,
    variation: int = 0,
    guarded: bool = False,
) -> Recording:
    """Render ``scene_id`` for ``minutes`` of virtual time, frames ``size`` pixels square.

    The scene plays through the loopback engine at default volume while the head turns
    slowly through ±90° (so every sound passes both ears), its events fire as scheduled,
    and a sleep timer is set so that its fade (30 s here, shortened from the real 10 min)
    starts at ``minutes`` and ends 30 s later; one more second of silence closes the
    recording. Frames are drawn at 10 per second; the fade's frames are ``final_frames``.

    The scene is judged as written: the runtime guards (loudness and light) only watch,
    and what they would do is kept (``guard_db``, ``exposure``). ``guarded=True`` lets them
    act, to measure what reaches a person. The night is CHECK_SEED's, so a verdict can be
    cached and repeated; ``variation`` k picks the night CHECK_SEED + k (``check --seeds``).
    """
    import numpy as np

    from vrasmr.backends.headless import HeadlessSession, yaw_sweep
    from vrasmr.render.context import create_headless_context
    from vrasmr.scene.runtime import entered_s
    from vrasmr.session.factory import build_app
    from vrasmr.sleep.timer import SleepPlan, SleepTimer

    fps = 10.0
    main_s = max(minutes, 0.05) * 60.0
    fade_s = 30.0
    plan = SleepPlan(timer_minutes=15, fade_minutes=fade_s / 60.0)
    timer = SleepTimer(plan, start_s=main_s + fade_s - 15 * 60.0)
    from vrasmr.render.context import GLUnavailable
    from vrasmr.sound.openal._raw import OpenALMissing

    try:
        ctx = create_headless_context()
    except GLUnavailable as exc:
        raise RecorderUnavailable(str(exc)) from None
    try:
        app = build_app(
            scene_id, ctx, engine_kind="loopback", sleep_timer=timer, seed=CHECK_SEED + variation
        )
    except OpenALMissing as exc:
        ctx.release()
        raise RecorderUnavailable(str(exc)) from None
    except Exception:
        ctx.release()
        raise
    sound_guard = getattr(app.engine, "guard", None)
    light_guard = getattr(app.renderer, "light_guard", None)
    try:
        if sound_guard is not None:
            sound_guard.enabled = guarded
        if light_guard is not None:
            light_guard.enabled = guarded
        session = HeadlessSession(
            app, ctx, size=(size, size), fps=fps, head_path=yaw_sweep(90.0, 60.0)
        )
        frames: list = []
        final: list = []
        chunks = []
        guard_db, exposure = [], []
        total = int(round((main_s + fade_s + 1.0) * fps))
        for k in range(total):
            chunks.append(session.step(draw=True))
            picture = np.concatenate([session.eyes.read(0), session.eyes.read(1)], axis=1)
            picture = picture.astype(np.float32) / 255.0
            (frames if k < main_s * fps else final).append(picture)
            guard_db.append(sound_guard.cap_db if sound_guard is not None else 0.0)
            exposure.append(light_guard.read_exposure() if light_guard is not None else 1.0)
        session.close()
        stereo = np.concatenate(chunks)
        return Recording(
            stereo=stereo,
            sr=app.sample_rate,
            frames=frames,
            fps=fps,
            final_frames=final,
            guard_db=np.array(guard_db),
            exposure=np.array(exposure),
            guarded=guarded,
            setting=getattr(app.scene.scene, "setting", "indoor"),
            start_s=entered_s(app.scene.scene),
            fade_db=np.array([app.scene.runtime.sound_fade_db(k / fps) for k in range(total)]),
        )
    finally:
        app.close("check")
        ctx.release()


def builtin_scene_ids() -> list[str]:
    """Identifiers of the shipped scenes: the names in the content ``scenes/`` folder."""
    from vrasmr.content import scenes_dir

    folder = scenes_dir()
    names = {
        path.stem
        for path in folder.iterdir()
        if not path.name.startswith((".", "_")) and path.suffix != ".py"
    }
    return sorted(names)
