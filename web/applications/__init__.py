"""Application pages and API."""
