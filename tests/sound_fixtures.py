"""The loopback engine for sound tests: skipped without OpenAL, failed when CI expects it."""

from __future__ import annotations

import os

import pytest

from vrasmr.sound.engine import OpenALEngine

SR = 48000


def open_loopback(**kw) -> OpenALEngine:
    from vrasmr.sound.openal._raw import OpenALMissing
    from vrasmr.sound.openal.checked import ALError

    try:
        return OpenALEngine.loopback(SR, **kw)
    except (OpenALMissing, ALError) as exc:
        if os.environ.get("VRASMR_EXPECT_OPENAL") == "1":
            pytest.fail(f"OpenAL Soft was expected but is unusable: {exc}")
        pytest.skip(f"OpenAL Soft not available: {exc}")
