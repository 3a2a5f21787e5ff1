"""vrasmr: a VR environment that helps people fall asleep with ASMR."""

__version__ = "0.1.0"
