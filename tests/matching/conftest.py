from __future__ import annotations

import pytest

from matching.engine import TextEngine, load_text_engine


@pytest.fixture(scope="session")
def engine() -> TextEngine:
    """The shipped text engine, loaded once for the whole session."""
    return load_text_engine()
