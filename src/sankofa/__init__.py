"""Sankofa domain package."""
