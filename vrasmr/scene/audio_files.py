"""Resolve a scene's audio file path, never reaching outside the allowed audio folders."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from vrasmr.quoting import quote
from vrasmr.scene.names import AUDIO_FILE_SUFFIXES

MAX_NAME_BYTES = 255  # the longest file name common file systems keep


def audio_roots() -> tuple[Path, ...]:
    """The folders a scene may read audio files from: shipped audio, then the user's."""
    from vrasmr.content import audio_dir, user_audio_dir

    return (audio_dir(), user_audio_dir())


def resolve_audio_file(name: str, roots: Sequence[Path] | None = None) -> Path:
    """The real file ``name`` refers to inside one of ``roots``; ValueError says why not."""
    roots = tuple(roots) if roots is not None else audio_roots()
    where = " or ".join(str(r) for r in roots)
    if "\x00" in name or "\\" in name or name.startswith("~") or re.match(r"^[A-Za-z]:", name):
        raise ValueError(
            f'expected a plain relative path like "my-rain.flac" inside {where}; found {quote(name)}'
        )
    rel = PurePosixPath(name)
    if rel.is_absolute() or ".." in rel.parts:
        raise ValueError(
            f"file paths must stay inside {where}; use a path relative to one of them "
            f"(no leading / and no ..), found {quote(name)}"
        )
    if rel.suffix.lower() not in AUDIO_FILE_SUFFIXES:
        raise ValueError(
            f"expected an audio file ending in {', '.join(AUDIO_FILE_SUFFIXES)}; found {quote(name)}"
        )
    too_long = max(rel.parts, key=len)
    if len(too_long.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES:
        raise ValueError(
            f"a file or folder name may be at most {MAX_NAME_BYTES} bytes; found {quote(too_long)}"
        )
    linked_out = None
    for root in roots:
        try:
            base = Path(root).resolve()
            candidate = (base / rel).resolve()
            if not candidate.is_file():
                continue
        except (OSError, RuntimeError):  # a name the file system refuses, a link loop
            continue
        if candidate.is_relative_to(base):
            return candidate
        linked_out = linked_out or Path(root) / rel
    if linked_out is not None:
        raise ValueError(
            f"{linked_out} is a link to a file outside the audio folders, which scenes may not "
            "read; copy the file there instead of linking it"
        )
    raise ValueError(f"no audio file {quote(name)} in {where}; copy it there or fix the name")
