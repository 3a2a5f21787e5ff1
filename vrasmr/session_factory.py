"""Builds an App for a backend: GL context in, scene loaded, engine opened, timer set.

Real sessions (``journal=True``) also get the person's switched-off triggers from
``settings.toml`` and a menu that knows the journal: last night's question and the scene
"for you".
"""

from __future__ import annotations

import logging

from vrasmr.app import App, Settings

log = logging.getLogger("vrasmr")


def build_app(
    scene_id: str | None,
    ctx,
    *,
    engine_kind: str = "auto",
    settings: Settings | None = None,
    seed: int | None = None,
    sleep_timer="scene",
    journal: bool = False,
) -> App:
    """An App drawing with ``ctx`` (may be None for sound only) and sounding through
    ``engine_kind`` ("auto" = playback device, falling back to silence; "loopback"; "silent").

    ``sleep_timer``: "scene" for the scene's default timer, a timer choice (None = off, 15..90
    minutes, "all_night") or a ready :class:`~vrasmr.sleep.timer.SleepTimer`.
    ``journal=True`` keeps the night in the private journal (real sessions, not renders).
    ``seed`` makes the night's sound reproducible, scene switches included (None: a new
    night each time).
    """
    from vrasmr.content import shaders_dir
    from vrasmr.scene_assets import load_scene
    from vrasmr.sound.engine import open_engine

    loaded = load_scene(scene_id, seed=seed)
    engine = open_engine(engine_kind, sample_rate=48000)
    renderer = None
    if ctx is not None:
        from vrasmr.render.programs import ProgramLibrary
        from vrasmr.render.renderer import Renderer

        renderer = Renderer(ctx, ProgramLibrary(ctx, shaders_dir()))
    timer = make_timer(sleep_timer, loaded)
    night = menu = None
    if journal:
        night = _open_journal()
        settings = settings or _settings_from_file()
        menu = session_menu(night)
    app = App(
        loaded, engine, renderer, settings=settings, sleep_timer=timer, journal=night, menu=menu
    )
    app.owns_journal = night is not None
    if seed is not None:
        app.scene_load_kwargs = {"seed": seed}
    if journal and renderer is not None:
        warm_up_for_switches(app)
    return app


def warm_up_for_switches(app) -> None:
    """Compile every other layer kind's shaders now, at session start (about 50 ms here),
    so that choosing a scene from the menu never compiles on the frame path."""
    from vrasmr.render.layers import LAYER_CLASSES

    try:
        app.renderer.warm_up_kinds(LAYER_CLASSES)
    except Exception as exc:  # a shader that fails here fails again, clearly, on its switch
        app._note_problem(f"warming up the picture's shaders: {exc}")


def make_timer(choice, loaded):
    """The session's SleepTimer for ``choice`` (see :func:`build_app`), or None for no timer."""
    from vrasmr.sleep.timer import SleepPlan, SleepTimer

    if isinstance(choice, SleepTimer) or choice is None:
        return choice
    if choice == "scene":
        value = loaded.scene.sleep_timer
        choice = None if value == "off" else value
    return SleepTimer(SleepPlan(timer_minutes=choice), start_s=0.0)


def session_menu(journal, *, now=None, cards=None, rng=None):
    """The menu of a real session: the library's scenes, the one "for you" by what helped
    in the journal, and "how did you sleep?" when last night has not been asked about."""
    from vrasmr.sleep.morning import last_night
    from vrasmr.sleep.preferences import TriggerPreferences
    from vrasmr.ui.layout import MenuValues
    from vrasmr.ui.menu import Menu

    if cards is None:
        cards = _scene_cards()
    triggers = {t for card in cards for t in card.triggers}
    draws = TriggerPreferences.from_journal(journal).for_you_draws(triggers, rng)
    return Menu(cards, MenuValues(last_night=last_night(journal, now), trigger_draws=draws))


def _scene_cards():
    """The library's cards (cached thumbnails only); none if the scenes cannot be listed."""
    try:
        from vrasmr.ui.cards import scene_cards

        return scene_cards()
    except Exception as exc:
        log.warning("menu: could not list scenes (%s)", exc)
        return []


def _open_journal():
    """The journal, or None; a broken database never stops a session (it says so once)."""
    from vrasmr.sleep.journal import Journal

    return Journal.open(on_problem=lambda message: log.warning(message))


def _settings_from_file() -> Settings:
    """App settings with the switched-off triggers of ``settings.toml`` (defaults if broken)."""
    from vrasmr.sleep.settings import SettingsError, load_settings

    try:
        saved = load_settings()
    except SettingsError as exc:
        log.warning("%s", exc)
        return Settings()
    return Settings(switched_off=frozenset(saved.switched_off_triggers))


def build_headless_app(scene_id: str | None, *, sleep_timer="scene", seed: int | None = None):
    """App + EGL context + loopback engine, for headless renders."""
    from vrasmr.render.context import create_headless_context

    ctx = create_headless_context()
    try:
        app = build_app(scene_id, ctx, engine_kind="loopback", sleep_timer=sleep_timer, seed=seed)
    except Exception:
        ctx.release()
        raise
    return app, ctx


def make_app_factory(scene_id: str | None, **kwargs):
    """A callable ``factory(ctx) -> App`` for backends that make their own GL context;
    ``kwargs`` (e.g. ``sleep_timer``) go to :func:`build_app`."""

    def factory(ctx, scene_id: str | None = scene_id):
        return build_app(scene_id, ctx, journal=True, **kwargs)

    return factory
