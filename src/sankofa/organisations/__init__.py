"""Organisations (employers, partners, authorities, investors): members, verification, names, API keys."""
