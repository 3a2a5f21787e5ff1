"""A minimal ctypes binding to espeak-ng (from the espeakng-loader wheel): text to int16 PCM
for the fallback voice, and text to IPA phonemes for the neural voice.

espeak-ng keeps global state, so every call holds one lock and sets its own voice.
"""

from __future__ import annotations

import ctypes
import threading

import numpy as np

from vrasmr.errors import VrasmrError

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_POS_CHARACTER = 1
_ESPEAK_CHARS_UTF8 = 1
_ESPEAK_RATE = 1
_ESPEAK_PITCH = 3
_PHONEMES_IPA = 0x02
_EE_OK = 0
HOW_TO_GET_SPEECH = (
    "speech needs the espeak-ng library from the 'espeakng-loader' package; "
    "install it with: pip install espeakng-loader"
)

_SYNTH_CALLBACK = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
_lock = threading.Lock()
_engine: _Engine | None = None


class SpeechUnavailable(VrasmrError, RuntimeError):
    """espeak-ng could not be loaded or initialised; the message says how to fix it."""


class _Engine:
    def __init__(self) -> None:
        try:
            import espeakng_loader

            lib_path = espeakng_loader.get_library_path()
            data_path = espeakng_loader.get_data_path()
            lib = ctypes.CDLL(lib_path)
        except (ImportError, OSError, RuntimeError) as error:
            raise SpeechUnavailable(f"{HOW_TO_GET_SPEECH} ({error})") from error
        lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
        lib.espeak_Initialize.restype = ctypes.c_int
        lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
        lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
        lib.espeak_Synth.argtypes = [
            ctypes.c_void_p,
            ctypes.c_size_t,
            ctypes.c_uint,
            ctypes.c_int,
            ctypes.c_uint,
            ctypes.c_uint,
            ctypes.c_void_p,
            ctypes.c_void_p,
        ]
        lib.espeak_SetSynthCallback.argtypes = [_SYNTH_CALLBACK]
        lib.espeak_TextToPhonemes.argtypes = [
            ctypes.POINTER(ctypes.c_void_p),
            ctypes.c_int,
            ctypes.c_int,
        ]
        lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.encode(), 0)
        if rate <= 0:
            raise SpeechUnavailable(
                f"espeak-ng failed to start with data at {data_path}; {HOW_TO_GET_SPEECH}"
            )
        self.lib = lib
        self.sample_rate = int(rate)
        self._chunks: list[np.ndarray] = []
        self._callback = _SYNTH_CALLBACK(self._collect)  # keep a reference alive
        lib.espeak_SetSynthCallback(self._callback)

    def _collect(self, wav, count, events) -> int:
        if wav and count > 0:
            self._chunks.append(np.ctypeslib.as_array(wav, shape=(count,)).copy())
        return 0

    def _set_voice(self, voice: str) -> None:
        if self.lib.espeak_SetVoiceByName(voice.encode()) != _EE_OK:
            raise ValueError(f"espeak-ng has no voice {voice!r}; try 'en-us' or 'en'")

    def speak(self, text: str, voice: str, rate_wpm: int, pitch: int) -> np.ndarray:
        self._set_voice(voice)
        self.lib.espeak_SetParameter(_ESPEAK_RATE, int(rate_wpm), 0)
        self.lib.espeak_SetParameter(_ESPEAK_PITCH, int(pitch), 0)
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        status = self.lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _ESPEAK_CHARS_UTF8, None, None
        )
        if status != _EE_OK:
            raise RuntimeError(f"espeak-ng could not speak the text (error {status})")
        chunks, self._chunks = self._chunks, []
        return np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int16)

    def phonemes(self, text: str, voice: str) -> list[str]:
        """IPA of ``text``, one string per clause espeak-ng finds in it."""
        self._set_voice(voice)
        data = ctypes.create_string_buffer(text.encode("utf-8") + b"\0")
        pointer = ctypes.c_void_p(ctypes.addressof(data))
        clauses = []
        while pointer.value:
            ipa = self.lib.espeak_TextToPhonemes(
                ctypes.byref(pointer), _ESPEAK_CHARS_UTF8, _PHONEMES_IPA
            )
            if ipa:
                clauses.append(ipa.decode("utf-8", errors="replace").strip())
        return [c for c in clauses if c]


def _with_engine(work):
    global _engine
    with _lock:
        if _engine is None:
            _engine = _Engine()
        return work(_engine)


def speak(
    text: str, voice: str = "en-us+whisper", rate_wpm: int = 120, pitch: int = 40
) -> tuple[np.ndarray, int]:
    """Synthesise ``text``; returns (int16 samples, sample_rate). Raises SpeechUnavailable."""
    return _with_engine(lambda e: (e.speak(text, voice, rate_wpm, pitch), e.sample_rate))


def text_to_ipa(text: str, voice: str = "en-us") -> list[str]:
    """espeak-ng's IPA for ``text``, one string per clause. Raises SpeechUnavailable."""
    return _with_engine(lambda e: e.phonemes(text, voice))
