"""Scene cards for the menu: title, techniques, a failed-check or not-checked mark and a
cached thumbnail.

Only thumbnails already in the cache are read here (a PNG each); a missing one shows a
warm placeholder, so building cards never renders. A session renders the missing ones on its
loading worker (:mod:`vrasmr.session.thumbnail_jobs`), and the menu shows each as it comes.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from vrasmr.ui.layout import SceneCard

THUMB_SIZE = (256, 160)


def cached_thumbnail(path: Path, size: tuple[int, int] = THUMB_SIZE):
    """The cached thumbnail of the scene file at ``path``, or None if it was never made."""
    from vrasmr.cache_files import read_entry
    from vrasmr.content import user_cache_dir
    from vrasmr.render.thumbnails import cache_key, read_thumbnail

    try:
        file = user_cache_dir() / "thumbnails" / f"{cache_key(Path(path), size)}.png"
    except OSError:  # the scene file went away
        return None
    return read_entry(file, read_thumbnail, "cached thumbnail")


def scene_triggers(scene, content) -> tuple[str, ...]:
    """The trigger kinds a scene plays (as the journal records them), without loading sounds."""
    kinds: set[str] = set()
    for emitter in scene.emitters:
        try:
            kinds.update(content.resolve(emitter.sound)[2])
        except KeyError:  # an unknown recipe: the scene will say so when it loads
            continue
    return tuple(sorted(kinds))


def scene_cards(
    library=None, failed: Collection[str] = (), checked: Collection[str] | None = None
) -> list[SceneCard]:
    """One card per loadable scene, in the library's order; ``failed``: the ids of scenes
    whose last safety check failed (marked on their cards); ``checked``: the ids ever
    checked, so that a user's scene never checked is marked too (None: mark none)."""
    from vrasmr.scene.loading import ContentIndex
    from vrasmr.session.assets import scene_library

    library = library or scene_library()
    content, _ = ContentIndex.load()
    cards = []
    for scene_id in library.ids():
        scene = library.get(scene_id)
        path = library.path_of(scene_id)
        cards.append(
            SceneCard(
                scene_id,
                scene.title,
                tuple(str(t) for t in scene.techniques),
                scene_id in failed,
                cached_thumbnail(path) if path is not None else None,
                scene_triggers(scene, content),
                checked is not None and scene_id not in checked and library.is_users(scene_id),
            )
        )
    return cards
