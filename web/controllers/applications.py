"""(Being built.)"""

from __future__ import annotations

HANDLERS: list[object] = []
