"""Raw ctypes bindings to OpenAL Soft and the extensions vrasmr uses.

PyOpenAL is used here and nowhere else, for one thing: finding and loading the shared
library (``openal.al_lib``, pinned in pyproject.toml). Its loader appends to ``PATH`` with
``;`` separators (a Windows habit, on every platform); that is undone here so it cannot
leak into the process or its children.

Every call then goes through the table below, typed ctypes functions made fresh on that
library, not through PyOpenAL's wrappers: those carry an ``errcheck`` that calls
``alGetError`` after every call, a second foreign call each time on the frame path, and
one that clears the error flag that :mod:`vrasmr.sound.openal.checked` reads once per batch
of calls to name the batch that failed. Extension entry points are looked up with
``alcGetProcAddress`` / ``alGetProcAddress``. Nothing here checks errors: see
:mod:`vrasmr.sound.openal.checked`.
"""

from __future__ import annotations

import ctypes
import os
from ctypes import POINTER, c_char_p, c_float, c_int, c_uint, c_void_p
from functools import cache

from vrasmr.errors import VrasmrError

# --- core enums (al.h / alc.h) ---
AL_FALSE = 0
AL_TRUE = 1
AL_SOURCE_RELATIVE = 0x202
AL_POSITION = 0x1004
AL_LOOPING = 0x1007
AL_BUFFER = 0x1009
AL_GAIN = 0x100A
AL_MAX_GAIN = 0x100E
AL_ORIENTATION = 0x100F
AL_SOURCE_STATE = 0x1010
AL_PLAYING = 0x1012
AL_STOPPED = 0x1014
AL_BUFFERS_PROCESSED = 0x1016
AL_SAMPLE_OFFSET = 0x1025
AL_REFERENCE_DISTANCE = 0x1020
AL_ROLLOFF_FACTOR = 0x1021
AL_MAX_DISTANCE = 0x1023
AL_VERSION = 0xB002
AL_INVERSE_DISTANCE_CLAMPED = 0xD002
AL_FORMAT_MONO_FLOAT32 = 0x10010

AL_ERRORS = {
    0xA001: "AL_INVALID_NAME",
    0xA002: "AL_INVALID_ENUM",
    0xA003: "AL_INVALID_VALUE",
    0xA004: "AL_INVALID_OPERATION",
    0xA005: "AL_OUT_OF_MEMORY",
}

ALC_FREQUENCY = 0x1007
ALC_DEVICE_SPECIFIER = 0x1005
ALC_CONNECTED = 0x313  # ALC_EXT_disconnect
ALC_ERRORS = {
    0xA001: "ALC_INVALID_DEVICE",
    0xA002: "ALC_INVALID_CONTEXT",
    0xA003: "ALC_INVALID_ENUM",
    0xA004: "ALC_INVALID_VALUE",
    0xA005: "ALC_OUT_OF_MEMORY",
}

# --- ALC_SOFT_loopback ---
ALC_FORMAT_CHANNELS_SOFT = 0x1990
ALC_FORMAT_TYPE_SOFT = 0x1991
ALC_STEREO_SOFT = 0x1501
ALC_FLOAT_SOFT = 0x1406

# --- ALC_SOFT_HRTF ---
ALC_HRTF_SOFT = 0x1992
ALC_HRTF_STATUS_SOFT = 0x1993
ALC_NUM_HRTF_SPECIFIERS_SOFT = 0x1994
ALC_HRTF_SPECIFIER_SOFT = 0x1995
HRTF_STATUS = {
    0: "disabled",
    1: "enabled",
    2: "denied",
    3: "required",
    4: "headphones detected",
    5: "unsupported format",
}
ALC_OUTPUT_LIMITER_SOFT = 0x199A

