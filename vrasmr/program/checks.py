"""What a scene's ``[program]`` refers to, checked as the scene loads: one emitter speaks it,
every pattern names at least one script, every script it can play reads cleanly (a broken
cue is reported with the script's ``file:line`` and the fix) and fits in a program."""

from __future__ import annotations

from collections.abc import Sequence

from vrasmr.scene.errors import did_you_mean

Problem = tuple[tuple, str]


def program_problems(scene, script_ids: Sequence[str]) -> list[Problem]:
    """Problems with ``scene.program`` (and the emitter that speaks it), as (path, message)."""
    speakers = [i for i, e in enumerate(scene.emitters) if e.sound.program]
    program = scene.program
    if program is None:
        return [
            (
                ("emitters", i, "sound", "program"),
                "this emitter speaks the program, but the scene has no [program]; add one "
                "(docs/scene-format.md, Programs) or give the emitter another sound",
            )
            for i in speakers
        ]
    out: list[Problem] = []
    if not speakers:
        out.append(
            (
                ("program",),
                "[program] needs an emitter to speak it; add one with sound = { program = true }",
            )
        )
    for i in speakers[1:]:
        out.append(
            (
                ("emitters", i, "sound", "program"),
                f"emitter {speakers[0]} speaks the program already; one emitter speaks it",
            )
        )
    for k, part in enumerate(program.parts):
        out += _part_problems(k, part, script_ids)
    return out


def _part_problems(k: int, part, script_ids: Sequence[str]) -> list[Problem]:
    from vrasmr.sound.speech.script import ScriptError, load_script

    out: list[Problem] = []
    where = ("program", "parts", k)
    for j, pattern in enumerate(part.scripts):
        if not part.resolve_one(pattern, script_ids):
            hint = did_you_mean(pattern, list(script_ids))
            what = "no script matches" if any(c in pattern for c in "*?[") else "unknown script"
            out.append(((*where, "scripts", j), f"{what} '{pattern}'{hint}"))
    kinds = set()
    for script_id in part.resolve(script_ids):
        try:
            script = load_script(script_id)
        except ScriptError as error:
            out.append(((*where, "scripts"), f"script '{script_id}' cannot be read: {error}"))
            continue
        kinds.add(script.header.kind)
        if script.header.kind == "whispers":
            out.append(
                (
                    (*where, "scripts"),
                    f"'{script_id}' is a word list; a word list plays on its own emitter "
                    f'(sound = {{ script = "{script_id}" }}), not in a program',
                )
            )
    if part.minutes is not None and kinds and "breathing" not in kinds:
        out.append(((*where, "minutes"), "minutes applies to breathing scripts; remove it"))
    return out
