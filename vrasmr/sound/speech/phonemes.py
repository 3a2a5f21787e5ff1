"""Text to the neural voice's input: espeak-ng IPA, then ids from the voice's phoneme map.

The map is the voice config's ``phoneme_id_map`` (one id list per IPA character). A
sequence starts with ``^``, ends with ``$``, and ``_`` goes after every symbol, which is
how Piper voices were trained. The utterance's final punctuation is kept as a symbol: the
model was trained with it and shapes the ending (a fall after ``.``, a lift after ``,``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence

from .espeak import text_to_ipa

BOS, EOS, PAD = "^", "$", "_"
_FINAL_MARKS = {".": ".", "?": "?", "!": "!", ",": ",", ";": ";", ":": ":", "—": ",", "–": ","}

PhonemeIdMap = Mapping[str, Sequence[int]]


def final_mark(text: str) -> str:
    """The punctuation that ends ``text`` as the model knows it ('.' when there is none)."""
    stripped = text.rstrip(" \"'”’)")
    return _FINAL_MARKS.get(stripped[-1:], ".") if stripped else "."


def phonemise(text: str, voice: str = "en-us") -> str:
    """IPA for one utterance: espeak-ng's clauses joined by spaces, then the final mark."""
    clauses = text_to_ipa(text, voice)
    return unicodedata.normalize("NFD", " ".join(clauses) + final_mark(text))


def phoneme_ids(ipa: str, id_map: PhonemeIdMap) -> list[int]:
    """Model ids for an IPA string; symbols the voice does not know are left out."""
    pad = list(id_map[PAD])
    ids = [*id_map[BOS], *pad]
    for symbol in ipa:
        known = id_map.get(symbol)
        if known is not None:
            ids += [*known, *pad]
    ids += list(id_map[EOS])
    return ids


def unknown_symbols(ipa: str, id_map: PhonemeIdMap) -> set[str]:
    """IPA symbols the voice has no id for (they are dropped from its input)."""
    return {s for s in ipa if s not in id_map}
