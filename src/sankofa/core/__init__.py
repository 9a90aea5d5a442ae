"""What every domain stands on: settings, errors, i18n, the database, audit, rate limits, mail, outbox."""
