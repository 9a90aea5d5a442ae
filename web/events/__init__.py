"""Events: public pages, participants' registrations, organisers' pages."""
