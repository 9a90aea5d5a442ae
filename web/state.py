"""Per-request state: who is asking, in which language, with which CSRF token. Set by `web.session_hooks`."""

from __future__ import annotations

from dataclasses import dataclass, field

from litestar import Request

from sankofa.db.models import Organisation, User
from sankofa.services.web_sessions import LoadedSession


@dataclass
class RequestContext:
    """What handlers and templates know about the current visitor."""

    locale: str
    csrf_token: str
    session: LoadedSession | None = None
    anon_id: str | None = None
    new_cookies: dict[str, str] = field(default_factory=dict)
    clear_session_cookie: bool = False
    new_session_cookie: str | None = None
    organisation: Organisation | None = None

    @property
    def user(self) -> User | None:
        return self.session.user if self.session else None


def context_of(request: Request) -> RequestContext:  # type: ignore[type-arg]
    return request.state.ctx  # type: ignore[no-any-return]


def client_ip(request: Request) -> str | None:  # type: ignore[type-arg]
    return request.client.host if request.client else None
