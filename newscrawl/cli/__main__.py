"""Run the newscrawl command with ``python -m newscrawl.cli``."""

import sys

from newscrawl.cli import main

sys.exit(main())
