"""Per-request state: who is asking, in which language, with which CSRF token. Set by `web.session_hooks`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from litestar import Request

from sankofa.identity.models import User
from sankofa.identity.sessions import LoadedSession
from sankofa.organisations.models import Organisation


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


def context_of(request: Request) -> RequestContext:
    return request.state.ctx


def client_ip(request: Request) -> str | None:
    """The visitor's address, for rate limits and audit rows.

    X-Forwarded-For is anyone's to write, so it is read only when the connection comes from a configured proxy
    (`SANKOFA_TRUSTED_PROXIES`); then the client is the nearest address in it that is not a trusted proxy.
    """
    peer = request.client.host if request.client else None
    trusted = _trusted_networks(request.app.state.settings.trusted_proxies)
    if peer is None or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop if _is_address(hop) else peer
    return peer


@lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[IPv4Network | IPv6Network, ...]:
    return tuple(ip_network(proxy, strict=False) for proxy in proxies)


def _is_address(text: str) -> bool:
    try:
        ip_address(text)
    except ValueError:
        return False
    return True


def _is_trusted(address: str, networks: tuple[IPv4Network | IPv6Network, ...]) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
