"""Reading spoken scripts (docs/scripts.md): a TOML header between ``+++`` lines, then the words.

``parse_script(text, file)`` gives a :class:`~.script_model.Script`: the header as a typed
model and the words as :class:`~.script_model.Utterance` s, one per clause or sentence, each
with the pause after it, the sound cues that start with it (or right after it) and the line
it came from. Every problem is a :class:`ScriptError` naming ``file:line`` and the fix.
:func:`load_script` finds a script by id among the shipped and the user's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from vrasmr.scene.errors import SceneError, did_you_mean
from vrasmr.sound.speech.script_model import (
    CUE_PLACES,
    CUE_SOUNDS,
    Cue,
    Script,
    ScriptError,
    ScriptHeader,
    ScriptNotFound,
    Utterance,
)

SENTENCE_PAUSE_S = 0.8
CLAUSE_PAUSE_S = 0.3
PARAGRAPH_PAUSE_S = 2.5
PAUSE_RANGE_S = (0.5, 60.0)
CUE_RANGE_S = (1.0, 30.0)
HEADER_FENCE = "+++"
CUE_FORM = "[<sound> <place> <seconds>s], e.g. [brush near left 6s]"


# ---- header ----------------------------------------------------------------------------
def _split_header(lines: list[str], file: str) -> tuple[str | None, int]:
    """(header TOML text padded so its line numbers are the file's, first body line index)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip() != HEADER_FENCE:
        return None, 0
    for end in range(first + 1, len(lines)):
        if lines[end].strip() == HEADER_FENCE:
            padded = ["" for _ in range(first + 1)] + lines[first + 1 : end]
            return "\n".join(padded), end + 1
    raise ScriptError(
        f"the header that opens with {HEADER_FENCE} on line {first + 1} is never closed; "
        f"add a line with {HEADER_FENCE} after the last header field",
        file=file,
        line=first + 1,
    )


def _parse_header(toml_text: str, file: str) -> ScriptHeader:
    from vrasmr.scene.loading import read_toml_text
    from vrasmr.scene.toml_lines import key_lines
    from vrasmr.scene.validation import validate_model

    data = read_toml_text(toml_text, file)
    header, errors = validate_model(ScriptHeader, data, file, key_lines(toml_text))
    if errors:
        first_line = next((i for i, s in enumerate(toml_text.splitlines(), 1) if s.strip()), 1)
        errors = [
            e if e.line is not None else ScriptError(e.message, file=file, line=first_line)
            for e in errors
        ]
        first = errors[0]
        raise ScriptError(
            first.message,
            file=file,
            line=first.line,
            field=first.field,
            related=[
                ScriptError(e.message, file=file, line=e.line, field=e.field) for e in errors[1:]
            ],
        )
    return header


# ---- words -----------------------------------------------------------------------------
_TAG = re.compile(r"\[([^\[\]]*)\]")
_PAUSE = re.compile(r"^pause\s+(\d+(?:\.\d+)?)\s*s$")
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "mt", "no", "vs", "etc"}
_CLOSERS = "\"'”’)"
_SENTENCE_MARKS = ".?!…"
_CLAUSE_MARKS = ",;:—–"


def _cue(body: str, file: str, line: int) -> Cue:
    parts = body.split()
    near = len(parts) == 4 and parts[1] == "near"
    if near:
        parts = [parts[0], parts[2], parts[3]]
    if len(parts) != 3:
        raise ScriptError(
            f"cannot read [{body}]; write a pause as [pause 4s] or a cue as {CUE_FORM}",
            file=file,
            line=line,
        )
    sound, place, length = parts
    if sound not in CUE_SOUNDS:
        hint = did_you_mean(sound, CUE_SOUNDS)
        raise ScriptError(
            f"unknown cue sound '{sound}' in [{body}]{hint} (a cue is {CUE_FORM})",
            file=file,
            line=line,
        )
    if place not in CUE_PLACES:
        hint = did_you_mean(place, (*CUE_PLACES, "near"))
        raise ScriptError(
            f"unknown cue place '{place}' in [{body}]{hint} (a cue is {CUE_FORM})",
            file=file,
            line=line,
        )
    m = re.fullmatch(r"(\d+(?:\.\d+)?)s", length)
    lo, hi = CUE_RANGE_S
    if not m or not lo <= float(m[1]) <= hi:
        raise ScriptError(
            f"cue length '{length}' in [{body}] must be seconds from {lo:g} to {hi:g}, "
            f"written like 6s",
            file=file,
            line=line,
        )
    return Cue(sound, place, near, float(m[1]), line)


