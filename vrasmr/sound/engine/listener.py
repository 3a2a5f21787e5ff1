"""The listener: the posted head pose as OpenAL wants it (position, forward and up), and as
the voices' placement wants it (position, forward and right, in numpy)."""

from __future__ import annotations

import ctypes
import math

import numpy as np

from vrasmr.sound.openal import _raw as r
from vrasmr.xmath import rotation_rows


class Listener:
    """The head pose last taken from the mailbox; sent with the next batch of calls."""

    def __init__(self):
        self._lpos = (ctypes.c_float * 3)()
        self._orient = (ctypes.c_float * 6)(0, 0, -1, 0, 1, 0)
        self.position = np.zeros(3)  # metres, world
        self.forward = (0.0, 0.0, -1.0)  # tuples: made arrays only when a source is near
        self.right = (1.0, 0.0, 0.0)
        self.dirty = True  # not yet sent to this device
        self.moved = True  # the position too (a head at rest sends only its orientation)
        self._last = (0.0, 0.0, 0.0)
        self.step_m = 0.0  # how far the head moved since the last pose, metres

    def take(self, post) -> None:
        """Install a posted head pose ``(px, py, pz, qx, qy, qz, qw)`` (the lock is held)."""
        px, py, pz = post[:3]
        if (px, py, pz) != self._last:
            lx, ly, lz = self._last
            self.step_m += math.sqrt((px - lx) ** 2 + (py - ly) ** 2 + (pz - lz) ** 2)
            self._last = (px, py, pz)
            self.moved = True
            self.position = np.array((px, py, pz))
        r00, r01, r02, r10, r11, r12, r20, r21, r22 = rotation_rows(post[3:])
        # Columns of the rotation matrix: right (+X), up (+Y), forward (-Z).
        right, up, fwd = (r00, r10, r20), (r01, r11, r21), (-r02, -r12, -r22)
        self._lpos[0], self._lpos[1], self._lpos[2] = px, py, pz
        self._orient[0:3] = fwd
        self._orient[3:6] = up
        self.forward = fwd
        self.right = right
        self.dirty = True

    def send(self, al) -> None:
        """Give OpenAL the listener's position and orientation (the lock is held)."""
        if self.moved:
            al.alListenerfv(r.AL_POSITION, self._lpos)
            self.moved = False
        al.alListenerfv(r.AL_ORIENTATION, self._orient)
        self.dirty = False
