"""Database: engine, models."""
