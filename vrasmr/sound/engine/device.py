"""The engine's hold on its OpenAL device: opening it, taking it into use, the lock that
selects its context, and noticing its loss and reopening it.

A lost device (``ALC_EXT_disconnect``, or a call that fails while the device no longer
answers) is said once, released, and retried every :data:`RETRY_S` seconds; meanwhile the
engine accepts every call and plays nothing.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from vrasmr.sound.engine.contract import EngineStatus
from vrasmr.sound.openal import _raw as r

log = logging.getLogger("vrasmr.sound.engine")

RETRY_S = 3.0
CHECK_EVERY_S = 1.0  # how often a playing device is asked whether it is still there


def context_attrs(sample_rate: int, loopback: bool) -> dict[int, int]:
    """The context attributes: HRTF, the output limiter, two sends, and (loopback) float stereo."""
    attrs = {
        r.ALC_HRTF_SOFT: 1,
        r.ALC_OUTPUT_LIMITER_SOFT: 1,
        r.ALC_MAX_AUXILIARY_SENDS: 2,
        r.ALC_FREQUENCY: sample_rate,
    }
    if loopback:
        attrs[r.ALC_FORMAT_CHANNELS_SOFT] = r.ALC_STEREO_SOFT
        attrs[r.ALC_FORMAT_TYPE_SOFT] = r.ALC_FLOAT_SOFT
    return attrs


def open_device(sample_rate: int, loopback: bool, name: str | None = None):
    """The loopback or playback :class:`~vrasmr.sound.openal.checked.Device` (``name``: an
    output by name, None: the default output), with its context made and current."""
    from vrasmr.sound.openal.checked import Device

    device = Device.open_loopback() if loopback else Device.open_playback(name)
    try:
        device.create_context(context_attrs(sample_rate, loopback))
    except Exception:
        device.close()
        raise
    return device


class ContextLock:
    """The engine's lock, which also makes the engine's own OpenAL context current.

    OpenAL's current context is process-wide; with two engines open (a preview and a test
    twin, or a device reopened after a loss) every call must first select its own context.
    """

    def __init__(self, link: DeviceLink):
        self._link = link
        self._lock = threading.RLock()

    def __enter__(self):
        self._lock.acquire()
        device = self._link.device
        if device is not None:
            device.make_current()
        return self

    def __exit__(self, *exc):
        self._lock.release()
        return False


class DeviceLink:
    """The device in use now, its EFX objects, and whether it is lost.

    ``generation`` counts the devices taken into use, so that buffers uploaded for an
    earlier one are never used on a later one.
    """

    def __init__(self, status: EngineStatus, name: str | None = None):
        self.status = status
        self.name = name  # the output asked for by name (reopened by name after a loss)
        self.lock = ContextLock(self)
        self.device = None
        self.al = None
        self.reverb = None  # efx.Reverb, or None where EFX is missing
        self.filter = None  # efx.Lowpass: proximity filters and reverb sends
        self.generation = 0
        self.lost = False
        self._retry_at = 0.0
        self._next_check = 0.0

    def attach(self, device, reverb_name: str) -> None:
        """Take ``device`` (context current) into use: HRTF status, distance model, reverb."""
        from vrasmr.sound.openal.efx import Lowpass, Reverb
        from vrasmr.sound.openal.hrtf import device_hrtf

        status = self.status
        self.device = device
        self.generation += 1
        self.al = al = device.al
        hrtf = device_hrtf(device)
        status.backend = "openal-loopback" if device.loopback else "openal"
        status.device = device.name
        status.hrtf = hrtf.status
        status.hrtf_on = hrtf.on
        status.hrtf_name = (device.hrtf_names() or [""])[0] if hrtf.on else ""
        if not hrtf.on:
            status.say(f"sounds will not be placed around your head: {hrtf.reason}")
        al.alDistanceModel(r.AL_INVERSE_DISTANCE_CLAMPED)
        device.check("alDistanceModel")
        try:
            self.reverb = Reverb(device)
            self.filter = Lowpass(device)
            self.reverb.load(reverb_name)
        except Exception as exc:
            self.reverb = self.filter = None
            self.status.say(f"no reverb or proximity filter ({exc})")

    # ---- loss and reopening -----------------------------------------------------------
    def due(self, now: float) -> str | None:
        """What the watch must do at ``now``: "lost" (the device has just gone), "reopen"
        (time to try again), or None."""
        if not self.lost:
            if now < self._next_check:
                return None
            self._next_check = now + CHECK_EVERY_S
            return None if self.device.connected() else "lost"
        if now >= self._retry_at:
            self._retry_at = now + RETRY_S
            return "reopen"
        return None

    def gone(self) -> bool:
        """True when the device has stopped answering (after a failed call)."""
        try:
            return not self.lost and not self.device.connected()
        except Exception:
            return True

    def lose(self, why: str, release: Callable[[], None], now: float) -> None:
        """Go silent: say ``why`` once, ``release`` what was on the device, close it, and
        retry from ``now`` + :data:`RETRY_S`."""
        with self.lock:
            self.lost = True
            self.status.connected = False
            self.status.say(f"{why}; carrying on silently and retrying every {RETRY_S:g} s")
            try:
                release()
                self.device.close()
            except Exception:
                pass  # the device is gone; nothing more to free
        self._retry_at = now + RETRY_S

    def reopen(self, sample_rate: int, reverb_name: str, rebuild: Callable[[], None]) -> None:
        """Open a device of the same kind and ``rebuild`` on it; stay lost if either fails."""
        try:
            device = open_device(sample_rate, self.device.loopback, self.name)
        except Exception:
            return
        with self.lock:
            try:
                self.attach(device, reverb_name)
                rebuild()
            except Exception as exc:
                self.status.say(f"reopening the sound device failed ({exc})")
                device.close()
                return
            self.lost = False
            self.status.connected = True
            self._next_check = 0.0
            log.warning("sound: device back (%s)", device.name)
