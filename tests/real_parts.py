"""Tests run the real parts (EGL, OpenAL Soft, Xvfb). Where one is missing they skip, unless
CI says it must be there (``VRASMR_EXPECT_GL``, ``VRASMR_EXPECT_OPENAL``,
``VRASMR_EXPECT_XVFB`` = 1): then they fail."""

from __future__ import annotations

import os

import pytest


def missing(what: str, env: str, why) -> None:
    """Fail when CI expects ``what`` (``env`` = 1), else skip."""
    if os.environ.get(env) == "1":
        pytest.fail(f"{what} is missing but {env}=1: {why}")
    pytest.skip(f"{what} unavailable: {why}")
