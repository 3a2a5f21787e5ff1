"""Everything vrasmr says aloud: scripts, voices, synthesis in a worker process, the cache,
and speech streamed utterance by utterance.

``script`` parses script files; ``voices`` names the voices (``whisper``, ``soft``,
``espeak``); ``worker`` makes utterances in a separate short-lived process (the neural model
never loads into the playing process); ``cache`` keeps them; ``stream`` plays them;
``playback`` turns a script into what a scene plays.
"""

from __future__ import annotations

from .script import Cue, Script, ScriptError, ScriptNotFound, Utterance, load_script, parse_script
from .stream import SpeechItem, SpeechStream, Started
from .voices import VOICE_NAMES, VoiceRegistry

__all__ = [
    "VOICE_NAMES",
    "Cue",
    "Script",
    "ScriptError",
    "ScriptNotFound",
    "SpeechItem",
    "SpeechStream",
    "Started",
    "Utterance",
    "VoiceRegistry",
    "load_script",
    "parse_script",
]
