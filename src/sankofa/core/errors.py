"""Domain errors. The web layer maps each to an HTTP status and a page or JSON body in one place."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user may see. `message` is already translated."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationFailed(DomainError):
    """One or more fields are wrong; `errors` maps field name to a translated message."""

    status = 422

    def __init__(self, errors: dict[str, str], message: str | None = None) -> None:
        from sankofa.core.i18n import gettext as _

        super().__init__(message or _("Please correct the highlighted fields."))
        self.errors = errors


class NotAuthenticated(DomainError):
    """Wrong credentials given to the API (a form shows them as a field error instead)."""

    status = 401


class NotFound(DomainError):
    status = 404


class PermissionDenied(DomainError):
    status = 403


class Conflict(DomainError):
    status = 409


class RateLimited(DomainError):
    status = 429

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidToken(DomainError):
    """An emailed link is unknown, used or expired."""

    status = 400
