"""Vacancies: the fields, posting and publishing, who sees them, the HR-system API, moderation."""
