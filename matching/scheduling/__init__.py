"""Meeting scheduler (issue 13, item 4): problem parsing and an independent constraint checker; solver to come."""
