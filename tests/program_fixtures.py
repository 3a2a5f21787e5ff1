"""Small programs for tests: fixture scripts in the user's script folder (VRASMR_HOME is a
temp dir), a scene that speaks them with the espeak voice, and the shipped programs' plans."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).parent / "speech_scripts"

STORY = """+++
title = "A short story {n}"
kind = "story"
voice = "soft"
rate_wpm = 120
+++
You are home, number {n}. The lamp is low.

The tea is warm, and the night is soft.
"""

PROGRAM_SCENE = """
id = "{id}"
title = "Program test"
techniques = ["story"]
sleep_timer = {timer}
fade_in_s = 1

[[emitters]]
name = "voice"
sound = {{ program = true }}
gain_db = -3
motion = {{ type = "static", position = [0.3, 0.0, -0.4] }}

[program]
voice = "espeak"
gap_s = [2, 4]
start_s = 1
{extra}
[[program.parts]]
scripts = ["test-story-*"]
count = 1
choosable = true

[[program.parts]]
scripts = ["test-walk"]
"""


def install_scripts(stories: int = 3) -> None:
    """``test-story-1..n`` (short stories) and ``test-walk`` (a role play with two cues)."""
    from vrasmr.content import user_audio_dir

    folder = user_audio_dir() / "scripts"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(1, stories + 1):
        (folder / f"test-story-{n}.txt").write_text(STORY.format(n=n), encoding="utf-8")
    walk = (FIXTURES / "evening-walk.txt").read_text(encoding="utf-8")
    (folder / "test-walk.txt").write_text(walk, encoding="utf-8")


def install_scene(scene_id: str = "prog", *, timer="15", extra: str = "") -> Path:
    from vrasmr.content import user_scenes_dir

    install_scripts()
    folder = user_scenes_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{scene_id}.toml"
    path.write_text(PROGRAM_SCENE.format(id=scene_id, timer=timer, extra=extra), encoding="utf-8")
    return path


def shipped_program(scene_id: str):
    """(scene, its scripts parsed) of a shipped scene with a program."""
    from vrasmr.content import scenes_dir
    from vrasmr.program.assembly import program_scripts
    from vrasmr.scene.loading import load_scene
    from vrasmr.sound.speech.script import list_scripts

    scene = load_scene(scenes_dir() / f"{scene_id}.toml")
    return scene, program_scripts(scene.program, list_scripts())


def voice_scene_ids() -> list[str]:
    """The shipped scenes with a program."""
    import tomllib

    from vrasmr.content import scenes_dir

    return sorted(
        p.stem
        for p in scenes_dir().glob("*.toml")
        if "program" in tomllib.loads(p.read_text(encoding="utf-8"))
    )
