"""The loopback engine for sound tests: skipped without OpenAL, failed when CI expects it."""

from __future__ import annotations

from tests.real_parts import missing
from vrasmr.sound.engine import OpenALEngine

SR = 48000


def open_loopback(**kw) -> OpenALEngine:
    from vrasmr.sound.openal._raw import OpenALMissing
    from vrasmr.sound.openal.checked import ALError

    try:
        return OpenALEngine.loopback(SR, **kw)
    except (OpenALMissing, ALError) as exc:
        missing("OpenAL Soft (loopback)", "VRASMR_EXPECT_OPENAL", exc)
