"""The App's side of the in-world menu: each frame it gives the menu the App's values and the
frame's pointers and buttons, and applies the commands that come back (volume and brightness
ramp, a scene switch loads on the worker, a choice is kept for the next night); it draws the
panel over the scene."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from vrasmr.app import App
    from vrasmr.frame import Frame

log = logging.getLogger(__name__)

SKIP_WITHIN_S = 180.0  # a scene left this soon counts as skipped


class MenuControl:
    """Feeds the App's menu, applies its commands and draws it."""

    def __init__(self, app: App):
        self.app = app
        self.shown: tuple | None = None  # the App's values last given to the menu
        self.drawer = None
        # the first-night hint shows until the menu opens once; the journal keeps that
        self.first_open_pending = getattr(app.menu, "hint", None) is not None

    def step(self, frame: Frame, head, t: float) -> bool:
        """Feed the menu this frame's input and apply its commands; True: recentre asked."""
        app = self.app
        menu = app.menu
        timer = app.sleep_timer
        program = getattr(app.scene, "program", None)
        shown = (
            app.scene.scene.id,
            timer.plan.timer_minutes if timer is not None else None,
            app.settings.volume,
            app.brightness_goal,
            app.bed_mode,
            app.settings.switched_off,
            program,
            program.version if program is not None else 0,
        )
        if shown != self.shown:  # rebuilding the values every frame costs ~10 µs
            from vrasmr.program.session import voice_values

            self.shown = shown
            scene_id, timer_minutes, volume, brightness, bed_mode, off = shown[:6]
            menu.values = replace(
                menu.values,
                scene_id=scene_id,
                timer=timer_minutes,
                volume=round(volume, 3),
                brightness=round(brightness, 3),
                bed_mode=bool(bed_mode),
                switched_off=frozenset(off),
                voice=voice_values(program),
            )
        if not frame.visible:
            return False
        recenter = False
        try:
            commands = menu.step(t, head, frame.pointers, frame.buttons)
        except Exception as exc:  # a menu fault must not stop the session
            app.note_problem(f"menu: {exc}")
            return False
        for command in commands:
            recenter |= self.apply(command, t)
        if self.first_open_pending and menu.visible:
            self._note_first_open()
        return recenter

    def _note_first_open(self) -> None:
        """The menu opened for the first time: no more first-night hint, tonight or later."""
        from vrasmr.ui.hint import MENU_OPENED

        self.first_open_pending = False
        if self.app.journal is not None:
            self.app.journal.mark_reached(MENU_OPENED)

    def apply(self, command, t: float) -> bool:
        """Apply one menu command; True: it asked to recentre."""
        from vrasmr.sleep.timer import timer_label
        from vrasmr.ui import commands as cmd

        app = self.app
        s = app.settings
        scene = app.scene
        if isinstance(command, cmd.SwitchScene):
            if command.scene_id != scene.scene.id:
                if app.scene_since is not None and t - app.scene_since < SKIP_WITHIN_S:
                    for kind in scene.trigger_kinds:  # left within three minutes
                        app.record_skip(kind)
                app.switch_scene(command.scene_id, **app.scene_load_kwargs)
        elif isinstance(command, cmd.SetTimer):
            app.set_timer(command.choice, t)
            self._save(timer=timer_label(command.choice))
        elif isinstance(command, cmd.SetVolume):
            s.volume = min(max(float(command.value), 0.0), 1.0)  # the engine slews it
            self._save(volume=s.volume)
        elif isinstance(command, cmd.SetBrightness):
            app.brightness_goal = min(max(float(command.value), 0.0), 2.0)
            self._save(brightness=min(max(app.brightness_goal, 0.3), 1.5))
        elif isinstance(command, cmd.SetTrigger):
            kinds = set(command.kinds)
            off = set(s.switched_off) - kinds if command.on else set(s.switched_off) | kinds
            if not command.on:  # switched off during the night: a mild "not this"
                for kind in sorted(kinds & set(scene.trigger_kinds) - set(s.switched_off)):
                    app.record_skip(kind)
            s.switched_off = frozenset(off)  # voice gains slew, so no click
            if getattr(scene, "program", None) is not None:  # its cues of those kinds are left out
                scene.program.switched_off = s.switched_off
            self._save(switched_off_triggers=tuple(sorted(off)))
        elif isinstance(command, cmd.SetVoice | cmd.NextScript | cmd.ChooseScript):
            self._apply_voice(command)
        elif isinstance(command, cmd.SetBedMode):
            app.bed_mode = command.on
            self._save(bed_mode=bool(command.on))
        else:
            return self._apply_answer(command)
        return False

    def _apply_answer(self, command) -> bool:
        """The person's answers (moods, last night) and the recentre button."""
        from vrasmr.ui import commands as cmd

        app = self.app
        menu = app.menu
        if isinstance(command, cmd.MoodAfter):
            if app.journal is not None:
                app.journal.check_in(command.session_id, mood_after=command.mood)
            menu.values = replace(menu.values, mood_after=command.mood)
        elif isinstance(command, cmd.CheckIn):
            if app.journal is not None and app.session_id is not None:
                app.journal.check_in(app.session_id, mood_before=command.mood)
            menu.values = replace(menu.values, mood=command.mood)
        elif isinstance(command, cmd.SleepAnswer):  # about last night's session
            from vrasmr.sleep.morning import answer

            night = answer(app.journal, menu.values.last_night, command)
            menu.values = replace(menu.values, last_night=night)
        elif isinstance(command, cmd.Recenter):
            return True
        return False

    def _apply_voice(self, command) -> None:
        """The voice program's controls (each fades the current words out over a second);
        voice off and "next" are a mild "not this" for the journal."""
        from vrasmr.program.session import skip_kind
        from vrasmr.ui import commands as cmd

        program = getattr(self.app.scene, "program", None)
        if program is None:
            return
        if isinstance(command, cmd.SetVoice):
            if not command.on and program.status.on:
                self.app.record_skip("voice")
            program.voice(command.on)
        elif isinstance(command, cmd.NextScript):
            if program.status.script_id is not None and not program.status.ended:
                self.app.record_skip(skip_kind(program))
            program.skip()
        else:
            program.choose(command.script_id)

    def _save(self, **changes) -> None:
        """Keep a menu choice for the next night (written on the saver's thread)."""
        if self.app.saver is not None:
            self.app.saver.save(**changes)

    # ---- drawing --------------------------------------------------------------------
    def draw(self) -> None:
        """Put the panel (or just its marker) over the view drawn last."""
        app = self.app
        menu = app.menu
        if not (menu.drawn or menu.marker_position is not None):
            return
        try:
            if self.drawer is None:
                from vrasmr.ui.drawer import MenuDrawer

                self.drawer = MenuDrawer(app.renderer.ctx, app.renderer.programs)
            self.drawer.draw(menu)
        except Exception as exc:  # no menu rather than no picture
            app.note_problem(f"menu drawing: {exc}")
            app.menu = NoMenu()

    def finish_paint(self) -> None:
        """Wait for a menu repaint in progress and show it (tests and benchmarks, which
        need the panel as the person will see it; a live session never waits)."""
        if self.drawer is not None and self.app.menu.drawn:
            self.drawer.refresh(self.app.menu, wait=True)

    def release(self) -> None:
        if self.drawer is not None:
            self.drawer.release()
            self.drawer = None


def default_menu():
    """A menu listing the library's scenes (cached thumbnails only); empty if none load."""
    from vrasmr.ui.menu import Menu

    try:
        from vrasmr.ui.cards import scene_cards

        return Menu(scene_cards())
    except Exception as exc:
        log.warning("menu: could not list scenes (%s)", exc)
        return Menu([])


class NoMenu:
    """Stands in when the menu could not be drawn: never visible, takes no input."""

    visible = drawn = False
    marker_position = None

    def __init__(self):
        from vrasmr.ui.layout import MenuValues

        self.values = MenuValues()

    def step(self, *args, **kwargs) -> list:
        return []
