"""Builds an App for a backend: GL context in, scene loaded, engine opened, timer set.

Real sessions (``journal=True``) also get the person's choices from ``settings.toml``
(volumes, brightness, switched-off sounds, timer, bed mode; written back as the menu changes
them), sleep detection from head motion (``sleep_source``: "headset", or "mouse" in the
preview), the gentle wake when a wake time is set, and a menu that knows the journal: last
night's questions and the scene "for you" with its line of why.
"""

from __future__ import annotations

import logging

from vrasmr.app import App, Tonight

log = logging.getLogger("vrasmr")


def build_app(
    scene_id: str | None,
    ctx,
    *,
    engine_kind: str = "auto",
    settings: Tonight | None = None,
    seed: int | None = None,
    sleep_timer="scene",
    journal: bool = False,
    sleep_source: str = "headset",
    first_night_hint: bool = False,
) -> App:
    """An App drawing with ``ctx`` (may be None for sound only) and sounding through
    ``engine_kind`` ("auto" = playback device, falling back to silence; "loopback"; "silent").

    ``sleep_timer``: "scene" for the scene's default timer, a timer choice (None = off, 15..90
    minutes, "all_night") or a ready :class:`~vrasmr.sleep.timer.SleepTimer`.
    ``journal=True`` keeps the night in the private journal (real sessions, not renders).
    ``first_night_hint=True`` (the headset) shows how to open the menu until the journal
    says it has been opened once. ``seed`` makes the night's sound reproducible, scene
    switches included (None: a new night each time).
    """
    from vrasmr.content import shaders_dir
    from vrasmr.session.assets import load_scene
    from vrasmr.sound.engine import open_engine

    loaded = load_scene(scene_id, seed=seed)
    saved = _saved_settings() if journal else None
    device = saved.audio_device if saved is not None else None
    engine = open_engine(engine_kind, sample_rate=48000, device=device)
    renderer = None
    if ctx is not None:
        from vrasmr.render.programs import ProgramLibrary
        from vrasmr.render.renderer import Renderer

        renderer = Renderer(ctx, ProgramLibrary(ctx, shaders_dir()))
    if saved is not None and sleep_timer == "scene" and saved.timer != "scene_default":
        sleep_timer = saved.timer  # the menu's choice last night
    timer = make_timer(sleep_timer, loaded, saved.fade_minutes if saved else None)
    diary = menu = night = None
    if journal:
        diary = _open_journal()
        settings = settings or app_settings(saved)
        menu = session_menu(diary)
        night = _night(saved, sleep_source, loaded.seed)
        if first_night_hint:
            add_first_night_hint(menu, diary)
    app = App(
        loaded,
        engine,
        renderer,
        settings=settings,
        sleep_timer=timer,
        journal=diary,
        menu=menu,
        night=night,
    )
    app.owns_journal = diary is not None
    if seed is not None:
        app.scene_load_kwargs = {"seed": seed}
    if journal:
        from vrasmr.sleep.settings_store import SettingsSaver

        app.saver = SettingsSaver(on_problem=lambda message: log.warning("%s", message))
        app.bed_mode = saved.bed_mode
    if journal and renderer is not None:
        warm_up_for_switches(app)
        app.make_thumbnails()  # the menu's missing pictures, on the loading worker
    return app


def add_first_night_hint(menu, journal) -> None:
    """Give ``menu`` the hint on how to open it, unless the journal says it has been opened
    (a journal that cannot say shows it: a hint too many beats a person who cannot find
    the menu)."""
    from vrasmr.ui.hint import MENU_OPENED, FirstNightHint

    if journal.reached(MENU_OPENED) is not True:
        menu.hint = FirstNightHint()


def warm_up_for_switches(app) -> None:
    """Compile every other layer kind's shaders now, at session start (about 50 ms here),
    so that choosing a scene from the menu never compiles on the frame path."""
    from vrasmr.render.layers import DRAWER_CLASSES

    try:
        app.renderer.warm_up_kinds(DRAWER_CLASSES)
    except Exception as exc:  # a shader that fails here fails again, clearly, on its switch
        app.note_problem(f"warming up the picture's shaders: {exc}")


