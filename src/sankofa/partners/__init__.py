"""Reintegration partners' casework: consenting returnees, skill validation, needs, measures."""
