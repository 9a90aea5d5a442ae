"""Build an artefact once into a content-addressed cache, safely when several processes start at once.

The web server's workers, the job worker and a test run may all find the artefact missing at the same moment: one
of them builds it under a file lock into a temporary file and renames it into place; the others wait on the lock
and then read the finished file. A reader never sees half a file, because a rename is atomic.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def build_once(path: Path, write: Callable[[Path], None]) -> bool:
    """Make sure ``path`` exists, calling ``write`` at most once across the processes that ask at the same time.

    Args:
        path: the artefact; its name should carry the content hash it was built from, so it is never stale.
        write: writes the artefact to the temporary path it is given (same folder, renamed onto ``path`` after).

    Returns:
        True when this call built the artefact, False when it was already there (or another process built it).
    """
    if path.exists():
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with (path.parent / f"{path.name}.lock").open("a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed, also when the process dies
        if path.exists():
            return False
        for leftover in path.parent.glob(f".{path.name}.*.tmp"):  # we hold the lock: its writer died
            leftover.unlink(missing_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(handle)
        tmp = Path(name)
        try:
            write(tmp)
            with tmp.open("rb") as written:
                os.fsync(written.fileno())  # the bytes are on disk before the name points at them
            tmp.chmod(0o644)  # mkstemp's 0600 would hide the artefact from a server running as another user
            tmp.replace(path)
        finally:
            tmp.unlink(missing_ok=True)
    return True
