"""Configuration comes from the environment; production refuses to start without a secret key."""

from __future__ import annotations

import pytest

from sankofa.core.settings import SettingsError, load_settings


def test_production_requires_a_secret_key(tmp_path):
    with pytest.raises(SettingsError, match="SANKOFA_SECRET_KEY"):
        load_settings({"SANKOFA_ENV": "production", "SANKOFA_VAR_DIR": str(tmp_path)})


def test_development_generates_a_secret_key_once_and_keeps_it(tmp_path):
    first = load_settings({"SANKOFA_VAR_DIR": str(tmp_path)})
    second = load_settings({"SANKOFA_VAR_DIR": str(tmp_path)})
    assert len(first.secret_key) > 40 and first.secret_key == second.secret_key
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


def test_every_variable_is_read(tmp_path):
    settings = load_settings(
        {
            "SANKOFA_VAR_DIR": str(tmp_path),
            "SANKOFA_DATABASE_URL": "postgresql://db/x",
            "SANKOFA_BROKER_URL": "redis://r:6379/0",
            "SANKOFA_SMTP_HOST": "smtp",
            "SANKOFA_SMTP_PORT": "2525",
            "SANKOFA_BASE_URL": "https://sankofa.example/",
            "SANKOFA_DEFAULT_LOCALE": "ar",
            "SANKOFA_DEBUG": "true",
            "SANKOFA_PORT": "9000",
        }
    )
    assert settings.uses_redis and settings.smtp_port == 2525 and settings.debug
    assert settings.base_url == "https://sankofa.example" and settings.default_locale == "ar"
    assert settings.port == 9000


def test_unknown_default_locale_is_refused(tmp_path):
    with pytest.raises(SettingsError):
        load_settings({"SANKOFA_VAR_DIR": str(tmp_path), "SANKOFA_DEFAULT_LOCALE": "de"})


def test_settings_are_only_read_in_the_settings_module():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        str(path.relative_to(root))
        for folder in ("src", "web", "matching")
        for path in (root / folder).rglob("*.py")
        # cli.py and matching's engine.py hand the environment on to child processes; embedded.py sets one.
        if "os.environ" in path.read_text() and path.name not in {"settings.py", "cli.py", "embedded.py", "engine.py"}
    ]
    assert offenders == []
