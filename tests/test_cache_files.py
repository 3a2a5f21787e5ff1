"""Damaged cache entries (0 bytes, truncated, not what they claim) are remade with one warning,
and a cache entry is written whole or not at all. Real files in the test's VRASMR_HOME."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from tests.app_fixtures import write_user_scene
from tests.render_fixtures import gl_context  # noqa: F401  (provides `gl`)
from tests.test_cli import vrasmr
from vrasmr.cache_files import read_entry, write_atomic
from vrasmr.content import user_cache_dir

SR = 48000


def damage(path, how: str) -> None:
    """Empty the file (a crash or full disk) or cut it to a third (a torn copy)."""
    data = path.read_bytes()
    path.write_bytes(b"" if how == "empty" else data[: len(data) // 3])


def warnings_about(caplog, what: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if f"damaged {what}" in r.getMessage()]


@pytest.mark.parametrize("how", ["empty", "truncated"])
def test_a_damaged_sound_level_is_deleted_and_measured_again_with_one_warning(how, caplog):
    """What the sound cache keeps now is each generator's measured level."""
    from vrasmr.sound import synth
    from vrasmr.sound.synth import level

    level._memo.clear()  # (levels measured by earlier tests went to their own homes)
    first = synth.stream("pink_noise", {}, sample_rate=SR, seed=5).gain
    (entry,) = (user_cache_dir() / "sounds").glob("*.npy")
    kept = np.load(entry)
    damage(entry, how)
    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        level._memo.clear()
        again = synth.stream("pink_noise", {}, sample_rate=SR, seed=5).gain
        level._memo.clear()
        third = synth.stream("pink_noise", {}, sample_rate=SR, seed=5).gain
    assert again == first and third == first
    assert len(warnings_about(caplog, "cached sound")) == 1
    assert np.array_equal(np.load(entry), kept)  # remade whole on disk


@pytest.mark.parametrize("how", ["empty", "truncated"])
def test_damaged_speech_is_deleted_and_made_again_with_one_warning(how, caplog):
    from vrasmr.sound.speech import cache
    from vrasmr.sound.speech.voices import VoiceRegistry
    from vrasmr.sound.speech.worker import Job, make

    registry = VoiceRegistry(neural=None)  # the espeak-ng whisper: real speech, made quickly
    job = Job("Rest now.", "espeak", registry.cache_id("espeak"), 110)
    entry = make(job, registry)
    assert entry is not None and entry.parent == user_cache_dir() / "voice"
    first = cache.read(job.key())
    damage(entry, how)
    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        assert cache.read(job.key()) is None  # damaged: deleted, so the worker makes it again
        assert not entry.exists()
        assert make(job, registry) == entry
        again = cache.read(job.key())
    # (espeak-ng's timing differs by a few ms from run to run: the same words, remade)
    assert again is not None and abs(len(again) - len(first)) < 0.05 * len(first)
    assert len(warnings_about(caplog, "cached speech")) == 1


_THUMBNAIL_AGAIN = textwrap.dedent(
    """
    import logging, sys
    import numpy as np
    from tests.app_fixtures import write_user_scene
    from vrasmr.content import user_cache_dir
    from vrasmr.session.thumbnail_jobs import CardThumbnails
    from vrasmr.ui.cards import scene_cards

    def render_thumbnails(cards):
        maker = CardThumbnails(cards)
        out = tuple(cards)
        while not maker.done:
            out = maker.step()
        return list(out)

    logging.basicConfig(format="%(message)s")
    write_user_scene("thumb-test")
    first = render_thumbnails([c for c in scene_cards() if c.scene_id == "thumb-test"])[0]
    (entry,) = (user_cache_dir() / "thumbnails").glob("*.png")
    entry.write_bytes(b"")
    (card,) = [c for c in scene_cards() if c.scene_id == "thumb-test"]
    assert card.thumbnail is None, "a damaged thumbnail was shown"
    (card,) = render_thumbnails([card])
    assert np.array_equal(np.asarray(card.thumbnail), np.asarray(first.thumbnail))
    assert entry.stat().st_size > 0
    """
)


