"""EFX objects used by the engine: one EAX reverb on an auxiliary slot, lowpass filters.

A filter's values are copied into a source when it is attached (``AL_DIRECT_FILTER`` /
``AL_AUXILIARY_SEND_FILTER``), so one scratch filter can serve every source; likewise an
effect is copied into its slot by ``AL_EFFECTSLOT_EFFECT``.
"""

from __future__ import annotations

import ctypes

from vrasmr.sound.openal import _raw as r
from vrasmr.sound.openal.checked import ALError, Device
from vrasmr.sound.spatial.presets import ReverbPreset, reverb_preset

_EAX_FLOATS = [
    ("density", r.AL_EAXREVERB_DENSITY),
    ("diffusion", r.AL_EAXREVERB_DIFFUSION),
    ("gain", r.AL_EAXREVERB_GAIN),
    ("gain_hf", r.AL_EAXREVERB_GAINHF),
    ("gain_lf", r.AL_EAXREVERB_GAINLF),
    ("decay_time", r.AL_EAXREVERB_DECAY_TIME),
    ("decay_hf_ratio", r.AL_EAXREVERB_DECAY_HFRATIO),
    ("decay_lf_ratio", r.AL_EAXREVERB_DECAY_LFRATIO),
    ("reflections_gain", r.AL_EAXREVERB_REFLECTIONS_GAIN),
    ("reflections_delay", r.AL_EAXREVERB_REFLECTIONS_DELAY),
    ("late_reverb_gain", r.AL_EAXREVERB_LATE_REVERB_GAIN),
    ("late_reverb_delay", r.AL_EAXREVERB_LATE_REVERB_DELAY),
    ("echo_time", r.AL_EAXREVERB_ECHO_TIME),
    ("echo_depth", r.AL_EAXREVERB_ECHO_DEPTH),
    ("modulation_time", r.AL_EAXREVERB_MODULATION_TIME),
    ("modulation_depth", r.AL_EAXREVERB_MODULATION_DEPTH),
    ("air_absorption_gain_hf", r.AL_EAXREVERB_AIR_ABSORPTION_GAINHF),
    ("hf_reference", r.AL_EAXREVERB_HFREFERENCE),
    ("lf_reference", r.AL_EAXREVERB_LFREFERENCE),
    ("room_rolloff_factor", r.AL_EAXREVERB_ROOM_ROLLOFF_FACTOR),
]


def efx_available(dev: Device) -> bool:
    return dev.has_alc_extension("ALC_EXT_EFX") and dev.al.alGenEffects is not None


class Reverb:
    """An EAX reverb effect loaded into one auxiliary effect slot."""

    def __init__(self, dev: Device):
        if not efx_available(dev):
            raise ALError("ALC_EXT_EFX", "not available", "reverb is off")
        self.dev = dev
        al = dev.al
        ids = (ctypes.c_uint * 1)()
        al.alGenAuxiliaryEffectSlots(1, ids)
        dev.check("alGenAuxiliaryEffectSlots")
        self.slot = ids[0]
        al.alGenEffects(1, ids)
        dev.check("alGenEffects")
        self.effect = ids[0]
        al.alEffecti(self.effect, r.AL_EFFECT_TYPE, r.AL_EFFECT_EAXREVERB)
        dev.check("alEffecti(AL_EFFECT_TYPE, AL_EFFECT_EAXREVERB)")
        self.name = "none"

    def load(self, name: str) -> None:
        """Load a named preset (see :mod:`vrasmr.sound.spatial.presets`); ``none`` empties."""
        preset = reverb_preset(name)
        al, dev = self.dev.al, self.dev
        if preset is None:
            al.alAuxiliaryEffectSloti(self.slot, r.AL_EFFECTSLOT_EFFECT, r.AL_EFFECT_NULL)
            dev.check("alAuxiliaryEffectSloti(AL_EFFECT_NULL)")
        else:
            self._set(preset)
            al.alAuxiliaryEffectSloti(self.slot, r.AL_EFFECTSLOT_EFFECT, self.effect)
            dev.check(f"alAuxiliaryEffectSloti(reverb {name!r})")
        self.name = name if preset is not None else "none"

    def _set(self, p: ReverbPreset) -> None:
        al, fx = self.dev.al, self.effect
        for field, param in _EAX_FLOATS:
            al.alEffectf(fx, param, float(getattr(p, field)))
            self.dev.check(f"alEffectf(EAX reverb {field})")
        for vec, param in (
            (p.reflections_pan, r.AL_EAXREVERB_REFLECTIONS_PAN),
            (p.late_reverb_pan, r.AL_EAXREVERB_LATE_REVERB_PAN),
        ):
            al.alEffectfv(fx, param, (ctypes.c_float * 3)(*vec))
        al.alEffecti(fx, r.AL_EAXREVERB_DECAY_HFLIMIT, int(p.decay_hf_limit))
        self.dev.check("alEffect(EAX reverb pans / decay HF limit)")

    def delete(self) -> None:
        al = self.dev.al
        al.alAuxiliaryEffectSloti(self.slot, r.AL_EFFECTSLOT_EFFECT, r.AL_EFFECT_NULL)
        al.alDeleteAuxiliaryEffectSlots(1, (ctypes.c_uint * 1)(self.slot))
        al.alDeleteEffects(1, (ctypes.c_uint * 1)(self.effect))
        self.dev.check("deleting the reverb")


class Lowpass:
    """A scratch lowpass filter: set gains, then attach to a source's direct path or send."""

    def __init__(self, dev: Device):
        self.dev = dev
        ids = (ctypes.c_uint * 1)()
        dev.al.alGenFilters(1, ids)
        dev.check("alGenFilters")
        self.id = ids[0]
        dev.al.alFilteri(self.id, r.AL_FILTER_TYPE, r.AL_FILTER_LOWPASS)
        dev.check("alFilteri(AL_FILTER_LOWPASS)")

    def set(self, gain: float, gain_hf: float) -> None:
        al = self.dev.al
        al.alFilterf(self.id, r.AL_LOWPASS_GAIN, gain)
        al.alFilterf(self.id, r.AL_LOWPASS_GAINHF, gain_hf)

    def direct(self, source: int, gain: float, gain_hf: float) -> None:
        """Give ``source``'s dry path these lowpass gains."""
        self.set(gain, gain_hf)
        self.dev.al.alSourcei(source, r.AL_DIRECT_FILTER, self.id)

    def send(self, source: int, slot: int, level: float) -> None:
        """Feed ``source`` into ``slot`` (send 0) at ``level`` (0..1)."""
        self.set(level, 1.0)
        self.dev.al.alSource3i(source, r.AL_AUXILIARY_SEND_FILTER, slot, 0, self.id)

    def delete(self) -> None:
        self.dev.al.alDeleteFilters(1, (ctypes.c_uint * 1)(self.id))
        self.dev.check("alDeleteFilters")
