"""``python -m matching``: see :mod:`matching.cli`.

``schedule`` is dispatched first, so that the scheduler never imports (let alone loads) the text engine.
"""

from __future__ import annotations

import sys

if sys.argv[1:2] == ["schedule"]:
    from matching.scheduling.cli import main as schedule_main

    raise SystemExit(schedule_main(sys.argv[2:]))

from matching.cli import main

raise SystemExit(main())