# --- EFX ---
ALC_MAX_AUXILIARY_SENDS = 0x20003
AL_DIRECT_FILTER = 0x20005
AL_AUXILIARY_SEND_FILTER = 0x20006
AL_EFFECT_TYPE = 0x8001
AL_EFFECT_NULL = 0x0000
AL_EFFECT_EAXREVERB = 0x8000
AL_EFFECTSLOT_EFFECT = 0x0001
AL_FILTER_TYPE = 0x8001
AL_FILTER_LOWPASS = 0x0001
AL_LOWPASS_GAIN = 0x0001
AL_LOWPASS_GAINHF = 0x0002
AL_EAXREVERB_DENSITY = 0x0001
AL_EAXREVERB_DIFFUSION = 0x0002
AL_EAXREVERB_GAIN = 0x0003
AL_EAXREVERB_GAINHF = 0x0004
AL_EAXREVERB_GAINLF = 0x0005
AL_EAXREVERB_DECAY_TIME = 0x0006
AL_EAXREVERB_DECAY_HFRATIO = 0x0007
AL_EAXREVERB_DECAY_LFRATIO = 0x0008
AL_EAXREVERB_REFLECTIONS_GAIN = 0x0009
AL_EAXREVERB_REFLECTIONS_DELAY = 0x000A
AL_EAXREVERB_REFLECTIONS_PAN = 0x000B
AL_EAXREVERB_LATE_REVERB_GAIN = 0x000C
AL_EAXREVERB_LATE_REVERB_DELAY = 0x000D
AL_EAXREVERB_LATE_REVERB_PAN = 0x000E
AL_EAXREVERB_ECHO_TIME = 0x000F
AL_EAXREVERB_ECHO_DEPTH = 0x0010
AL_EAXREVERB_MODULATION_TIME = 0x0011
AL_EAXREVERB_MODULATION_DEPTH = 0x0012
AL_EAXREVERB_AIR_ABSORPTION_GAINHF = 0x0013
AL_EAXREVERB_HFREFERENCE = 0x0014
AL_EAXREVERB_LFREFERENCE = 0x0015
AL_EAXREVERB_ROOM_ROLLOFF_FACTOR = 0x0016
AL_EAXREVERB_DECAY_HFLIMIT = 0x0017

ALCdevice_p = c_void_p
ALCcontext_p = c_void_p
c_int_p = POINTER(c_int)
c_uint_p = POINTER(c_uint)
c_float_p = POINTER(c_float)


class OpenALMissing(VrasmrError, RuntimeError):
    """The OpenAL Soft shared library could not be loaded."""


FIX_MISSING = "install OpenAL Soft: sudo apt-get install libopenal1 (Debian/Ubuntu)"


def _load_pyopenal_library() -> ctypes.CDLL:
    saved_path = os.environ.get("PATH")
    try:
        from openal import al_lib  # PyOpenAL's loader: finds libopenal.so.1
    except Exception as exc:  # PyOpenAL raises its own error type or a plain Exception
        raise OpenALMissing(f"OpenAL Soft library not found ({exc}); {FIX_MISSING}") from None
    finally:
        if saved_path is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = saved_path
    if al_lib.lib is None:
        raise OpenALMissing(f"OpenAL Soft library not found; {FIX_MISSING}")
    return al_lib.lib


# (name, restype, argtypes) of the core functions exported by the library.
_CORE = [
    ("alcOpenDevice", ALCdevice_p, [c_char_p]),
    ("alcCloseDevice", c_int, [ALCdevice_p]),
    ("alcCreateContext", ALCcontext_p, [ALCdevice_p, c_int_p]),
    ("alcMakeContextCurrent", c_int, [ALCcontext_p]),
    ("alcDestroyContext", None, [ALCcontext_p]),
    ("alcGetError", c_int, [ALCdevice_p]),
    ("alcGetString", c_char_p, [ALCdevice_p, c_int]),
    ("alcGetIntegerv", None, [ALCdevice_p, c_int, c_int, c_int_p]),
    ("alcIsExtensionPresent", c_int, [ALCdevice_p, c_char_p]),
    ("alcGetProcAddress", c_void_p, [ALCdevice_p, c_char_p]),
    ("alGetProcAddress", c_void_p, [c_char_p]),
    ("alIsExtensionPresent", c_int, [c_char_p]),
    ("alGetError", c_int, []),
    ("alGetString", c_char_p, [c_int]),
    ("alDistanceModel", None, [c_int]),
    ("alListenerf", None, [c_int, c_float]),
    ("alListener3f", None, [c_int, c_float, c_float, c_float]),
    ("alListenerfv", None, [c_int, c_float_p]),
    ("alGenSources", None, [c_int, c_uint_p]),
    ("alDeleteSources", None, [c_int, c_uint_p]),
    ("alSourcef", None, [c_uint, c_int, c_float]),
    ("alSource3f", None, [c_uint, c_int, c_float, c_float, c_float]),
    ("alSourcefv", None, [c_uint, c_int, c_void_p]),
    ("alSourcei", None, [c_uint, c_int, c_int]),
    ("alSource3i", None, [c_uint, c_int, c_int, c_int, c_int]),
    ("alGetSourcei", None, [c_uint, c_int, c_int_p]),
    ("alGetSourcef", None, [c_uint, c_int, c_float_p]),
    ("alSourcePlay", None, [c_uint]),
    ("alSourceStop", None, [c_uint]),
    ("alSourcePause", None, [c_uint]),
    ("alSourceRewind", None, [c_uint]),
    ("alSourceQueueBuffers", None, [c_uint, c_int, c_uint_p]),
    ("alSourceUnqueueBuffers", None, [c_uint, c_int, c_uint_p]),
    ("alGenBuffers", None, [c_int, c_uint_p]),
    ("alDeleteBuffers", None, [c_int, c_uint_p]),
    ("alBufferData", None, [c_uint, c_int, c_void_p, c_int, c_int]),
]

