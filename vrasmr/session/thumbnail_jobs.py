"""The menu cards' missing thumbnails, rendered on the loading worker one at a time.

Each job renders one card's thumbnail (the cache keeps it for later nights), so a scene
switch asked meanwhile waits for one thumbnail at most. The worker renders with a headless
GL context of its own, made on its thread at the first job and given back after the last:
the frame thread's context is never touched.
"""

from __future__ import annotations

import logging
from dataclasses import replace

log = logging.getLogger(__name__)


class CardThumbnails:
    """The cards, with their thumbnails filled in as :meth:`step` renders them."""

    def __init__(self, cards, library=None):
        self.cards = list(cards)
        self.library = library
        self.todo = [i for i, card in enumerate(self.cards) if card.thumbnail is None]
        self._gl = None

    @property
    def done(self) -> bool:
        return not self.todo

    def step(self):
        """Render the next missing thumbnail; the cards as they stand now (a tuple)."""
        from vrasmr.render.thumbnails import thumbnail
        from vrasmr.session.assets import scene_library
        from vrasmr.ui.cards import THUMB_SIZE

        index = self.todo.pop(0)
        card = self.cards[index]
        if self.library is None:
            self.library = scene_library()
        path = self.library.path_of(card.scene_id)
        if path is not None:
            image = thumbnail(path, THUMB_SIZE, gl=self._context())
            self.cards[index] = replace(card, thumbnail=image)
        if self.done:
            self.close()
        return tuple(self.cards)

    def _context(self):
        if self._gl is None:
            from vrasmr.content import shaders_dir
            from vrasmr.render.context import create_headless_context
            from vrasmr.render.programs import ProgramLibrary

            ctx = create_headless_context()
            self._gl = (ctx, ProgramLibrary(ctx, shaders_dir()))
        return self._gl

    def close(self) -> None:
        """Give the worker's GL context back (on the worker's thread)."""
        if self._gl is not None:
            self._gl[0].release()
            self._gl = None
