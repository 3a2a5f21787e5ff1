"""``vrasmr scripts``: every spoken script with its words, its minutes at its rate and the
scenes that use it, and the totals by kind (for authors)."""

from __future__ import annotations

import sys
from dataclasses import dataclass


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "scripts", help="every spoken script: words, minutes at its rate, the scenes using it"
    )
    parser.add_argument("--kind", help="only scripts of this kind (story, visualization ...)")
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class ScriptLine:
    """One script as ``vrasmr scripts`` lists it."""

    script_id: str
    kind: str
    words: int
    spoken_min: float  # the words at the script's rate
    with_pauses_min: float  # and every pause in it
    scenes: tuple[str, ...]


def script_lines() -> tuple[list[ScriptLine], list[str]]:
    """Every script that reads cleanly, and a line for each that does not."""
    from vrasmr.program.uses import script_uses
    from vrasmr.scene.library import SceneLibrary
    from vrasmr.sound.speech.script import ScriptError, list_scripts, load_script

    library = SceneLibrary()
    library.poll()
    uses = script_uses(library, library.content)
    lines, problems = [], []
    for script_id in list_scripts():
        try:
            script = load_script(script_id)
        except ScriptError as error:
            problems.append(str(error))
            continue
        header = script.header
        lines.append(
            ScriptLine(
                script_id,
                header.kind,
                script.words,
                script.words / header.rate_wpm,
                script.speech_seconds() / 60.0,
                tuple(uses.get(script_id, ())),
            )
        )
    return lines, problems


def run(args) -> int:
    lines, problems = script_lines()
    if args.kind:
        lines = [line for line in lines if line.kind == args.kind]
    print(f"{'script':34} {'kind':13} {'words':>6} {'spoken':>8} {'+pauses':>8}  scenes")
    for line in lines:
        scenes = ", ".join(line.scenes) or "(no scene)"
        print(
            f"{line.script_id:34} {line.kind:13} {line.words:6d} {line.spoken_min:6.1f} m "
            f"{line.with_pauses_min:6.1f} m  {scenes}"
        )
    print()
    kinds = sorted({line.kind for line in lines})
    for kind in [*kinds, None]:
        chosen = [line for line in lines if kind is None or line.kind == kind]
        words = sum(line.words for line in chosen)
        spoken = sum(line.spoken_min for line in chosen)
        label = kind or "all"
        print(f"{label:14} {len(chosen):3d} scripts {words:7,d} words {spoken:7.1f} min spoken")
    for problem in problems:
        print(f"vrasmr: {problem}", file=sys.stderr)
    return 1 if problems else 0
