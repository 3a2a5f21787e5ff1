"""The README and docs/ link only to files that ship with the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# [text](target) and bare [path] references
LINK = re.compile(r"\]\(([^)\s]+)\)|\[(\.{0,2}/[^\]\s]+|[\w./-]+\.md)\]")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_local_link_points_inside_the_repository(doc):
    for match in LINK.finditer(doc.read_text(encoding="utf-8")):
        target = (match.group(1) or match.group(2)).split("#")[0]
        if not target or re.match(r"[a-z]+:", target):
            continue  # a web address or an anchor on the same page
        path = (doc.parent / target).resolve()
        assert path.is_relative_to(ROOT), f"{doc.name} links outside the repository: {target}"
        assert path.exists(), f"{doc.name} links to a missing file: {target}"
