"""OpenAL Soft in three layers: raw ctypes (``_raw``), checked calls (``checked``), devices."""
