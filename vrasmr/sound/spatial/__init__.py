"""Spatial helpers for the sound engine: reverb presets, proximity cues, voice limiting."""
