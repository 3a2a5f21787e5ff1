"""The menu's scene cards get their pictures: rendered once on the loading worker (never on
the frame thread), cached for the next session, shown on the panel as they come."""

from __future__ import annotations

import threading
import time

import numpy as np

from tests.app_fixtures import write_user_scene
from tests.render_fixtures import gl_context  # noqa: F401  (provides the `gl` fixture)
from vrasmr.frame import Frame, View
from vrasmr.xmath import Fov, Pose


def _frame(t: float) -> Frame:
    head = Pose.make()
    return Frame(time_s=t, head=head, views=(View(head, Fov.symmetric(90.0, 1.0)),))


def test_cards_get_their_thumbnails_from_the_loading_worker(gl, monkeypatch):
    from vrasmr.content import user_cache_dir
    from vrasmr.render import thumbnails
    from vrasmr.render.context import create_headless_context
    from vrasmr.session.factory import build_app
    from vrasmr.ui.paint import PLACEHOLDER, paint_panel

    write_user_scene("thumb-a")
    threads = []
    real = thumbnails.render_still

    def recorded(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(thumbnails, "render_still", recorded)
    ctx = create_headless_context()
    app = build_app("thumb-a", ctx, engine_kind="loopback", seed=1, journal=True)
    try:
        menu = app.menu
        assert menu.cards and all(card.thumbnail is None for card in menu.cards)
        deadline = time.monotonic() + 150.0
        t = 0.0
        while any(card.thumbnail is None for card in menu.cards):
            assert time.monotonic() < deadline, "the thumbnails never came"
            app.step(_frame(t))  # the frame thread only adopts finished cards
            t += 1.0 / 30.0
            time.sleep(0.01)
        assert threads and set(threads) == {"vrasmr-scene-load_0"}
        cached = list((user_cache_dir() / "thumbnails").glob("*.png"))
        assert len(cached) == len(menu.cards)
        # The panel shows the picture where the placeholder was.
        items, labels = menu.layout()
        card_item = next(i for i in items if i.kind == "card")
        panel = np.asarray(paint_panel(items, labels))
        from vrasmr.ui.paint import PX_PER_M

        x0, y0, x1, y1 = (round(v * PX_PER_M) for v in card_item.rect)
        picture = panel[y0 + 12 : y0 + 40, x0 + 12 : x1 - 12, :3].reshape(-1, 3)
        assert np.abs(picture.astype(int) - PLACEHOLDER[:3]).max() > 0
        assert len(np.unique(picture, axis=0)) > 4  # a picture, not a flat tile
    finally:
        app.close()
        ctx.release()


def test_a_later_session_reads_the_cached_thumbnails_and_renders_none(gl, monkeypatch):
    from vrasmr.render import thumbnails
    from vrasmr.session.thumbnail_jobs import CardThumbnails
    from vrasmr.ui.cards import scene_cards

    write_user_scene("thumb-b")
    cards = [c for c in scene_cards() if c.scene_id == "thumb-b"]
    maker = CardThumbnails(cards)
    while not maker.done:
        maker.step()
    calls = []
    monkeypatch.setattr(thumbnails, "render_still", lambda *a, **k: calls.append(a))
    (card,) = [c for c in scene_cards() if c.scene_id == "thumb-b"]
    assert card.thumbnail is not None and CardThumbnails([card]).done and calls == []
