"""What the App and the journal see of a program: what the menu shows (what it says now,
whether the voice is on, the scripts tonight may still choose from) and the events the
journal records."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProgramEvent:
    """``kind``: "started", "progress" (a new paragraph: ``utterance``), "finished",
    "skipped" or "ended" (the program is over for this scene)."""

    kind: str
    script_id: str = ""
    utterance: int = 0


@dataclass(frozen=True)
class VoiceStatus:
    """The program as the menu shows it."""

    on: bool = True
    script_id: str | None = None
    title: str = ""
    kind: str = ""
    choices: tuple[tuple[str, str], ...] = ()  # (id, title): tonight's choosable scripts
    choose_kind: str = ""
    ended: bool = False


def voice_status(program, scripts, script_id, played, *, on: bool, ended: bool) -> VoiceStatus:
    """The status for ``script_id`` playing (None: nothing yet), ``played`` tonight."""
    script = scripts.get(script_id) if script_id is not None else None
    choices, kind = (), ""
    part = next((p for p in program.parts if p.choosable), None)
    if part is not None:
        ids = part.resolve(scripts)
        choices = tuple((i, scripts[i].header.title) for i in ids if i not in played)
        kinds = {scripts[i].header.kind for i in ids}
        kind = kinds.pop() if len(kinds) == 1 else "script"
    return VoiceStatus(
        on=on,
        script_id=script_id if script is not None else None,
        title=script.header.title if script is not None else "",
        kind=script.header.kind if script is not None else "",
        choices=choices,
        choose_kind=kind,
        ended=ended,
    )
