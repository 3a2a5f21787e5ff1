"""Sleep-safety check: measure a scene's recorded sound and picture against documented limits.

Import the submodules directly (``vrasmr.safety.check``, ``.audio_metrics``,
``.picture_metrics``, ``.report``, ``.thresholds``); this package imports nothing heavy.
"""
