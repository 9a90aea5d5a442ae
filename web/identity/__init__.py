"""Sign-up, login, the person's own account, the account API."""
