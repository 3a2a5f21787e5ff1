"""The App's side of a scene's program: planning it from the journal and the timer before
its voices are installed, telling it when the timer or the switched-off sounds change,
the menu's voice controls, and what the menu shows of it.

Everything here runs at load (the App's start, the scene loader's thread) or on a menu
command; the frame path only compares :attr:`ProgramPlayer.version` to know when the menu's
voice row needs new values.
"""

from __future__ import annotations

from vrasmr.program.history import heard_from_journal, merged
from vrasmr.program.items import TimerWindow
from vrasmr.program.recorder import ProgramRecorder


class ProgramSession:
    """Programs across one App session (one journal session, any number of scenes)."""

    def __init__(self, journal=None, session_id: int | None = None) -> None:
        self.journal = journal
        self.recorder = ProgramRecorder(journal, session_id)

    def plan(
        self, loaded, scene_t0: float, timer, switched_off=frozenset(), offset_s: float = 0.0
    ) -> None:
        """Plan ``loaded``'s program (if it has one) for a scene whose time 0 is session
        second ``scene_t0`` and whose voices start playing at scene second ``offset_s`` (0
        for the first scene; a switched-to scene starts past its fade-in)."""
        program = getattr(loaded, "program", None)
        if program is None:
            return
        program.scene_offset_s = offset_s
        heard, seed = heard_from_journal(self.journal, self.recorder.session_id)
        heard = merged(heard, self.recorder.played)
        how = {"heard": heard, "window": window_for(timer, scene_t0)}
        if seed is not None:
            how["seed"] = seed
        loaded.plan_program(**how)
        program.on_event = self.recorder
        program.switched_off = frozenset(switched_off)

    def close(self, loaded) -> None:
        program = getattr(loaded, "program", None)
        if program is not None:
            program.close()
        self.recorder.close()


def window_for(timer, scene_t0: float) -> TimerWindow | None:
    """The sleep timer's fade in scene seconds (None without a timer)."""
    fade = timer.fade_window() if timer is not None else None
    if fade is None:
        return None
    return TimerWindow(fade[0] - scene_t0, fade[1] - scene_t0)


def voice_values(program):
    """The menu's voice row for ``program`` (None: the scene has no program)."""
    from vrasmr.ui.layout import VoiceValues

    if program is None:
        return None
    status = program.status
    return VoiceValues(
        on=status.on,
        title=status.title,
        kind=status.kind,
        choices=status.choices,
        choose_kind=status.choose_kind,
        ended=status.ended,
        playing=status.script_id,
    )


def skip_kind(program) -> str:
    """What "next" tells the journal was skipped: "story" for a story, else "voice"."""
    return "story" if program.status.kind == "story" else "voice"
