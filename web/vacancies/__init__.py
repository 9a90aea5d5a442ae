"""Vacancy pages, the HR-system API, moderation."""
