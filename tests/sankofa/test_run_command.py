"""`sankofa run` (what `make run` calls): embedded PostgreSQL, migrations, seed, web and worker; Ctrl-C stops all."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import psutil

from tests.conftest import ROOT


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(var_dir, port: int) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if not key.startswith("SANKOFA_")}
    env.update({"SANKOFA_VAR_DIR": str(var_dir), "SANKOFA_PORT": str(port)})
    return subprocess.Popen(
        [sys.executable, "-m", "sankofa", "run"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _get(url: str, timeout: float = 60.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} never answered")


def _postgres_running(data_dir) -> bool:
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(data_dir) in " ".join(process.info["cmdline"] or []):
            return True
    return False


def _stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=60) == 0


def test_run_serves_french_and_arabic_then_stops_everything_and_starts_again(tmp_path):
    var_dir = tmp_path / "var"
    port = _free_port()
    first = _start(var_dir, port)
    try:
        # The first start creates the embedded cluster, migrates and seeds the demo: about 40 s alone, and more
        # than a minute inside the whole suite, whose coverage also measures these child processes.
        home = _get(f"http://127.0.0.1:{port}/", timeout=240.0)
        assert '<html lang="fr" dir="ltr">' in home
        assert '<html lang="ar" dir="rtl">' in _get(f"http://127.0.0.1:{port}/?lang=ar")
        ready = _get(f"http://127.0.0.1:{port}/health/ready")
        assert '"broker":"ok"' in ready
    finally:
        _stop(first)
    assert not _postgres_running(var_dir / "pg"), "the embedded PostgreSQL outlived Ctrl-C"

    second = _start(var_dir, port)  # no stale server or lock blocks a second start
    try:
        assert "Sankofa" in _get(f"http://127.0.0.1:{port}/about")
    finally:
        _stop(second)
    assert not _postgres_running(var_dir / "pg")
