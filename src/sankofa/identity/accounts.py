"""Sign-up, email verification, login with rate limits, password reset."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import audit, mail, ratelimit, validation
from sankofa.core.errors import InvalidToken, RateLimited, ValidationFailed
from sankofa.core.i18n import gettext as _
from sankofa.core.security import hash_password_off_loop, new_token, token_hash, verify_password_off_loop
from sankofa.core.settings import LOCALES, Settings
from sankofa.identity import sessions as web_sessions
from sankofa.identity.models import EmailToken, Role, TokenPurpose, User
from sankofa.organisations import lifecycle as organisations
from sankofa.organisations.models import OrgKind

VERIFY_HOURS = 48
RESET_HOURS = 2
LOGIN_WINDOW = 15 * 60
# Ten wrong passwords stop that IP for this account; ten in all (from anywhere) stop every IP the owner has not
# logged in from: the attacker is throttled, the owner, from a known IP and with the right password, is not.
LOGIN_FAILURES_PER_ACCOUNT_AND_IP = 10
LOGIN_FAILURES_PER_ACCOUNT = 10
LOGIN_ATTEMPTS_PER_IP = 60
KNOWN_IP_DAYS = 90
RESET_WINDOW = 60 * 60
RESETS_PER_ACCOUNT = 3
RESETS_PER_IP = 20
SIGNUPS_PER_IP = 30

SIGNUP_ROLES = (Role.RETURNEE, Role.EMPLOYER, Role.INVESTOR, Role.AUTHORITY, Role.PARTNER)
ORG_KIND_FOR_ROLE = {
    Role.EMPLOYER: OrgKind.EMPLOYER,
    Role.AUTHORITY: OrgKind.AUTHORITY,
    Role.PARTNER: OrgKind.PARTNER,
}


@dataclass
class SignUp:
    """What the sign-up form sends."""

    email: str
    password: str
    display_name: str
    role: str
    organisation_name: str = ""
    locale: str = "fr"


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    result = await session.exec(select(User).where(func.lower(User.email) == validation.normalise_email(email)))
    return result.one_or_none()


def _check_sign_up(data: SignUp) -> dict[str, str]:
    errors: dict[str, str] = {}
    email = validation.normalise_email(data.email)
    if message := validation.email_error(email):
        errors["email"] = message
    if message := validation.password_error(data.password):
        errors["password"] = message
    if message := validation.text_error(data.display_name, required=True, max_length=120):
        errors["display_name"] = message
    if data.role not in SIGNUP_ROLES:
        errors["role"] = _("Choose what you come to Sankofa for.")
    elif data.role in ORG_KIND_FOR_ROLE and (
        message := validation.text_error(data.organisation_name, required=True, max_length=200, min_length=2)
    ):
        errors["organisation_name"] = message
    return errors


async def _issue_token(session: AsyncSession, *, user: User, purpose: TokenPurpose, hours: int) -> str:
    token = new_token()
    assert user.id is not None
    session.add(
        EmailToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=token_hash(token),
            expires_at=datetime.now(UTC) + timedelta(hours=hours),
        )
    )
    return token


async def _send_verification(session: AsyncSession, *, user: User, settings: Settings) -> None:
    token = await _issue_token(session, user=user, purpose=TokenPurpose.VERIFY_EMAIL, hours=VERIFY_HOURS)
    assert user.email
    await mail.queue(
        session,
        to=user.email,
        template="verify_email",
        locale=user.locale or settings.default_locale,
        context={
            "name": user.display_name,
            "link": f"{settings.base_url}/verify/{token}",
            "hours": VERIFY_HOURS,
        },
    )


async def sign_up(session: AsyncSession, data: SignUp, *, settings: Settings, ip: str | None) -> User | None:
    """Create an account (and its organisation, unverified) and email a verification link.

    An address that already has an account gets a mail telling its owner instead, and the caller answers as for a
    new account: sign-up must not tell a stranger who is registered. Both paths do the same work (the rate limit,
    one argon2 hash, one mail).

    Returns:
        The new user, or None when the address already had an account.

    Raises:
        ValidationFailed: a field is wrong.
        RateLimited: too many sign-ups from this address.
    """
    if errors := _check_sign_up(data):
        raise ValidationFailed(errors)
    if ip and await ratelimit.hit(session, key=f"signup:ip:{ip}", window_seconds=RESET_WINDOW) > SIGNUPS_PER_IP:
        raise RateLimited(_("Too many attempts. Try again later."), retry_after=ratelimit.retry_after(RESET_WINDOW))
    password_hash = await hash_password_off_loop(data.password)
    existing = await user_by_email(session, data.email)
    if existing is not None:
        if existing.deleted_at is None and existing.email:
            await mail.queue(
                session,
                to=existing.email,
                template="account_exists",
                locale=existing.locale or settings.default_locale,
                context={
                    "name": existing.display_name,
                    "login_link": f"{settings.base_url}/login",
                    "reset_link": f"{settings.base_url}/forgot",
                },
            )
        await session.flush()
        return None
    user = User(
        email=validation.normalise_email(data.email),
        password_hash=password_hash,
        display_name=data.display_name.strip(),
        role=data.role,
        locale=data.locale if data.locale in LOCALES else settings.default_locale,
    )
    session.add(user)
    await session.flush()
    kind = ORG_KIND_FOR_ROLE.get(Role(data.role))
    if kind is not None:
        await organisations.create_for_owner(session, owner=user, kind=kind, name=data.organisation_name.strip())
    await _send_verification(session, user=user, settings=settings)
    await audit.record(session, action="account.created", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    await session.flush()
    return user


async def _consume_token(session: AsyncSession, *, token: str, purpose: TokenPurpose) -> EmailToken:
    result = await session.exec(select(EmailToken).where(EmailToken.token_hash == token_hash(token)).with_for_update())
    row = result.one_or_none()
    if row is None or row.purpose != purpose or row.used_at is not None or row.expires_at <= datetime.now(UTC):
        raise InvalidToken(_("This link is invalid, already used or expired. Ask for a new one."))
    row.used_at = datetime.now(UTC)
    return row


async def verify_email(session: AsyncSession, *, token: str) -> User:
    """Mark the email verified; the link works once."""
    row = await _consume_token(session, token=token, purpose=TokenPurpose.VERIFY_EMAIL)
    user = await session.get(User, row.user_id)
    assert user is not None
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    await session.flush()
    return user


async def resend_verification(session: AsyncSession, *, user: User, settings: Settings) -> None:
    if user.email_verified_at is None:
        await _send_verification(session, user=user, settings=settings)
        await session.flush()


async def authenticate(session: AsyncSession, *, email: str, password: str, ip: str | None) -> User:
    """Check credentials under per-account and per-IP limits.

    Raises:
        RateLimited: too many failures for this account or attempts from this IP.
        ValidationFailed: wrong email or password (one message for both, so accounts cannot be probed).
    """
    email = validation.normalise_email(email)
    account_key = f"login:account:{_account(email)}"
    pair_key = f"login:account:{_account(email)}:ip:{ip or '-'}"
    known_key = _known_ip_key(email, ip)
    too_many = _("Too many attempts. Wait %(minutes)s minutes and try again, or reset your password.")
    wait = ratelimit.retry_after(LOGIN_WINDOW)
    if ip and await ratelimit.hit(session, key=f"login:ip:{ip}", window_seconds=LOGIN_WINDOW) > LOGIN_ATTEMPTS_PER_IP:
        raise RateLimited(too_many % {"minutes": max(1, wait // 60)}, retry_after=wait)
    pair_failures = await ratelimit.count(session, key=pair_key, window_seconds=LOGIN_WINDOW)
    account_failures = await ratelimit.count(session, key=account_key, window_seconds=LOGIN_WINDOW)
    if pair_failures >= LOGIN_FAILURES_PER_ACCOUNT_AND_IP or (
        account_failures >= LOGIN_FAILURES_PER_ACCOUNT
        and not await ratelimit.marked_since(session, key=known_key, since=timedelta(days=KNOWN_IP_DAYS))
    ):
        raise RateLimited(too_many % {"minutes": max(1, wait // 60)}, retry_after=wait)
    user = await user_by_email(session, email) if email else None
    # Verified even for an unknown email (against a dummy hash), so timing does not tell which accounts exist.
    matches = await verify_password_off_loop(user.password_hash if user is not None else None, password)
    if user is None or user.deleted_at is not None or not matches:
        await ratelimit.hit(session, key=pair_key, window_seconds=LOGIN_WINDOW)
        await ratelimit.hit(session, key=account_key, window_seconds=LOGIN_WINDOW)
        raise ValidationFailed({"password": _("Wrong email or password.")}, message=_("Wrong email or password."))
    await ratelimit.clear(session, key=pair_key)
    await ratelimit.mark(session, key=known_key)
    return user


def _account(email: str) -> str:
    """How rate-limit rows name an account: a digest, so that they hold no address and any address fits."""
    return hashlib.sha256(email.encode()).hexdigest()[:32]


def _known_ip_key(email: str, ip: str | None) -> str:
    """The rate-limit row that remembers a successful login of this account from this IP (hashed: no IP kept)."""
    return "known:" + hashlib.sha256(f"{email}|{ip or '-'}".encode()).hexdigest()[:40]


async def request_password_reset(session: AsyncSession, *, email: str, settings: Settings, ip: str | None) -> None:
    """Email a reset link if the account exists; says nothing either way (no account probing)."""
    email = validation.normalise_email(email)
    if message := validation.email_error(email):
        raise ValidationFailed({"email": message})
    limited = ip and await ratelimit.hit(session, key=f"reset:ip:{ip}", window_seconds=RESET_WINDOW) > RESETS_PER_IP
    if (
        limited
        or await ratelimit.hit(session, key=f"reset:account:{_account(email)}", window_seconds=RESET_WINDOW)
        > RESETS_PER_ACCOUNT
    ):
        wait = ratelimit.retry_after(RESET_WINDOW)
        raise RateLimited(
            _("Too many attempts. Wait %(minutes)s minutes and try again, or reset your password.")
            % {"minutes": max(1, wait // 60)},
            retry_after=wait,
        )
    user = await user_by_email(session, email)
    if user is not None and user.deleted_at is None:
        token = await _issue_token(session, user=user, purpose=TokenPurpose.RESET_PASSWORD, hours=RESET_HOURS)
        await mail.queue(
            session,
            to=email,
            template="reset_password",
            locale=user.locale or settings.default_locale,
            context={
                "name": user.display_name,
                "link": f"{settings.base_url}/reset/{token}",
                "hours": RESET_HOURS,
            },
        )
    await session.flush()


async def check_reset_token(session: AsyncSession, *, token: str) -> None:
    """Raise InvalidToken unless the reset link can still be used (shown before the form)."""
    result = await session.exec(select(EmailToken).where(EmailToken.token_hash == token_hash(token)))
    row = result.one_or_none()
    if row is None or row.purpose != TokenPurpose.RESET_PASSWORD or row.used_at or row.expires_at <= datetime.now(UTC):
        raise InvalidToken(_("This link is invalid, already used or expired. Ask for a new one."))


async def reset_password(session: AsyncSession, *, token: str, password: str, ip: str | None) -> User:
    """Set a new password from a reset link; ends every session of the account."""
    if message := validation.password_error(password):
        raise ValidationFailed({"password": message})
    row = await _consume_token(session, token=token, purpose=TokenPurpose.RESET_PASSWORD)
    user = await session.get(User, row.user_id)
    assert user is not None and user.id is not None
    user.password_hash = await hash_password_off_loop(password)
    # Receiving the link proves the address.
    user.email_verified_at = user.email_verified_at or datetime.now(UTC)
    await expire_reset_links(session, user_id=user.id)
    await web_sessions.end_all_for(session, user_id=user.id)
    await ratelimit.clear(session, key=f"login:account:{_account(user.email or '')}")
    await ratelimit.clear(session, key=f"login:account:{_account(user.email or '')}:ip:{ip or '-'}")
    await audit.record(session, action="account.password_reset", actor_user_id=user.id, subject_user_id=user.id, ip=ip)
    await session.flush()
    return user


async def expire_reset_links(session: AsyncSession, *, user_id: int) -> None:
    """Every reset link of the account still outstanding stops working: the password they would reset is gone.

    Called by every change of password (today only the reset itself), so an older mailed link cannot undo it.
    """
    await session.exec(
        update(EmailToken)
        .where(
            col(EmailToken.user_id) == user_id,
            col(EmailToken.purpose) == TokenPurpose.RESET_PASSWORD,
            col(EmailToken.used_at).is_(None),
        )
        .values(used_at=datetime.now(UTC))
    )


async def set_locale(session: AsyncSession, *, user: User, locale: str) -> None:
    if locale in LOCALES:
        user.locale = locale
        session.add(user)
        await session.flush()


async def update_account(session: AsyncSession, *, user: User, display_name: str, locale: str) -> User:
    """Change the name shown to others and the interface language."""
    errors: dict[str, str] = {}
    if message := validation.text_error(display_name, required=True, max_length=120):
        errors["display_name"] = message
    if locale not in LOCALES:
        errors["locale"] = _("Choose a language from the list.")
    if errors:
        raise ValidationFailed(errors)
    user.display_name = display_name.strip()
    user.locale = locale
    session.add(user)
    await session.flush()
    return user
