"""Outgoing mail: rendered in the recipient's language, stored, then sent by the `mail.send` job."""

from __future__ import annotations

import asyncio
import smtplib
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from sqlmodel import select
from sqlmodel.ext.asyncio.session import AsyncSession

from sankofa.core import i18n, outbox
from sankofa.core.db.transaction import checkpoint
from sankofa.core.models import Mail, MailStatus
from sankofa.core.settings import Settings

TEMPLATE_DIR = Path(__file__).resolve().parent / "mail_templates"


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


def render(template: str, *, locale: str, context: dict[str, Any]) -> tuple[str, str, str]:
    """Subject, text body and HTML body of `mail_templates/<template>.*` in `locale`."""
    env = _env()
    with i18n.use_locale(locale):
        ctx = {**context, "locale": locale, "rtl": i18n.is_rtl(locale)}
        subject = env.get_template(f"{template}.subject.txt").render(ctx).strip()
        text_body = env.get_template(f"{template}.txt").render(ctx)
        html_body = env.get_template("layout.html").render({**ctx, "subject": subject, "body": text_body})
    return subject, text_body, html_body


async def queue(
    session: AsyncSession,
    *,
    to: str,
    template: str,
    locale: str,
    context: dict[str, Any],
    headers: dict[str, str] | None = None,
    attachments: list[dict[str, str]] | None = None,
) -> Mail:
    """Store a mail and schedule its sending in the caller's transaction.

    `headers` are extra ones (e.g. List-Unsubscribe on digests); `attachments` text files
    ({"filename", "content_type", "content"}), e.g. a calendar entry.
    """
    subject, text_body, html_body = render(template, locale=locale, context=context)
    mail = Mail(
        to_address=to,
        subject=subject,
        body_text=text_body,
        body_html=html_body,
        headers=headers or {},
        attachments=attachments or [],
    )
    session.add(mail)
    await session.flush()
    await outbox.add(session, actor="mail.send", args={"mail_id": str(mail.id)})
    return mail


def _send_smtp(settings: Settings, mail: Mail) -> None:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = mail.to_address
    message["Subject"] = mail.subject
    # A stable Message-ID lets receiving systems drop a duplicate if a crash makes us send twice.
    message["Message-ID"] = make_msgid(idstring=str(mail.id), domain="sankofa")
    for name, value in (mail.headers or {}).items():
        message[name] = value
    message.set_content(mail.body_text)
    if mail.body_html:
        message.add_alternative(mail.body_html, subtype="html")
    for attachment in mail.attachments or []:
        # Text files only (a calendar entry): "text/calendar; method=REQUEST" → subtype and parameters.
        kind, *options = (part.strip() for part in attachment["content_type"].split(";"))
        params = dict(option.split("=", 1) for option in options if "=" in option)
        message.add_attachment(
            attachment["content"],
            subtype=kind.partition("/")[2] or "plain",
            filename=attachment["filename"],
            params=params,
        )
    assert settings.smtp_host
    with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=30) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_user:
            smtp.login(settings.smtp_user, settings.smtp_password or "")
        smtp.send_message(message)


async def deliver(session: AsyncSession, *, mail_id: uuid.UUID, settings: Settings) -> str:
    """Send one stored mail unless already done; returns the final status. Idempotent."""
    result = await session.exec(select(Mail).where(Mail.id == mail_id).with_for_update())
    mail = result.one_or_none()
    if mail is None or mail.status in (MailStatus.SENT, MailStatus.HELD):
        return mail.status if mail else "missing"
    mail.attempts += 1
    if not settings.smtp_host:
        mail.status = MailStatus.HELD
    else:
        try:
            await asyncio.to_thread(_send_smtp, settings, mail)
        except (OSError, smtplib.SMTPException) as exc:
            mail.last_error = str(exc)[:500]
            await checkpoint(session)
            raise
        mail.status = MailStatus.SENT
        mail.sent_at = datetime.now(UTC)
    await session.flush()
    return mail.status


async def held(session: AsyncSession, *, limit: int = 100) -> list[Mail]:
    """Mails kept for the admin outbox page (no SMTP configured), newest first."""
    result = await session.exec(
        select(Mail).where(Mail.status == MailStatus.HELD).order_by(Mail.created_at.desc()).limit(limit)  # type: ignore[attr-defined]
    )
    return list(result.all())
