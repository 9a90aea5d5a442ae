"""`sankofa web --preload`: load the app and the text engine once, then fork the uvicorn workers from that process.

uvicorn spawns its workers: each imports the app and loads the engine on its own, and each holds its own copy of
their Python objects (~300 MB). Forked workers share the parent's pages until they write to them; `gc.freeze()`
moves what is loaded out of the collector's reach, so collections do not write to every object either. What a
worker changes later (caches, the objects a request touches) becomes its own, page by page.

A worker that dies is forked again from the loaded parent at once; SIGINT/SIGTERM stop every worker gracefully.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import signal
import socket
from collections.abc import Callable
from types import FrameType

import uvicorn

logger = logging.getLogger(__name__)


def load_engine() -> None:
    """What every worker would otherwise load on its own at start-up: the text engine, places, the term space."""
    from sankofa.ranking import index as ranking_index
    from sankofa.reference import vocabulary

    vocabulary.warm_up()
    ranking_index.term_space()


def _fork(config: uvicorn.Config, sock: socket.socket) -> int:
    pid = os.fork()
    if pid == 0:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        code = 0
        try:
            uvicorn.Server(config).run(sockets=[sock])
        except BaseException:
            logger.exception("web worker %d failed", os.getpid())
            code = 1
        finally:
            os._exit(code)  # never return into the parent's code
    return pid


def serve(app: str, *, host: str, port: int, workers: int, preload: Callable[[], None] = load_engine) -> None:
    """Serve `app` ("module:attribute") on host:port with `workers` forked uvicorn workers until SIGINT/SIGTERM.

    Args:
        app: the ASGI app's import path.
        host: address to bind.
        port: port to bind.
        workers: number of worker processes.
        preload: called once in this process, after the app is imported and before the workers are forked.
    """
    config = uvicorn.Config(app, host=host, port=port, proxy_headers=False, log_level="info")
    config.load()  # imports the app here, once
    sock = config.bind_socket()
    preload()
    gc.collect()
    gc.freeze()
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):  # it has just exited
                os.kill(pid, signal.SIGTERM)

    children = {_fork(config, sock) for _ in range(workers)}
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    logger.info("web: %d workers forked from %d after loading the engine", workers, os.getpid())
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            logger.warning("web worker %d exited (status %d): forking another", pid, status)
            children.add(_fork(config, sock))
    sock.close()
