"""Reference data: ESCO and places, loaded once; vocabulary and place names from text."""
