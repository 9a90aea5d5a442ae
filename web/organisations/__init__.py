"""Organisation pages: members, verification (admin), employer profile, API keys."""
