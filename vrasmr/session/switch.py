"""A scene switch: the next scene loads on the loading worker, and a frame adopts it.

The engine keeps the old scene's voices as a retiring bank fading out (cosine) while the new
ones rise (sine), so the sum of powers holds and there is no gap; the picture dips (never
below :data:`DIP_FLOOR`) and the new layers are built at the bottom of the dip, a layer a
frame. A full two-scene picture crossfade would draw both scenes for seconds, doubling the
GPU work exactly when no frame may drop; the dip costs nothing. The same worker renders the
menu's missing thumbnails.
"""

from __future__ import annotations

import logging
import math
from concurrent.futures import Future, wait
from typing import TYPE_CHECKING

from vrasmr.session.assets import LoadedScene, load_scene
from vrasmr.session.loader import Loader

if TYPE_CHECKING:
    from vrasmr.app import App

log = logging.getLogger(__name__)

CROSSFADE_S = 4.0
DIP_FLOOR = 0.35  # the picture's lowest level during a scene switch (never black)


class SceneSwitch:
    """The App's scene switches and menu thumbnails, on one loading worker."""

    def __init__(self, app: App):
        self.app = app
        self.worker = Loader()  # the worker that loads scenes and renders thumbnails
        self.loader: Future | None = None  # the last switch's load
        self.pending: LoadedScene | None = None
        self.pending_error: Exception | None = None
        self.pending_cards: tuple | None = None  # cards with new thumbnails for the menu
        self.thumbnails: Future | None = None  # the thumbnail job queued or running
        self.started: float | None = None  # session time the running switch began
        self.layers_pending = False  # the next scene's layers are being built
        self.look_from = 0.0  # brightness of the scene being left (for the dip)

    def request(self, scene_id: str, **load_kwargs) -> None:
        """Load ``scene_id`` on the loading worker; the switch happens when it is ready."""
        if self.loader is not None and not self.loader.done():
            return
        app = self.app

        def work():
            try:
                loaded = load_scene(scene_id, **load_kwargs)
            except Exception as exc:
                self.pending_error = exc
                return
            try:  # its voice program is planned before its voices are pulled
                fade_in = float(getattr(loaded.scene, "fade_in_s", 0.0) or 0.0)
                t0 = (app.last_t or 0.0) - fade_in
                switched_off = app.settings.switched_off
                app.programs.plan(loaded, t0, app.sleep_timer, switched_off, offset_s=fade_in)
            except Exception as exc:
                log.warning("voice: planning %s's program failed (%s)", scene_id, exc)
            try:  # upload the sounds here, so the switch frame only makes sources
                app.engine.stage(loaded.voices)
            except Exception as exc:
                log.warning("sound: staging %s's voices failed (%s)", scene_id, exc)
            if app.renderer is not None:
                try:  # and import the layers' modules here rather than in a frame
                    app.renderer.import_layers(loaded.layers)
                except Exception as exc:
                    log.warning("picture: preparing %s's layers failed (%s)", scene_id, exc)
            self.pending = loaded

        self.loader = self.worker.submit(work)

    def wait(self, timeout: float = 30.0) -> None:
        if self.loader is not None:
            wait([self.loader], timeout)

    def make_thumbnails(self):
        """Render the menu cards' missing thumbnails on the loading worker, one a job (a
        switch asked meanwhile waits for one at most); the menu shows each as it comes.
        Returns the future of the first job (None when none is missing)."""
        from vrasmr.session.thumbnail_jobs import CardThumbnails

        maker = CardThumbnails(getattr(self.app.menu, "cards", ()))
        if maker.done:
            return None

        def job():
            try:
                self.pending_cards = maker.step()
            except Exception as exc:  # the cards keep their placeholders
                maker.close()
                log.warning("menu thumbnails could not be rendered (%s)", exc)
                return
            try:
                if not maker.done:
                    self.thumbnails = self.worker.submit(job)
            except RuntimeError:  # the session closed: give the worker's context back here
                maker.close()

        self.thumbnails = self.worker.submit(job)
        return self.thumbnails

    def step(self, t: float) -> float:
        """Adopt what the worker finished; the running switch's progress 0..1 (1: none)."""
        if self.pending is not None or self.pending_error is not None:
            self._adopt(t)
        if self.pending_cards is not None:
            cards, self.pending_cards = self.pending_cards, None
            self.app.menu.cards = cards  # the panel repaints on its worker
        crossfade = 1.0
        if self.started is not None:
            crossfade = min(1.0, (t - self.started) / CROSSFADE_S)
            if crossfade >= 1.0:
                self.started = None
        if self.layers_pending:
            renderer = self.app.renderer
            built = renderer.build_step()  # one layer per frame (no hitch)
            if built and crossfade >= 0.5:
                self.layers_pending = False
                renderer.swap_layers()
        return crossfade

    def _adopt(self, t: float) -> None:
        app = self.app
        if self.pending_error is not None:
            app.note_problem(
                f"scene switch failed, keeping the current scene: {self.pending_error}"
            )
            self.pending_error = None
        if self.pending is None:
            return
        new, self.pending = self.pending, None
        self.look_from = float(app.scene.scene.brightness)
        app.scene = new
        try:
            app.install_scene(new, crossfade_s=CROSSFADE_S)
        except Exception as exc:
            app.note_problem(f"sound: switching voices failed ({exc})")
        self.started = app.scene_since = t
        # The crossfade is the new scene's start ramp: begin past its own fade-in.
        app.scene_t0 = t - float(getattr(new.scene, "fade_in_s", 0.0) or 0.0)
        if (
            getattr(new, "program", None) is not None
        ):  # the timer's fade, now that the scene's time is known
            from vrasmr.program.session import window_for

            new.program.set_window(window_for(app.sleep_timer, app.scene_t0))

    def close(self) -> None:
        self.worker.close()


def equal_power_in(x: float) -> float:
    """The rising voices' gain through a switch (sine; the retiring bank falls as cosine)."""
    x = min(max(x, 0.0), 1.0)
    return math.sin(x * math.pi / 2.0)


def dip(x: float) -> float:
    """The picture's level through a switch: 1 → DIP_FLOOR at the middle → 1, smoothly."""
    if x >= 1.0:
        return 1.0
    return 1.0 - (1.0 - DIP_FLOOR) * math.sin(min(max(x, 0.0), 1.0) * math.pi)
