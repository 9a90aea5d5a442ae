"""Autocomplete for skills, occupations and places."""
