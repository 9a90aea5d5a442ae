"""Finding things: job search, saved searches and their digests, candidate search."""
