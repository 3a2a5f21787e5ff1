"""``python -m vrasmr`` runs the ``vrasmr`` command."""

import sys

from vrasmr.cli import main

sys.exit(main())
