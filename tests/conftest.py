"""Shared test setup: seeded numpy, floating-point errors raise, user folders in a temp dir."""

from __future__ import annotations

import numpy as np
import pytest


@pytest.fixture(autouse=True)
def _numpy_strict():
    """A NaN in an audio buffer is a pop in a sleeping person's ear: make it fail loudly."""
    np.random.seed(1234)
    old = np.seterr(all="raise", under="ignore")
    yield
    np.seterr(**old)


@pytest.fixture(autouse=True)
def _user_home(tmp_path_factory, monkeypatch):
    """Keep journals, caches and user scenes out of the real home directory."""
    home = tmp_path_factory.mktemp("vrasmr-home")
    monkeypatch.setenv("VRASMR_HOME", str(home))
    yield home


@pytest.fixture
def engine():
    """A loopback OpenAL engine (48 kHz float stereo), closed after the test."""
    from tests.sound_fixtures import open_loopback

    eng = open_loopback()
    yield eng
    eng.close()
