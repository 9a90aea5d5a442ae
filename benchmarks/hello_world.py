"""The framework ceiling for benchmarks/bench_load.py: a Litestar app that answers "hello" and does nothing else."""

from __future__ import annotations

from litestar import Litestar, get


@get("/", sync_to_thread=False)
def hello() -> str:
    return "hello"


app = Litestar([hello])
