"""Meeting scheduler (issue 13, item 4): problem parsing, the solver, an independent checker, the ``schedule`` CLI."""
