"""How a vacancy fits a returnee until the ranking engine lands: skills matched and missing (being built)."""

from __future__ import annotations
