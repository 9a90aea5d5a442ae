"""Settings read once from the environment (SANKOFA_*). No os.environ anywhere else."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
LOCALES = ("fr", "en", "ar")
RTL_LOCALES = frozenset({"ar"})


class SettingsError(RuntimeError):
    """A required setting is missing or invalid."""


def _bool(value: str | None, *, default: bool = False) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Every knob of Sankofa. Documented in README.md under Configuration."""

    env: str = "development"
    """`development`, `test` or `production`; production demands an explicit secret key."""
    database_url: str | None = None
    """PostgreSQL URL (postgresql://...). Unset: an embedded PostgreSQL under var/pg is started."""
    broker_url: str | None = None
    """Dramatiq broker: redis://... for Redis; unset or postgresql://... for PostgreSQL (the app's database)."""
    secret_key: str = ""
    """Key for signing tokens. Generated and kept in var/secret_key in development; required in production."""
    smtp_host: str | None = None
    """SMTP server host. Unset in development: mails land in the admin outbox page instead."""
    smtp_port: int = 25
    """SMTP server port."""
    smtp_user: str | None = None
    """SMTP login, if the server wants one."""
    smtp_password: str | None = None
    """SMTP password."""
    smtp_starttls: bool = False
    """Upgrade the SMTP connection with STARTTLS."""
    mail_from: str = "Sankofa <no-reply@sankofa.local>"
    """From address of outgoing mail."""
    base_url: str = "http://127.0.0.1:8000"
    """Public URL of the site, used in links inside emails."""
    default_locale: str = "fr"
    """Locale used when neither the user's setting nor Accept-Language picks one."""
    debug: bool = False
    """Litestar debug mode (tracebacks in responses). Never in production."""
    host: str = "127.0.0.1"
    """Interface the web server binds to."""
    port: int = 8000
    """Port the web server binds to."""
    var_dir: Path = field(default_factory=lambda: PROJECT_ROOT / "var")
    """Folder for local state: embedded PostgreSQL data, generated secret key."""
    engine_cache: Path | None = None
    """Folder of the fitted text engine (<fingerprint>.engine); None: var/cache/engine of the checkout."""
    max_body_bytes: int = 1_000_000
    """Largest request body accepted on ordinary routes (413 beyond)."""
    import_max_bytes: int = 45_000_000
    """Largest vacancy CSV an employer may upload (the upload route's own body limit); 100,000 rows is ~40 MB."""
    session_days: int = 14
    """Lifetime of a login session, in days."""
    session_idle_minutes: int = 120
    """A session unused for this long ends (ASVS 3.3.2); the next request asks to log in again."""
    search_database_url: str | None = None
    """A read replica for the job search (page and API); None: the main database. See docs/scaling.md."""
    search_cache_entries: int = 2000
    """Anonymous job searches each web process answers from memory until a vacancy or employer changes; 0: off."""
    db_pool_size: int = 8
    """Database connections each web process keeps; a request waits at most db_pool_timeout for one."""
    db_pool_timeout: float = 5.0
    """Seconds a request waits for a free database connection before it is answered 503 (retry shortly)."""
    secure_cookies: bool = False
    """Mark cookies Secure (set when served over HTTPS)."""
    seed_demo: bool = True
    """Load demo organisations and users on first start of `sankofa run`."""
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or CIDR networks of reverse proxies whose X-Forwarded-For is believed; none by default."""

    @property
    def uses_redis(self) -> bool:
        return bool(self.broker_url and self.broker_url.startswith(("redis://", "rediss://")))

    @property
    def is_production(self) -> bool:
        return self.env == "production"


def _secret_key(env: str, var_dir: Path, given: str | None) -> str:
    if given:
        return given
    if env == "production":
        raise SettingsError("SANKOFA_SECRET_KEY is required in production")
    path = var_dir / "secret_key"
    if path.exists():
        return path.read_text().strip()
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Build settings from an environment mapping (the process environment by default)."""
    env_map = dict(os.environ) if environ is None else environ

    def get(name: str) -> str | None:
        value = env_map.get(f"SANKOFA_{name}")
        return value if value not in (None, "") else None

    env = get("ENV") or "development"
    var_dir = Path(get("VAR_DIR") or PROJECT_ROOT / "var")
    locale = get("DEFAULT_LOCALE") or "fr"
    if locale not in LOCALES:
        raise SettingsError(f"SANKOFA_DEFAULT_LOCALE must be one of {', '.join(LOCALES)}")
    return Settings(
        env=env,
        database_url=get("DATABASE_URL"),
        broker_url=get("BROKER_URL"),
        secret_key=_secret_key(env, var_dir, get("SECRET_KEY")),
        smtp_host=get("SMTP_HOST"),
        smtp_port=int(get("SMTP_PORT") or 25),
        smtp_user=get("SMTP_USER"),
        smtp_password=get("SMTP_PASSWORD"),
        smtp_starttls=_bool(get("SMTP_STARTTLS")),
        mail_from=get("MAIL_FROM") or "Sankofa <no-reply@sankofa.local>",
        base_url=(get("BASE_URL") or f"http://127.0.0.1:{get('PORT') or 8000}").rstrip("/"),
        default_locale=locale,
        debug=_bool(get("DEBUG")),
        host=get("HOST") or "127.0.0.1",
        port=int(get("PORT") or 8000),
        var_dir=var_dir,
        engine_cache=Path(cache) if (cache := get("ENGINE_CACHE")) else None,
        max_body_bytes=int(get("MAX_BODY_BYTES") or 1_000_000),
        import_max_bytes=int(get("IMPORT_MAX_BYTES") or 45_000_000),
        session_days=int(get("SESSION_DAYS") or 14),
        session_idle_minutes=int(get("SESSION_IDLE_MINUTES") or 120),
        search_database_url=get("SEARCH_DATABASE_URL") or None,
        search_cache_entries=int(get("SEARCH_CACHE_ENTRIES") or 2000),
        db_pool_size=int(get("DB_POOL_SIZE") or 8),
        db_pool_timeout=float(get("DB_POOL_TIMEOUT") or 5.0),
        secure_cookies=_bool(get("SECURE_COOKIES"), default=env == "production"),
        seed_demo=_bool(get("SEED_DEMO"), default=True),
        trusted_proxies=_networks(get("TRUSTED_PROXIES")),
    )


def _networks(value: str | None) -> tuple[str, ...]:
    """Comma-separated addresses or CIDR networks, each checked (a typo must not silently trust nobody)."""
    import ipaddress

    found = tuple(part.strip() for part in (value or "").split(",") if part.strip())
    for network in found:
        try:
            ipaddress.ip_network(network, strict=False)
        except ValueError as exc:
            raise SettingsError(f"SANKOFA_TRUSTED_PROXIES: {network!r} is not an address or a network") from exc
    return found


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once."""
    return load_settings()
