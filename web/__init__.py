"""Sankofa web app."""