def _pause(body: str, file: str, line: int) -> float | None:
    text = " ".join(body.split()).lower()
    if not text.startswith("pause"):
        return None
    m = _PAUSE.match(text)
    lo, hi = PAUSE_RANGE_S
    if not m or not lo <= float(m[1]) <= hi:
        raise ScriptError(
            f"cannot read [{body}]; write a pause of {lo:g} to {hi:g} seconds like [pause 4s]",
            file=file,
            line=line,
        )
    return float(m[1])


def _is_sentence_end(text: str, i: int) -> bool:
    """Whether the mark at ``text[i]`` ends a sentence (not 'Mr.', '3.5' or 'e.g')."""
    if text[i] != ".":
        return True
    after = text[i + 1 : i + 2]
    if after and not (after.isspace() or after in _CLOSERS or after in _SENTENCE_MARKS):
        return False
    word = re.search(r"(\w+)$", text[:i])
    return not (word and word[1].lower() in _ABBREVIATIONS)


@dataclass
class _Builder:
    """Collects utterances while the body is read."""

    file: str
    scale: float
    out: list[Utterance] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    line: int = 0
    waiting_cues: list[Cue] = field(default_factory=list)
    lead_in_s: float = 0.0
    paragraph_index: int = 0

    def add_text(self, text: str, line: int) -> None:
        if text.strip():
            if not self.words:
                self.line = line
            self.words.append(text.strip())

    def close(self, sentence_end: bool, pause_s: float) -> None:
        text = " ".join(self.words).strip()
        self.words = []
        if not re.search(r"\w", text):
            return
        text = re.sub(r"\s*[—–]$", ",", text)
        cues, self.waiting_cues = tuple(self.waiting_cues), []
        self.out.append(
            Utterance(
                text,
                pause_s * self.scale,
                self.line,
                sentence_end,
                cues,
                paragraph=self.paragraph_index,
            )
        )

    def add_pause(self, seconds: float) -> None:
        if self.words:
            self.close(False, 0.0)
        if self.out:
            self._amend(-1, pause_after_s=self.out[-1].pause_after_s + seconds * self.scale)
        else:
            self.lead_in_s += seconds * self.scale

    def add_cue(self, cue: Cue) -> None:
        last = self.out[-1] if self.out else None
        if not self.words and last is not None and last.sentence_end:
            self._amend(-1, cues_after=(*last.cues_after, cue))
        else:
            self.waiting_cues.append(cue)

    def paragraph(self) -> None:
        if self.words:
            self.close(True, SENTENCE_PAUSE_S)
        if self.out and not self.waiting_cues:
            last = self.out[-1]
            longer = max(last.pause_after_s, PARAGRAPH_PAUSE_S * self.scale)
            self._amend(-1, pause_after_s=longer, sentence_end=True)
        if self.out and self.out[-1].paragraph == self.paragraph_index:
            self.paragraph_index += 1

    def finish(self) -> None:
        self.paragraph()
        if self.waiting_cues and self.out:
            last = self.out[-1]
            self._amend(-1, cues_after=(*last.cues_after, *self.waiting_cues))
            self.waiting_cues = []

    def _amend(self, index: int, **changes) -> None:
        from dataclasses import replace

        self.out[index] = replace(self.out[index], **changes)


def _read_line(builder: _Builder, raw: str, number: int) -> None:
    file = builder.file
    pos = 0
    for m in _TAG.finditer(raw):
        _read_words(builder, raw[pos : m.start()], number)
        body = m[1].strip()
        seconds = _pause(body, file, number)
        if seconds is not None:
            builder.add_pause(seconds)
        else:
            builder.add_cue(_cue(body, file, number))
        pos = m.end()
    _read_words(builder, raw[pos:], number)


