"""Builds an App for a backend: GL context in, scene loaded, engine opened, timer set."""

from __future__ import annotations

from vrasmr.app import App, Settings


def build_app(
    scene_id: str | None,
    ctx,
    *,
    engine_kind: str = "auto",
    settings: Settings | None = None,
    bed_loop_s: float | None = None,
    sleep_timer="scene",
    journal: bool = False,
) -> App:
    """An App drawing with ``ctx`` (may be None for sound only) and sounding through
    ``engine_kind`` ("auto" = playback device, falling back to silence; "loopback"; "silent").

    ``sleep_timer="scene"`` uses the scene's default timer; ``None`` turns the timer off.
    ``journal=True`` keeps the night in the private journal (real sessions, not renders).
    """
    from vrasmr.content import shaders_dir
    from vrasmr.scene_assets import load_scene
    from vrasmr.sound.engine import open_engine

    loaded = load_scene(scene_id, **({"bed_loop_s": bed_loop_s} if bed_loop_s else {}))
    engine = open_engine(engine_kind, sample_rate=48000)
    renderer = None
    if ctx is not None:
        from vrasmr.render.programs import ProgramLibrary
        from vrasmr.render.renderer import Renderer

        renderer = Renderer(ctx, ProgramLibrary(ctx, shaders_dir()))
    timer = None
    if sleep_timer == "scene":
        timer = _scene_timer(loaded)
    elif sleep_timer is not None:
        timer = sleep_timer
    night = _open_journal() if journal else None
    app = App(loaded, engine, renderer, settings=settings, sleep_timer=timer, journal=night)
    app.owns_journal = night is not None
    return app


def _open_journal():
    """The journal, or None; a broken database never stops a session (it says so once)."""
    import logging

    from vrasmr.sleep.journal import Journal

    return Journal.open(on_problem=lambda message: logging.getLogger("vrasmr").warning(message))


def _scene_timer(loaded):
    from vrasmr.sleep.timer import SleepPlan, SleepTimer

    value = loaded.scene.sleep_timer
    minutes = None if value == "off" else value
    return SleepTimer(SleepPlan(timer_minutes=minutes), start_s=0.0)


def build_headless_app(scene_id: str | None):
    """App + EGL context + loopback engine, for headless renders."""
    from vrasmr.render.context import create_headless_context

    ctx = create_headless_context()
    try:
        app = build_app(scene_id, ctx, engine_kind="loopback")
    except Exception:
        ctx.release()
        raise
    return app, ctx


def make_app_factory(scene_id: str | None, **kwargs):
    """A callable ``factory(ctx) -> App`` for backends that make their own GL context."""

    def factory(ctx, scene_id: str | None = scene_id):
        return build_app(scene_id, ctx, journal=True, **kwargs)

    return factory
