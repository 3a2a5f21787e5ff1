"""``python -m vrasmr.safety [SCENE…]`` runs ``vrasmr check``."""

import sys

from vrasmr.safety.cli import main

sys.exit(main())
