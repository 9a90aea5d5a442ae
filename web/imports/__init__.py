"""Bulk vacancy import pages."""
