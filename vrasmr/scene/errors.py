"""The one exception a scene or recipe file can raise, and the nearest-name helper for its hints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from pathlib import Path

from vrasmr.errors import VrasmrError
from vrasmr.quoting import shorten


def nearest_name(word: str, options: Iterable[str]) -> str | None:
    """The option closest to ``word`` (a likely misspelling), or None when nothing is close."""
    matches = difflib.get_close_matches(str(word).lower(), list(options), n=1, cutoff=0.5)
    return matches[0] if matches else None


def did_you_mean(word: str, options: Sequence[str]) -> str:
    """`` did you mean 'x'?`` or a list of the valid names when none is close."""
    guess = nearest_name(word, options)
    if guess is not None:
        return f"; did you mean '{guess}'?"
    shown = ", ".join(options[:25]) + (", ..." if len(options) > 25 else "")
    return f"; expected one of: {shown}"


def format_field(path: Sequence[str | int]) -> str:
    """``("emitters", 2, "motion", "radius_m")`` → ``emitters[2].motion.radius_m``; a key
    the user made up is shortened if long."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{shorten(part)}" if out else shorten(part)
    return out


class SceneError(VrasmrError):
    """A scene or recipe problem: which file, which line, which field, and how to fix it.

    When one file has several problems the first is raised and the rest ride in ``related``.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        related: Sequence[SceneError] = (),
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field or None
        self.related = tuple(related)

    @property
    def all(self) -> tuple[SceneError, ...]:
        """This error and every related one."""
        return (self, *self.related)

    def headline(self) -> str:
        where = self.file or "<scene>"
        if self.line is not None:
            where += f":{self.line}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def __str__(self) -> str:
        lines = [e.headline() for e in self.all]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SceneError({self.headline()!r})"


def combine(errors: Sequence[SceneError]) -> SceneError:
    """One raisable error that carries all of ``errors`` (which must not be empty)."""
    first = errors[0]
    return SceneError(
        first.message, file=first.file, line=first.line, field=first.field, related=errors[1:]
    )
