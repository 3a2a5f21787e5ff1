"""Sound: procedural ASMR generators, whispered voice, user recordings, loudness, playback."""
