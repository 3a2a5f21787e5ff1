"""The spoken content: enough of every kind, each of the length the issue asks for, nothing
that alarms, every script used by a scene, and ``vrasmr scripts`` saying so."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from vrasmr.sound.speech.script import list_scripts, load_script

# Words that have no place in something meant to help a person fall asleep, in the forms
# they would be written (each matched as a whole word: "falling asleep" and "painted" pass).
# A test rather than a review: a script that uses one fails here, naming file, line, word.
_WORDS = (
    "danger dangers dangerous scream screams screamed screaming blood bloody bleeding dead "
    "death die dies died dying kill kills killed killing alarm alarms siren sirens emergency "
    "fear fears afraid scared scary panic panicked terror terrified gun guns knife knives "
    "crash crashed crashing explode exploded explosion attack attacked monster monsters "
    "nightmare nightmares thunder lightning hurry hurried urgent deadline shout shouted "
    "shouting bang banged ambulance police war hospital pain painful hurt hurts wound "
    "wounded sick lost alone cry cried crying fall falls late"
)
ALARMING = _WORDS.split()
_ALARMING = re.compile(r"\b(" + "|".join(ALARMING) + r")\b", re.IGNORECASE)


def shipped():
    from vrasmr.content import audio_dir

    return sorted((audio_dir() / "scripts").glob("*.txt"))


def by_kind() -> dict[str, list]:
    out: dict[str, list] = {}
    for path in shipped():
        script = load_script(path.stem)
        out.setdefault(script.header.kind, []).append(script)
    return out


def spoken_minutes(script) -> float:
    return script.words / script.header.rate_wpm


def test_no_script_says_anything_alarming():
    found = []
    for path in shipped():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            found += [f"{path.name}:{number}: {m[0]!r}" for m in _ALARMING.finditer(line)]
    assert found == []


def test_the_alarming_word_test_catches_a_word_in_any_form():
    said = "The thunder rolled. Lightning! He was crying; nobody screamed, and no one was hurt."
    found = [m[0] for m in _ALARMING.finditer(said)]
    assert found == ["thunder", "Lightning", "crying", "screamed", "hurt"]
    assert not _ALARMING.search("falling snow, painted walls, later, plain, sickle")


def test_enough_of_every_kind_at_the_lengths_the_issue_asks_for():
    kinds = by_kind()
    stories, visualizations = kinds["story"], kinds["visualization"]
    assert len(stories) >= 12 and all(10 <= spoken_minutes(s) <= 20 for s in stories)
    assert len(visualizations) >= 8
    assert all(6 <= spoken_minutes(s) <= 12 for s in visualizations)
    titles = " ".join(s.header.title.lower() + " " + s.id for s in visualizations)
    for place in ("beach", "forest", "snow", "lake", "meadow", "rain", "train", "floating"):
        assert place in titles, place
    assert len(kinds["affirmations"]) >= 4
    assert kinds["relaxation"] and kinds["body-scan"] and kinds["breathing"]
    role_plays = kinds["role-play"]
    assert len(role_plays) >= 4
    for script in role_plays:  # each cues its sounds
        cues = sum(len(u.cues) + len(u.cues_after) for u in script.utterances)
        assert cues >= 10, script.id
    assert {s.id for s in kinds["whispers"]} >= {"whispers-ear-to-ear", "whispers-nature"}
    words = sum(load_script(p.stem).words for p in shipped())
    assert words >= 25_000


def test_every_script_is_used_by_a_scene():
    from vrasmr.program.uses import script_uses
    from vrasmr.scene.library import SceneLibrary

    library = SceneLibrary()
    library.poll()
    assert not library.errors
    uses = script_uses(library, library.content)
    unused = [p.stem for p in shipped() if not uses.get(p.stem)]
    assert unused == []


def test_vrasmr_scripts_lists_words_minutes_and_scenes():
    out = subprocess.run(
        [sys.executable, "-m", "vrasmr", "scripts"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    for script_id in list_scripts():
        assert script_id in lines, script_id
    lighthouse = lines["story-lighthouse"].split()
    script = load_script("story-lighthouse")
    assert lighthouse[1] == "story" and int(lighthouse[2]) == script.words
    assert float(lighthouse[3]) == pytest.approx(script.words / 105, abs=0.05)
    assert "bedtime-story" in lines["story-lighthouse"]
    assert "evening-attention" in lines["roleplay-librarian"]
    total = lines["all"].split()
    assert int(total[1]) == len(list_scripts()) and int(total[3].replace(",", "")) >= 25_000