def make_timer(choice, loaded, fade_minutes: float | None = None):
    """The session's SleepTimer for ``choice`` (see :func:`build_app`), or None for no timer;
    ``fade_minutes`` from the settings (None: the plan's default)."""
    from vrasmr.sleep.timer import SleepPlan, SleepTimer

    if isinstance(choice, SleepTimer) or choice is None:
        return choice
    if choice == "scene":
        value = loaded.scene.sleep_timer
        choice = None if value == "off" else value
    fade = {} if fade_minutes is None else {"fade_minutes": fade_minutes}
    return SleepTimer(SleepPlan(timer_minutes=choice, **fade), start_s=0.0)


def session_menu(journal, *, now=None, cards=None, rng=None):
    """The menu of a real session: the library's scenes, the one "for you" by what helped
    in the journal, and "how did you sleep?" when last night has not been asked about."""
    from vrasmr.sleep.morning import last_night
    from vrasmr.sleep.preferences import TriggerPreferences, trigger_notes
    from vrasmr.ui.layout import MenuValues
    from vrasmr.ui.menu import Menu

    if cards is None:
        cards = _scene_cards()
    triggers = {t for card in cards for t in card.triggers}
    sessions = journal.sessions() if journal is not None else []
    draws = TriggerPreferences.from_sessions(sessions).for_you_draws(triggers, rng)
    values = MenuValues(
        last_night=last_night(journal, now),
        trigger_draws=draws,
        trigger_notes=trigger_notes(sessions) if draws else (),
    )
    return Menu(cards, values)


def _scene_cards():
    """The library's cards (cached thumbnails only); none if the scenes cannot be listed."""
    try:
        from vrasmr.safety.verdicts import checked_scenes, failed_scenes
        from vrasmr.ui.cards import scene_cards

        return scene_cards(failed=failed_scenes(), checked=checked_scenes())
    except Exception as exc:
        log.warning("menu: could not list scenes (%s)", exc)
        return []


def _open_journal():
    """The journal, or None; a broken database never stops a session (it says so once)."""
    from vrasmr.sleep.journal import Journal

    return Journal.open(on_problem=lambda message: log.warning(message))


def _saved_settings():
    """``settings.toml`` (the defaults when it cannot be used, said in one line)."""
    from vrasmr.sleep.settings import Settings as Saved
    from vrasmr.sleep.settings import SettingsError, load_settings

    try:
        return load_settings()
    except SettingsError as exc:
        log.warning("%s", exc)
        return Saved()


def app_settings(saved) -> Tonight:
    """The App's settings for tonight from the saved ones."""
    return Tonight(
        volume=saved.volume,
        brightness_scale=saved.brightness,
        switched_off=frozenset(saved.switched_off_triggers),
        kind_volumes=(saved.volume_beds, saved.volume_triggers, saved.volume_voice),
    )


def _night(saved, sleep_source: str, seed: int):
    """Sleep detection (when on) and the gentle wake (when a wake time is set)."""
    from datetime import datetime

    from vrasmr.sleep.night import Night
    from vrasmr.sleep.night_watch import NightWatch
    from vrasmr.sleep.wake import make_wake_sound, plan_wake

    watch = NightWatch(sleep_source) if saved.sleep_detection else None
    wake = plan_wake(saved.wake_time, saved.wake_sound, datetime.now())
    sound = None
    if wake is not None:
        try:
            sound = make_wake_sound(saved.wake_sound, seed=seed)
        except Exception as exc:  # the night goes on without the wake's sound
            log.warning("the gentle wake's sound %r could not be made (%s)", saved.wake_sound, exc)
    volumes = (saved.volume_beds, saved.volume_triggers, saved.volume_voice)
    return Night(watch, wake=wake, wake_sound=sound, volumes=volumes)


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


def make_app_factory(scene_id: str | None, *, journal: bool = True, **kwargs):
    """A callable ``factory(ctx) -> App`` for the headset, which makes its own GL context;
    ``journal`` and ``kwargs`` (e.g. ``sleep_timer``) go to :func:`build_app`, with the
    first-night hint."""

    def factory(ctx, scene_id: str | None = scene_id):
        return build_app(scene_id, ctx, journal=journal, first_night_hint=True, **kwargs)

    return factory
