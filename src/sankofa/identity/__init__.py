"""People's accounts: sign-up, login, sessions, their rights over their data (export, deletion)."""
