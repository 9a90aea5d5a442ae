"""Offline evaluation suites: ``python -m matching.evaluate <suite>`` (``text`` today; ``rank`` later)."""
