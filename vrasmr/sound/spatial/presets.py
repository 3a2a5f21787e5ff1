"""EAX reverb presets, transcribed from OpenAL Soft's ``efx-presets.h``.

Each row holds the 27 numbers of ``EFXEAXREVERBPROPERTIES`` in header order (the two pan
vectors are kept as 3-tuples). ``efx-presets.h`` has no bedroom; ``bedroom`` is the small,
damped ``ROOM`` preset. ``none`` means no reverb at all.
"""

from __future__ import annotations

from typing import NamedTuple


class ReverbPreset(NamedTuple):
    density: float
    diffusion: float
    gain: float
    gain_hf: float
    gain_lf: float
    decay_time: float
    decay_hf_ratio: float
    decay_lf_ratio: float
    reflections_gain: float
    reflections_delay: float
    reflections_pan: tuple[float, float, float]
    late_reverb_gain: float
    late_reverb_delay: float
    late_reverb_pan: tuple[float, float, float]
    echo_time: float
    echo_depth: float
    modulation_time: float
    modulation_depth: float
    air_absorption_gain_hf: float
    hf_reference: float
    lf_reference: float
    room_rolloff_factor: float
    decay_hf_limit: int


_Z = (0.0, 0.0, 0.0)


def _p(a, b, c, d, e, f, g, h, i, j, k, l_, m, n, o, q, r, s, t, u, v) -> ReverbPreset:
    return ReverbPreset(a, b, c, d, e, f, g, h, i, j, _Z, k, l_, _Z, m, n, o, q, r, s, t, u, v)


# name: density, diffusion, gain, gainHF, gainLF, decay, decayHFratio, decayLFratio,
#       reflGain, reflDelay, lateGain, lateDelay, echoTime, echoDepth, modTime, modDepth,
#       airAbsHF, HFref, LFref, roomRolloff (always 0 here), decayHFlimit
_ROWS = {
    "generic": (1.0, 1.0, 0.3162, 0.8913, 1.0, 1.49, 0.83, 1.0, 0.05, 0.007,
                1.2589, 0.011, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "padded_cell": (0.1715, 1.0, 0.3162, 0.001, 1.0, 0.17, 0.1, 1.0, 0.25, 0.001,
                    1.2691, 0.002, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "room": (0.4287, 1.0, 0.3162, 0.5929, 1.0, 0.4, 0.83, 1.0, 0.1503, 0.002,
             1.0629, 0.003, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "livingroom": (0.9766, 1.0, 0.3162, 0.001, 1.0, 0.5, 0.1, 1.0, 0.2051, 0.003,
                   0.2805, 0.004, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "stone_room": (1.0, 1.0, 0.3162, 0.7079, 1.0, 2.31, 0.64, 1.0, 0.4411, 0.012,
                   1.1003, 0.017, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "concert_hall": (1.0, 1.0, 0.3162, 0.5623, 1.0, 3.92, 0.7, 1.0, 0.2427, 0.02,
                     0.9977, 0.029, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "cave": (1.0, 1.0, 0.3162, 1.0, 1.0, 2.91, 1.3, 1.0, 0.5, 0.015,
             0.7063, 0.022, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 0),
    "carpeted_hallway": (0.4287, 1.0, 0.3162, 0.01, 1.0, 0.3, 0.1, 1.0, 0.1215, 0.002,
                         0.1531, 0.03, 0.25, 0.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "forest": (1.0, 0.3, 0.3162, 0.0224, 1.0, 1.49, 0.54, 1.0, 0.0525, 0.162,
               0.7682, 0.088, 0.125, 1.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "mountains": (1.0, 0.27, 0.3162, 0.0562, 1.0, 1.49, 0.21, 1.0, 0.0407, 0.3,
                  0.1919, 0.1, 0.25, 1.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 0),
    "plain": (1.0, 0.21, 0.3162, 0.1, 1.0, 1.49, 0.5, 1.0, 0.0585, 0.179,
              0.1089, 0.1, 0.25, 1.0, 0.25, 0.0, 0.9943, 5000.0, 250.0, 0.0, 1),
    "underwater": (0.3645, 1.0, 0.3162, 0.01, 1.0, 1.49, 0.1, 1.0, 0.5963, 0.007,
                   7.0795, 0.011, 0.25, 0.0, 1.18, 0.348, 0.9943, 5000.0, 250.0, 0.0, 1),
    "wooden_small_room": (1.0, 1.0, 0.3162, 0.1122, 0.3162, 0.79, 0.32, 0.87, 1.0, 0.032,
                          0.8913, 0.029, 0.25, 0.0, 0.25, 0.0, 0.9943, 4705.0, 99.6, 0.0, 1),
    "wooden_medium_room": (1.0, 1.0, 0.3162, 0.1, 0.2818, 1.47, 0.42, 0.82, 0.8913, 0.049,
                           0.8913, 0.029, 0.25, 0.0, 0.25, 0.0, 0.9943, 4705.0, 99.6, 0.0, 1),
    "outdoors_backyard": (1.0, 0.45, 0.3162, 0.2512, 0.5012, 1.12, 0.34, 0.46, 0.4467, 0.069,
                          0.7079, 0.023, 0.218, 0.34, 0.25, 0.0, 0.9943, 4399.1, 242.9, 0.0, 0),
    "outdoors_creek": (1.0, 0.35, 0.3162, 0.1778, 0.5012, 2.13, 0.21, 0.46, 0.3981, 0.115,
                       0.1995, 0.031, 0.218, 0.34, 0.25, 0.0, 0.9943, 4399.1, 242.9, 0.0, 0),
    "outdoors_valley": (1.0, 0.28, 0.3162, 0.0282, 0.1585, 2.88, 0.26, 0.35, 0.1413, 0.263,
                        0.3981, 0.1, 0.25, 0.34, 0.25, 0.0, 0.9943, 2854.4, 107.5, 0.0, 0),
}  # fmt: skip

REVERB_PRESETS: dict[str, ReverbPreset] = {k: _p(*v) for k, v in _ROWS.items()}
REVERB_PRESETS["bedroom"] = REVERB_PRESETS["room"]
NO_REVERB = "none"


def reverb_preset(name: str) -> ReverbPreset | None:
    """The preset called ``name`` (case and ``-``/space insensitive); ``None`` for "none"."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in ("", NO_REVERB, "off"):
        return None
    try:
        return REVERB_PRESETS[key]
    except KeyError:
        known = ", ".join(sorted(REVERB_PRESETS)) + ", none"
        raise ValueError(f"unknown reverb preset {name!r}; choose one of: {known}") from None
