"""Which scenes use which scripts: an emitter's script sound (directly or through a recipe)
or a script a scene's program may play."""

from __future__ import annotations


def script_uses(library, content) -> dict[str, list[str]]:
    """Script id → the ids of the scenes that may speak it (scripts no scene uses: absent)."""
    uses: dict[str, list[str]] = {}
    for scene_id in library.ids():
        scene = library.get(scene_id)
        ids: list[str] = []
        for emitter in scene.emitters:
            sound = emitter.sound
            if sound.recipe and sound.recipe in content.recipes:
                sound = content.recipes[sound.recipe].sound
            if sound.script:
                ids.append(sound.script)
        if scene.program is not None:
            for part in scene.program.parts:
                ids += part.resolve(content.script_ids)
        for script_id in dict.fromkeys(ids):
            uses.setdefault(script_id, []).append(scene_id)
    return uses
