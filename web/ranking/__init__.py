"""Recommendations pages."""
