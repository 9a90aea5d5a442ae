"""Sankofa matching engine (pure)."""