def _read_words(builder: _Builder, text: str, number: int) -> None:
    for bracket in "[]":
        if bracket in text:
            raise ScriptError(
                f"a '{bracket}' without its partner; close the tag on the same line, like "
                f"[pause 4s], or remove the bracket",
                file=builder.file,
                line=number,
            )
    start = 0
    i = 0
    while i < len(text):
        ch = text[i]
        sentence = ch in _SENTENCE_MARKS and _is_sentence_end(text, i)
        clause = ch in _CLAUSE_MARKS and (ch not in "—–" or i > 0)
        if sentence or clause:
            while i + 1 < len(text) and (text[i + 1] in _SENTENCE_MARKS or text[i + 1] in _CLOSERS):
                i += 1
            builder.add_text(text[start : i + 1], number)
            if sentence:
                builder.close(True, SENTENCE_PAUSE_S)
            else:
                builder.close(False, CLAUSE_PAUSE_S)
            start = i + 1
        i += 1
    builder.add_text(text[start:], number)


def _phrases(lines: list[str], first: int, file: str) -> list[Utterance]:
    out = []
    for number, raw in enumerate(lines[first:], first + 1):
        text = " ".join(raw.split())
        if not text or text.startswith("#"):
            continue
        if "[" in text or "]" in text:
            raise ScriptError(
                "a whispers list has one phrase per line and no [tags]; remove the brackets",
                file=file,
                line=number,
            )
        out.append(Utterance(text, 0.0, number))
    return out


def parse_script(text: str, file: str = "<script>", script_id: str | None = None) -> Script:
    """Parse a script's text; raises ScriptError (``file:line``) for the first problem."""
    lines = text.splitlines()
    header_text, first = _split_header(lines, file)
    script_id = script_id or Path(file).stem
    if header_text is None:  # the shipped scripts before the header format
        header = ScriptHeader(title=script_id[:80] or "script", kind="story", voice="whisper")
    else:
        header = _parse_header(header_text, file)
    if header.kind == "whispers":
        utterances = _phrases(lines, first, file)
        lead_in = 0.0
    else:
        builder = _Builder(file, header.pause_scale)
        for number, raw in enumerate(lines[first:], first + 1):
            stripped = raw.strip()
            if stripped.startswith("#"):
                continue
            if not stripped:
                builder.paragraph()
                continue
            _read_line(builder, raw, number)
        builder.finish()
        utterances, lead_in = builder.out, builder.lead_in_s
    if not utterances and header.kind != "breathing":
        raise ScriptError(
            "the script has no words to speak; write some sentences after the header",
            file=file,
            line=max(1, len(lines)),
        )
    return Script(script_id, header, tuple(utterances), lead_in, file, header_text is not None)


# ---- finding scripts ---------------------------------------------------------------------
def list_scripts() -> list[str]:
    """Ids of every script (shipped and the user's)."""
    from vrasmr.content import script_paths

    return sorted(script_paths())


def load_script(script_id: str) -> Script:
    """The parsed script ``<id>.txt``; ScriptNotFound (with the nearest id) or ScriptError.
    A file that has not changed since it was last read is not parsed again."""
    from vrasmr.content import script_dirs, script_paths

    paths = script_paths()
    if script_id not in paths:
        known = sorted(paths)
        raise ScriptNotFound(
            f"no script called '{script_id}'{did_you_mean(script_id, known)} "
            f"(scripts live in {' or '.join(str(d) for d in script_dirs())})"
        )
    path = paths[script_id]
    try:
        st = path.stat()
    except OSError as error:
        raise ScriptError(f"cannot read the file: {error.strerror or error}", file=path) from None
    stamp = (st.st_mtime_ns, st.st_size)
    known = _PARSED.get(str(path))
    if known is not None and known[0] == stamp:
        return known[1]
    script = _parse_file(path, script_id)
    _PARSED[str(path)] = (stamp, script)
    return script


_PARSED: dict[str, tuple[tuple[int, int], Script]] = {}  # path -> (mtime and size, script)


def _parse_file(path: Path, script_id: str) -> Script:
    from vrasmr.scene.loading import read_text

    try:
        text = read_text(path)
    except SceneError as error:
        raise ScriptError(error.message, file=path, line=error.line) from None
    return parse_script(text, str(path), script_id)
