"""Bulk vacancy imports: uploads, the worker's run, the error report."""
