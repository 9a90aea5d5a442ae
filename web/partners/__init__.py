"""Partner caseworkers' pages."""
