"""``python -m matching``: see :mod:`matching.cli`."""

from __future__ import annotations

from matching.cli import main

raise SystemExit(main())
