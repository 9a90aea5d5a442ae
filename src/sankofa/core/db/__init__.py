"""The database: engine and sessions, the embedded server, migrations, column helpers."""
