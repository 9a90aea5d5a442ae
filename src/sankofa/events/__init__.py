"""Events run by local authorities: job fairs, B2B meetings, investment forums, information sessions."""
