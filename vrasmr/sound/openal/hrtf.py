"""Whether HRTF is on, read from OpenAL Soft's ``ALC_HRTF_STATUS_SOFT``, and if not, why.

OpenAL Soft has three words for "on" (enabled; required by the configuration; headphones
detected) and three for "off" (disabled; denied by the configuration; unsupported format,
which also means no HRTF data set could be found). :func:`hrtf_state` is the one place that
reads them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ON = frozenset({"enabled", "required", "headphones detected"})


@dataclass(frozen=True)
class HrtfState:
    """OpenAL Soft's HRTF status word, whether that means HRTF is on, and why it is off."""

    status: str
    on: bool
    reason: str = ""  # empty when on; else why, and what to do about it


def hrtf_state(
    status: str, data_sets: Sequence[str], sample_rate: int, config: Path | None = None
) -> HrtfState:
    """What ``status`` (an :data:`~vrasmr.sound.openal._raw.HRTF_STATUS` word) means for a
    device at ``sample_rate`` with these HRTF ``data_sets``, under the alsoft.conf ``config``."""
    if status in ON:
        return HrtfState(status, True)
    conf = str(config) if config is not None else "alsoft.conf"
    if status == "denied":
        why = f"HRTF is switched off in {conf} (hrtf = false); set hrtf = true there"
    elif status == "unsupported format" and not data_sets:
        why = f"OpenAL Soft found no HRTF data set{_searched(config)}; " + (
            f"point hrtf-paths in {conf} at a folder of .mhr files, or remove it to use "
            "the built-in data"
            if _paths_set(config)
            else "install OpenAL Soft 1.19+ (libopenal1), which has one built in"
        )
    elif status == "unsupported format":
        why = (
            f"no HRTF data set fits {sample_rate} Hz stereo output (there are: "
            f"{', '.join(data_sets)}); use 44.1 or 48 kHz stereo output"
        )
    elif status == "disabled":
        why = f"OpenAL Soft left HRTF off for this device; set hrtf = true in {conf}"
    else:
        why = f"OpenAL Soft reports HRTF status {status!r}; see `vrasmr doctor`"
    return HrtfState(status, False, why)


def device_hrtf(device) -> HrtfState:
    """The HRTF state of an open :class:`~vrasmr.sound.openal.checked.Device` with a context."""
    from vrasmr.sound.openal import _raw as r
    from vrasmr.sound.openal.config import config_in_use

    rate = device.get_int(r.ALC_FREQUENCY)
    return hrtf_state(device.hrtf_status(), device.hrtf_names(), rate, config_in_use())


def loopback_hrtf(sample_rate: int = 48000) -> HrtfState:
    """The HRTF state a loopback engine at ``sample_rate`` would have (a device opened and
    closed, in milliseconds, before any sound is made)."""
    from vrasmr.sound.engine.device import open_device

    device = open_device(sample_rate, True)
    try:
        return device_hrtf(device)
    finally:
        device.close()


def _paths_set(config: Path | None) -> str | None:
    from vrasmr.sound.openal.config import read_value

    return read_value(config, "hrtf-paths") if config is not None else None


def _searched(config: Path | None) -> str:
    paths = _paths_set(config)
    return f" in hrtf-paths = {paths} ({config})" if paths else ""
