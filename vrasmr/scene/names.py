"""The fixed vocabularies of the scene format: techniques, trigger kinds, reverbs, generators."""

from __future__ import annotations

TECHNIQUES = (
    "whispers",
    "story",
    "visualization",
    "affirmations",
    "nature",
    "personal_attention",
    "object_sounds",
    "noise",
    "breathing",
)

TRIGGER_KINDS = (
    "whispers",
    "voice",
    "story",
    "affirmations",
    "tapping",
    "scratching",
    "brushing",
    "crinkling",
    "mouth",
    "rain",
    "fire",
    "water",
    "wind",
    "ocean",
    "insects",
    "noise",
    "heartbeat",
    "breathing",
    "paper",
    "fan",
)

# Names follow OpenAL Soft's efx-presets.h (EFX_REVERB_PRESET_*), lower-cased.
REVERB_PRESETS = (
    "none",
    "generic",
    "padded_cell",
    "room",
    "bathroom",
    "livingroom",
    "stone_room",
    "auditorium",
    "concert_hall",
    "cave",
    "arena",
    "hangar",
    "carpeted_hallway",
    "hallway",
    "stone_corridor",
    "alley",
    "forest",
    "city",
    "mountains",
    "quarry",
    "plain",
    "parking_lot",
    "sewer_pipe",
    "underwater",
    "bedroom",
    "wooden_small_room",
    "wooden_medium_room",
    "wooden_large_room",
    "wooden_long_passage",
    "wooden_hall",
    "wooden_cupboard",
    "wooden_courtyard",
    "wooden_alcove",
    "outdoors_backyard",
    "outdoors_rollingplains",
    "outdoors_deepcanyon",
    "outdoors_creek",
    "outdoors_valley",
    "mood_heaven",
    "mood_memory",
    "smallwaterroom",
)

AUDIO_FILE_SUFFIXES = (".wav", ".flac", ".ogg")
# What a night needs of a recording: a scene loops it all night, so 20 minutes is plenty
# (decoded at 48 kHz that is 230 MB of mono float32); a longer one is cut there.
MAX_RECORDING_S = 20 * 60.0

SLEEP_TIMER_MINUTES = (15, 30, 45, 60, 90)
SLEEP_TIMER_WORDS = ("off", "all_night")

# Trigger kinds of sounds that name a generator or a script directly (recipes list their own).
GENERATOR_TRIGGERS: dict[str, tuple[str, ...]] = {
    "white_noise": ("noise",),
    "pink_noise": ("noise",),
    "brown_noise": ("noise",),
    "rain": ("rain",),
    "ocean": ("ocean", "water"),
    "stream": ("water",),
    "wind": ("wind",),
    "fire": ("fire",),
    "insects": ("insects",),
    "fan": ("fan", "noise"),
    "tapping": ("tapping",),
    "scratching": ("scratching",),
    "brushing": ("brushing",),
    "crinkling": ("crinkling",),
    "page_turn": ("paper",),
    "water_drops": ("water",),
    "pouring": ("water",),
    "towel": ("brushing",),
    "spray": ("water",),
    "clicking": ("tapping",),
    "heartbeat": ("heartbeat",),
    "whisper_texture": ("whispers",),
    "breathing": ("breathing",),
}
