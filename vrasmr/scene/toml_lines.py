"""Best-effort line numbers for keys in a TOML text (tomllib does not report them).

``key_lines(text)`` maps field paths such as ``("emitters", 2, "motion")`` to the line where
that table header or key is written; ``line_for(path, lines)`` picks the deepest known prefix.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_KEY_CHARS = r"[A-Za-z0-9_\-\.\"' ]+"
_ARRAY_HEADER = re.compile(rf"^\[\[\s*({_KEY_CHARS})\s*\]\]\s*(#.*)?$")
_TABLE_HEADER = re.compile(rf"^\[\s*({_KEY_CHARS})\s*\]\s*(#.*)?$")
_ASSIGNMENT = re.compile(rf"^({_KEY_CHARS})=")


def _split_keys(dotted: str) -> tuple[str, ...]:
    return tuple(k.strip().strip("\"'") for k in dotted.split("."))


def key_lines(text: str) -> dict[tuple, int]:
    """Field path → 1-based line of its first appearance."""
    found: dict[tuple, int] = {}
    counters: dict[tuple, int] = {}
    table: tuple = ()
    in_multiline = False

    def resolve(keys: tuple[str, ...]) -> tuple:
        out: tuple = ()
        for k in keys:
            out += (k,)
            if out in counters:
                out += (counters[out],)
        return out

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        quotes = line.count('"""') + line.count("'''")
        if in_multiline:
            in_multiline = quotes % 2 == 0
            continue
        if not line or line.startswith("#"):
            continue
        if m := _ARRAY_HEADER.match(line):
            keys = _split_keys(m[1])
            array = resolve(keys[:-1]) + (keys[-1],)
            counters[array] = counters.get(array, -1) + 1
            table = array + (counters[array],)
            found.setdefault(array, number)
            found.setdefault(table, number)
        elif m := _TABLE_HEADER.match(line):
            table = resolve(_split_keys(m[1]))
            found.setdefault(table, number)
        elif m := _ASSIGNMENT.match(line):
            keys = _split_keys(m[1])
            for i in range(1, len(keys) + 1):
                found.setdefault(table + keys[:i], number)
        in_multiline = quotes % 2 == 1
    return found


def line_for(path: Sequence, lines: dict[tuple, int]) -> int | None:
    """The line of the deepest prefix of ``path`` that appears in the text."""
    path = tuple(path)
    for end in range(len(path), 0, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None
