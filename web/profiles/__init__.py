"""The returnee's profile pages and API."""
