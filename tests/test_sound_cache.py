"""The sound cache on disk stays under its cap (settings.toml ``[cache] sounds_mib``), least
recently used sounds out first; whispered speech is kept apart and never evicted; `vrasmr
doctor` shows both. Real files, a real settings file. (Generators stream now and keep only
their measured levels there; the cache takes any sound made once.)"""

from __future__ import annotations

import numpy as np

from vrasmr.content import user_cache_dir, user_config_dir
from vrasmr.doctor import check_sound_cache
from vrasmr.sound.sound_cache import load_or_make

SECONDS = 20.0  # a 20 s sound is 3.7 MiB of float32 at 48 kHz: four fit under 16 MiB


def set_setting(text: str) -> None:
    user_config_dir().mkdir(parents=True, exist_ok=True)
    (user_config_dir() / "settings.toml").write_text(f"[cache]\n{text}\n", encoding="utf-8")


def sounds() -> set:
    return set((user_cache_dir() / "sounds").glob("*.npy"))


def render(seed: int):
    """Make (or find) a sound of SECONDS in the cache; the cache file it made."""
    before = sounds()
    made_sound = np.random.default_rng(seed).standard_normal(int(SECONDS * 48000)) * 0.01
    load_or_make(f"sound-{seed}", lambda: made_sound.astype(np.float32))
    made = sounds() - before
    return made.pop() if made else None


def folder_mib() -> float:
    return sum(p.stat().st_size for p in sounds()) / 1024**2


def test_the_cache_stays_under_its_cap_least_recently_used_out_first():
    set_setting("sounds_mib = 16")
    first, second, third, fourth = (render(seed) for seed in range(4))
    assert len({first, second, third, fourth} - {None}) == 4 and folder_mib() < 16
    assert render(0) is None  # a hit: nothing made, and `first` is now the newest used
    fifth = render(4)
    assert sounds() == {first, third, fourth, fifth}  # `second` was the least recently used
    assert folder_mib() <= 16


def test_whispered_speech_is_kept_apart_and_doctor_shows_both():
    from vrasmr.sound.speech.voices import VoiceRegistry
    from vrasmr.sound.speech.worker import Job, make

    registry = VoiceRegistry(neural=None)  # the espeak-ng whisper: real speech, made quickly
    make(Job("Rest now.", "espeak", registry.cache_id("espeak"), 110), registry)
    (speech,) = (user_cache_dir() / "voice").glob("*.flac")
    kept = speech.read_bytes()
    set_setting("sounds_mib = 16")
    for seed in range(8):  # 29 MiB of sounds through a 16 MiB cache
        render(seed)
    assert folder_mib() <= 16 and len(sounds()) == 4
    assert speech.read_bytes() == kept
    check = check_sound_cache()
    assert check.ok
    assert "of 16 MiB (4 sounds" in check.detail
    assert f"whispered speech {len(kept) / 1024**2:.0f} MiB kept apart" in check.detail


def test_a_bad_cap_is_named_by_doctor_and_the_default_is_used():
    set_setting('sounds_mib = "lots"')
    check = check_sound_cache()
    assert not check.ok
    assert "settings.toml: [cache] sounds_mib = 'lots' is not a size in MiB" in check.detail
    assert "delete the line to use 2048" in check.detail
    render(0)
    render(1)
    assert len(sounds()) == 2  # cached under the default cap