# (name, restype, argtypes, getter) of extension functions, resolved by address.
_EXT = [
    ("alcLoopbackOpenDeviceSOFT", ALCdevice_p, [c_char_p], "alc"),
    ("alcIsRenderFormatSupportedSOFT", c_int, [ALCdevice_p, c_int, c_int, c_int], "alc"),
    ("alcRenderSamplesSOFT", None, [ALCdevice_p, c_void_p, c_int], "alc"),
    ("alcGetStringiSOFT", c_char_p, [ALCdevice_p, c_int, c_int], "alc"),
    ("alcResetDeviceSOFT", c_int, [ALCdevice_p, c_int_p], "alc"),
    ("alcDevicePauseSOFT", None, [ALCdevice_p], "alc"),
    ("alcDeviceResumeSOFT", None, [ALCdevice_p], "alc"),
    ("alDeferUpdatesSOFT", None, [], "al"),
    ("alProcessUpdatesSOFT", None, [], "al"),
    ("alGenEffects", None, [c_int, c_uint_p], "al"),
    ("alDeleteEffects", None, [c_int, c_uint_p], "al"),
    ("alEffecti", None, [c_uint, c_int, c_int], "al"),
    ("alEffectf", None, [c_uint, c_int, c_float], "al"),
    ("alEffectfv", None, [c_uint, c_int, c_float_p], "al"),
    ("alGenAuxiliaryEffectSlots", None, [c_int, c_uint_p], "al"),
    ("alDeleteAuxiliaryEffectSlots", None, [c_int, c_uint_p], "al"),
    ("alAuxiliaryEffectSloti", None, [c_uint, c_int, c_int], "al"),
    ("alAuxiliaryEffectSlotf", None, [c_uint, c_int, c_float], "al"),
    ("alGenFilters", None, [c_int, c_uint_p], "al"),
    ("alDeleteFilters", None, [c_int, c_uint_p], "al"),
    ("alFilteri", None, [c_uint, c_int, c_int], "al"),
    ("alFilterf", None, [c_uint, c_int, c_float], "al"),
]


class RawAL:
    """Every entry point as a typed ctypes function; missing extensions are ``None``."""

    def __init__(self, lib: ctypes.CDLL):
        self.lib = lib
        for name, restype, argtypes in _CORE:
            # A fresh function object: PyOpenAL installs its own errcheck on lib.<name>.
            fn = ctypes.CFUNCTYPE(restype, *argtypes)((name, lib))
            setattr(self, name, fn)
        for name, restype, argtypes, getter in _EXT:
            encoded = name.encode()
            if getter == "alc":
                addr = self.alcGetProcAddress(None, encoded)
            else:
                addr = self.alGetProcAddress(encoded)
            fn = ctypes.CFUNCTYPE(restype, *argtypes)(addr) if addr else None
            setattr(self, name, fn)

    def bind_context_functions(self) -> None:
        """Resolve AL extension functions again once a context is current.

        Some drivers only hand out AL (not ALC) extension pointers with a current context.
        """
        for name, restype, argtypes, getter in _EXT:
            if getter == "al" and getattr(self, name) is None:
                addr = self.alGetProcAddress(name.encode())
                if addr:
                    setattr(self, name, ctypes.CFUNCTYPE(restype, *argtypes)(addr))


@cache
def raw() -> RawAL:
    """The process-wide raw binding (loaded on first use, never at import).

    The shipped ``alsoft.conf`` is pointed to first (see :mod:`.config`), since OpenAL Soft
    reads its configuration only once.
    """
    from vrasmr.sound.openal.config import apply_shipped_config

    apply_shipped_config()
    return RawAL(_load_pyopenal_library())
