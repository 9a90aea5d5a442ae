"""Returnee profiles: editing, items, who sees which part, contact with employers, erasure."""
