"""A real SMTP server (aiosmtpd) on loopback for tests: collects messages, can stall to simulate slow servers."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
import time
from dataclasses import dataclass, field
from email.message import EmailMessage

from aiosmtpd.controller import Controller


@dataclass
class SmtpSink:
    """Start/stop an SMTP server; `messages` holds what it accepted."""

    messages: list[EmailMessage] = field(default_factory=list)
    stall_seconds: float = 0.0
    port: int = 0

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def] # noqa: N802 - aiosmtpd hook name
        if self.stall_seconds:
            import asyncio

            await asyncio.sleep(self.stall_seconds)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def start(self) -> None:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller:
            self._controller.stop()

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def to(self, address: str) -> list[EmailMessage]:
        with self._lock:
            return [m for m in self.messages if address.lower() in str(m["To"]).lower()]

    def wait_for(self, address: str, *, count: int = 1, timeout: float = 15.0) -> list[EmailMessage]:
        """Block until `count` messages reached `address`; fail the test otherwise."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.to(address)
            if len(found) >= count:
                return found
            time.sleep(0.05)
        raise AssertionError(f"no mail for {address} within {timeout}s (got {len(self.to(address))})")


def text_body(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()  # type: ignore[no-any-return, union-attr]


def link_in(message: EmailMessage, path: str) -> str:
    """The path of the first link in the mail that starts with `path` (e.g. '/verify/')."""
    body = text_body(message)
    for word in body.split():
        if path in word:
            return word[word.index(path) :].strip()
    raise AssertionError(f"no {path} link in mail: {body}")
