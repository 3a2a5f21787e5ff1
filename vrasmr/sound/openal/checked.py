"""Checked OpenAL calls: every failure raises :class:`ALError` naming the call and the error.

PyOpenAL's own check never sees device (ALC) errors; here both AL and ALC errors are read
after each call that can fail, and ``None``/``0`` returns from device and context calls are
turned into errors too.
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence

import numpy as np

from vrasmr.errors import VrasmrError
from vrasmr.sound.openal import _raw as r


class ALError(VrasmrError, RuntimeError):
    """An OpenAL call failed."""

    def __init__(self, call: str, error: str, hint: str = ""):
        self.call = call
        self.error = error
        msg = f"{call} failed: {error}"
        super().__init__(f"{msg}; {hint}" if hint else msg)


def _attr_list(attrs: dict[int, int]) -> ctypes.Array:
    flat = [v for pair in attrs.items() for v in pair] + [0]
    return (ctypes.c_int * len(flat))(*flat)


class Device:
    """An open ALC device with one current context, and checked AL calls on it."""

    _current_context = None  # OpenAL's current context is process-wide

    def __init__(self, al: r.RawAL, handle: int, *, loopback: bool, name: str):
        self.al = al
        self.handle = handle
        self.loopback = loopback
        self.name = name
        self.context = None

    # ---- opening ----------------------------------------------------------------
    @classmethod
    def open_playback(cls, name: str | None = None) -> Device:
        al = r.raw()
        handle = al.alcOpenDevice(name.encode() if name else None)
        if not handle:
            raise ALError(
                "alcOpenDevice",
                "no playback device could be opened",
                "check that a sound card or headphones are connected",
            )
        spec = al.alcGetString(handle, r.ALC_DEVICE_SPECIFIER) or b"?"
        return cls(al, handle, loopback=False, name=spec.decode(errors="replace"))

    @classmethod
    def open_loopback(cls) -> Device:
        al = r.raw()
        if al.alcLoopbackOpenDeviceSOFT is None:
            raise ALError(
                "alcLoopbackOpenDeviceSOFT",
                "ALC_SOFT_loopback is not available",
                "vrasmr needs OpenAL Soft (libopenal1), not another OpenAL",
            )
        handle = al.alcLoopbackOpenDeviceSOFT(None)
        if not handle:
            raise ALError("alcLoopbackOpenDeviceSOFT", "returned no device")
        return cls(al, handle, loopback=True, name="OpenAL Soft loopback")

    def create_context(self, attrs: dict[int, int]) -> None:
        al = self.al
        if self.loopback:
            rate = attrs.get(r.ALC_FREQUENCY, 48000)
            ok = al.alcIsRenderFormatSupportedSOFT(
                self.handle, rate, r.ALC_STEREO_SOFT, r.ALC_FLOAT_SOFT
            )
            if not ok:
                raise ALError(
                    "alcIsRenderFormatSupportedSOFT", f"float stereo at {rate} Hz refused"
                )
        ctx = al.alcCreateContext(self.handle, _attr_list(attrs))
        self.check_alc("alcCreateContext")
        if not ctx:
            raise ALError("alcCreateContext", "returned no context")
        if not al.alcMakeContextCurrent(ctx):
            al.alcDestroyContext(ctx)
            raise ALError("alcMakeContextCurrent", self._alc_error_name())
        self.context = ctx
        Device._current_context = ctx
        al.bind_context_functions()
        al.alGetError()  # clear anything left from before

    def make_current(self) -> None:
        """Select this device's context for the AL calls that follow (cheap if it is already)."""
        if self.context and Device._current_context != self.context:
            self.al.alcMakeContextCurrent(self.context)
            Device._current_context = self.context

    # ---- errors -------------------------------------------------------------------
    def _alc_error_name(self) -> str:
        code = self.al.alcGetError(self.handle)
        return r.ALC_ERRORS.get(code, f"ALC error 0x{code:x}") if code else "no error code"

    def check_alc(self, call: str) -> None:
        code = self.al.alcGetError(self.handle)
        if code:
            raise ALError(call, r.ALC_ERRORS.get(code, f"ALC error 0x{code:x}"))

    def check(self, call: str) -> None:
        code = self.al.alGetError()
        if code:
            raise ALError(call, r.AL_ERRORS.get(code, f"AL error 0x{code:x}"))

    # ---- queries ------------------------------------------------------------------
    def get_int(self, param: int) -> int:
        v = ctypes.c_int(0)
        self.al.alcGetIntegerv(self.handle, param, 1, ctypes.byref(v))
        self.check_alc(f"alcGetIntegerv(0x{param:x})")
        return v.value

    def has_alc_extension(self, name: str) -> bool:
        return bool(self.al.alcIsExtensionPresent(self.handle, name.encode()))

    def hrtf_status(self) -> str:
        return r.HRTF_STATUS.get(self.get_int(r.ALC_HRTF_STATUS_SOFT), "unknown")

    def hrtf_names(self) -> list[str]:
        n = self.get_int(r.ALC_NUM_HRTF_SPECIFIERS_SOFT)
        getter = self.al.alcGetStringiSOFT
        if getter is None:
            return []
        return [
            (getter(self.handle, r.ALC_HRTF_SPECIFIER_SOFT, i) or b"").decode(errors="replace")
            for i in range(n)
        ]

    def connected(self) -> bool:
        """False once the device is gone (ALC_EXT_disconnect); True where unknown."""
        if not self.has_alc_extension("ALC_EXT_disconnect"):
            return True
        try:
            return bool(self.get_int(r.ALC_CONNECTED))
        except ALError:
            return False

    def version_string(self) -> str:
        return (self.al.alGetString(r.AL_VERSION) or b"").decode(errors="replace")

    # ---- objects ------------------------------------------------------------------
    def gen_sources(self, n: int) -> list[int]:
        return self._gen(self.al.alGenSources, "alGenSources", n)

    def delete_sources(self, ids: Sequence[int]) -> None:
        self._delete(self.al.alDeleteSources, "alDeleteSources", ids)

    def gen_buffers(self, n: int) -> list[int]:
        return self._gen(self.al.alGenBuffers, "alGenBuffers", n)

    def delete_buffers(self, ids: Sequence[int]) -> None:
        self._delete(self.al.alDeleteBuffers, "alDeleteBuffers", ids)

    def _gen(self, gen, name: str, n: int) -> list[int]:
        ids = (ctypes.c_uint * n)()
        gen(n, ids)
        self.check(f"{name}({n})")
        return list(ids)

    def _delete(self, delete, name: str, ids: Sequence[int]) -> None:
        if ids:
            arr = (ctypes.c_uint * len(ids))(*ids)
            delete(len(ids), arr)
            self.check(name)

    def buffer_mono_float(self, buffer: int, samples: np.ndarray, rate: int) -> None:
        data = np.ascontiguousarray(samples, dtype=np.float32)
        if not np.all(np.isfinite(data)):
            raise ValueError("refusing to upload a buffer with NaN or infinite samples")
        self.al.alBufferData(buffer, r.AL_FORMAT_MONO_FLOAT32, data.ctypes.data, data.nbytes, rate)
        self.check("alBufferData(mono float32)")

    # ---- rendering (loopback) -------------------------------------------------------
    def render_into(self, out: np.ndarray) -> None:
        """Mix ``len(out)`` frames of float stereo into ``out`` (shape (n, 2), float32, C order)."""
        self.al.alcRenderSamplesSOFT(self.handle, out.ctypes.data, out.shape[0])

    def close(self) -> None:
        al = self.al
        if self.context:
            if Device._current_context == self.context:
                al.alcMakeContextCurrent(None)
                Device._current_context = None
            al.alcDestroyContext(self.context)
            self.context = None
        if self.handle:
            al.alcCloseDevice(self.handle)
            self.handle = None
