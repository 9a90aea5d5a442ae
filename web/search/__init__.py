"""Job search, saved searches, candidate search."""
