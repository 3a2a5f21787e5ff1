"""Files in the user's cache folder: written atomically, read tolerantly, kept under a size cap.

Everything here can be made again, so a damaged entry (0 bytes after a crash or a full disk,
a truncated copy) never stops export or preview: it is deleted with one warning and remade.
Writes go to a temporary file in the same folder, are flushed to disk, then renamed over the
entry, so a reader sees the old entry, no entry, or the whole new one.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

TEMP_SUFFIX = ".tmp"
STALE_TEMP_S = 3600.0  # a temporary file this old was left by a process that died mid-write


def write_atomic(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write ``path`` through ``write(file)``: a temporary file beside it, fsynced, renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as file:
            write(file)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_entry(path: Path, read: Callable[[Path], T | None], what: str) -> T | None:
    """``read(path)``, or None when there is no usable entry. ``read`` returns None (or
    raises) for content it cannot use; such an entry is deleted, with one warning naming
    ``what`` it was, so the caller makes it again. A hit counts as a use (for eviction)."""
    try:
        before = path.stat()  # a missing entry is missing, whatever the decoder would say
    except FileNotFoundError:
        return None
    try:
        value = read(path)
    except FileNotFoundError:
        return None
    except Exception as error:  # whatever a damaged file makes the decoder raise
        reason = f"{type(error).__name__}: {error}"
    else:
        if value is not None:
            with contextlib.suppress(OSError):
                os.utime(path)  # the modification time orders least-recently-used eviction
            return value
        reason = "unexpected content"
    try:
        now = path.stat()
        if (now.st_ino, now.st_mtime_ns) != (before.st_ino, before.st_mtime_ns):
            return None  # a writer put a new entry in its place while this one was read
        path.unlink()
    except FileNotFoundError:
        return None  # someone else deleted it already (and warned)
    except OSError as error:
        reason += f"; could not delete it ({error})"
    log.warning("damaged %s %s (%s): deleted, making it again", what, path, reason)
    return None


@dataclass(frozen=True)
class FolderUsage:
    """Bytes and entries in a cache folder (temporary files not counted)."""

    bytes: int
    entries: int


def _entries(folder: Path) -> list[tuple[float, int, Path]]:
    """(modification time, size, path) of each entry; stale temporary files are removed."""
    out = []
    now = time.time()
    try:
        scan = list(os.scandir(folder))
    except FileNotFoundError:
        return []
    for item in scan:
        try:
            if not item.is_file(follow_symlinks=False):
                continue
            stat = item.stat(follow_symlinks=False)
        except FileNotFoundError:
            continue
        if item.name.endswith(TEMP_SUFFIX):
            if now - stat.st_mtime > STALE_TEMP_S:
                Path(item.path).unlink(missing_ok=True)
            continue
        out.append((stat.st_mtime, stat.st_size, Path(item.path)))
    return out


def folder_usage(folder: Path) -> FolderUsage:
    entries = _entries(folder)
    return FolderUsage(sum(size for _, size, _ in entries), len(entries))


def evict(folder: Path, cap_bytes: int, keep: Path | None = None) -> int:
    """Delete the least recently used entries of ``folder`` until it holds at most
    ``cap_bytes`` (never ``keep``, the entry just written). Returns the bytes freed."""
    entries = sorted(_entries(folder))
    total = sum(size for _, size, _ in entries)
    freed = 0
    for _, size, path in entries:
        if total - freed <= cap_bytes:
            break
        if keep is not None and path == keep:
            continue
        try:
            path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not evict %s from the cache (%s)", path, error)
            continue
        freed += size
    return freed