def test_speech_not_made_yet_reads_as_missing_without_a_warning(tmp_path, caplog):
    """The player polls for an utterance the worker is still making: soundfile says "System
    error" for a missing file, and that is not damage."""
    from vrasmr.sound.speech import cache

    key = cache.UtteranceKey("Not spoken yet.", "espeak:test", 110)
    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        assert cache.read(key, tmp_path) is None
    assert warnings_about(caplog, "cached speech") == []


def test_an_entry_written_while_a_damaged_one_is_read_is_kept(tmp_path, caplog):
    """Seen in a benchmark: the reader failed, the worker's fresh entry landed, and the reader
    deleted it as damaged, with a warning (the utterance was made twice)."""
    entry = tmp_path / "entry.bin"
    entry.write_bytes(b"")  # damaged: 0 bytes

    def read_while_a_writer_replaces_it(path):
        write_atomic(path, lambda file: file.write(b"whole"))  # the worker finishes meanwhile
        raise RuntimeError("Error opening: System error.")

    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        assert read_entry(entry, read_while_a_writer_replaces_it, "entry") is None
    assert entry.read_bytes() == b"whole"  # the new entry stays; the next read finds it
    assert read_entry(entry, lambda path: path.read_bytes(), "entry") == b"whole"
    assert warnings_about(caplog, "entry") == []


def test_a_damaged_thumbnail_is_made_again(gl):
    """(In a fresh interpreter: thumbnails render on a GL context of their own.)"""
    done = subprocess.run(
        [sys.executable, "-c", _THUMBNAIL_AGAIN],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).parent.parent,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stderr.count("damaged cached thumbnail") == 1, done.stderr


@pytest.mark.parametrize("content", [b"", b"\xff\xfe not text", b"[1, 2]", b'{"a": tr'])
def test_damaged_check_results_read_as_none_with_a_warning(content, caplog):
    from vrasmr.safety.report import SceneReport
    from vrasmr.safety.verdicts import load_verdicts, remember, verdicts_path

    verdicts_path().parent.mkdir(parents=True)
    verdicts_path().write_bytes(content)
    with caplog.at_level(logging.WARNING, logger="vrasmr.cache_files"):
        assert load_verdicts() == {}
    assert len(warnings_about(caplog, "check results")) == 1
    remember([SceneReport(scene_id="rain", findings=[])])
    assert json.loads(verdicts_path().read_text()) == {"rain": True}


def test_a_write_that_fails_leaves_the_old_entry_and_no_temporary_file(tmp_path):
    entry = tmp_path / "cache" / "entry.bin"
    write_atomic(entry, lambda file: file.write(b"old and whole"))

    def torn(file):
        file.write(b"half of the new")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError, match="No space"):
        write_atomic(entry, torn)
    assert entry.read_bytes() == b"old and whole"
    assert [p.name for p in entry.parent.iterdir()] == ["entry.bin"]
    assert read_entry(tmp_path / "missing.bin", lambda p: p.read_bytes(), "x") is None


def test_export_runs_through_a_damaged_sound_cache(tmp_path):
    """The person's case: a crash left the sound cache's files empty; export just works
    (one warning per damaged sound) and the cache is whole again afterwards."""
    write_user_scene("cache-export")
    args = ("export", "cache-export", "--minutes", "0.02", "--out", str(tmp_path / "a.wav"))
    assert vrasmr(*args, cwd=tmp_path).returncode == 0
    entries = sorted((user_cache_dir() / "sounds").glob("*.npy"))
    assert entries
    for entry in entries:
        damage(entry, "empty")
    r = vrasmr(*args, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stderr.count("damaged cached sound") == len(entries), r.stderr
    assert all(np.load(entry).size > 0 for entry in entries)
