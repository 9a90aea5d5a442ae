"""`sankofa web --preload`: workers forked from a parent that loaded once answer, are replaced, and stop together."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import httpx

APP = textwrap.dedent(
    """
    import os

    LOADED = {"by": None}


    def preload():
        LOADED["by"] = os.getpid()


    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        body = f"{os.getpid()} {LOADED['by']}".encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": body})
    """
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str, *, until: int, seconds: float = 30) -> dict[int, int]:
    """Worker pid → pid of the process that ran `preload`, for every worker seen answering (at least `until`)."""
    seen: dict[int, int] = {}
    deadline = time.monotonic() + seconds
    while len(seen) < until and time.monotonic() < deadline:
        try:
            # A new connection each time, so the kernel may hand it to either worker.
            worker, loader = httpx.get(url, timeout=2).text.split()
            seen[int(worker)] = int(loader)
        except httpx.HTTPError:
            time.sleep(0.1)
    return seen


def test_preforked_workers_share_what_the_parent_loaded_and_are_replaced_when_they_die(tmp_path: Path) -> None:
    (tmp_path / "tiny_app.py").write_text(APP)
    port = _free_port()
    code = (
        "import tiny_app; from sankofa import prefork; "
        f"prefork.serve('tiny_app:app', host='127.0.0.1', port={port}, workers=2, preload=tiny_app.preload)"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), *sys.path])}
    parent = subprocess.Popen([sys.executable, "-c", code], cwd=tmp_path, env=env)
    url = f"http://127.0.0.1:{port}/"
    try:
        first = _answers(url, until=2)
        assert len(first) == 2
        assert set(first.values()) == {parent.pid}, "preload ran in the parent, before the workers were forked"

        dead = next(iter(first))
        os.kill(dead, signal.SIGKILL)
        time.sleep(0.5)
        after = _answers(url, until=2)
        assert dead not in after
        assert len(after) == 2
        assert set(after.values()) == {parent.pid}
    finally:
        parent.send_signal(signal.SIGTERM)
        assert parent.wait(timeout=20) == 0
    for worker in [*first, *after]:
        assert not Path(f"/proc/{worker}").exists() or "Z" in Path(f"/proc/{worker}/stat").read_text().split()[2]


def test_sankofa_web_forks_preloaded_workers_by_default_when_it_runs_more_than_one():
    from sankofa.cli import build_parser, forks_preloaded_workers

    parse = build_parser().parse_args
    assert forks_preloaded_workers(parse(["web", "--workers", "2"]))
    assert not forks_preloaded_workers(parse(["web"])), "one worker: nothing to share, uvicorn serves it alone"
    assert not forks_preloaded_workers(parse(["web", "--workers", "2", "--no-preload"]))
    assert forks_preloaded_workers(parse(["web", "--preload"]))
