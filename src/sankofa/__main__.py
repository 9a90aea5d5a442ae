"""python -m sankofa."""

from __future__ import annotations

import sys

from sankofa.cli import main

sys.exit(main())
