"""A pickle whose numpy arrays are memory-mapped from the file: processes that load it share their pages.

Layout: ``MAGIC``, the offset of the array section (8 bytes, little-endian), the pickle, then every array's raw
bytes, each aligned to ``ALIGN``. In the pickle an array is a persistent reference ``(offset, dtype, shape,
order)``; loading maps the file once (read-only) and gives each array as a view of that map. The pages are the
kernel's page cache, so N web workers hold one copy of the arrays, not N, and loading them costs no copy at all.
Only arrays of at least ``MIN_BYTES`` are mapped (a view has a fixed cost); object arrays are pickled as usual.

The arrays loaded are read-only: code that writes into a fitted array raises instead of changing the others'.
"""

from __future__ import annotations

import io
import mmap
import pickle
from pathlib import Path
from typing import Any

import numpy as np

MAGIC = b"SKMAP\x00\x01\x00"
ALIGN = 64
MIN_BYTES = 4096
_HEADER = len(MAGIC) + 8


def _aligned(offset: int) -> int:
    return -(-offset // ALIGN) * ALIGN


class _Pickler(pickle.Pickler):
    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.arrays: list[np.ndarray] = []
        self.offsets: list[int] = []
        self._seen: dict[int, tuple[int, str, tuple[int, ...], str]] = {}
        self._end = 0

    def persistent_id(self, obj: Any) -> tuple[int, str, tuple[int, ...], str] | None:
        if type(obj) is not np.ndarray or obj.dtype.hasobject or obj.nbytes < MIN_BYTES:
            return None
        reference = self._seen.get(id(obj))  # an array reached twice is stored once (and stays one object)
        if reference is None:
            order = "F" if obj.flags.f_contiguous and not obj.flags.c_contiguous else "C"
            offset = _aligned(self._end)
            reference = (offset, obj.dtype.str, tuple(obj.shape), order)
            self._seen[id(obj)] = reference
            self.arrays.append(obj)  # also keeps obj alive, so its id is not reused while pickling
            self.offsets.append(offset)
            self._end = offset + obj.nbytes
        return reference


def dump(obj: object, path: Path) -> None:
    """Write ``obj`` to ``path``: its arrays raw and aligned after the pickle of the rest."""
    buffer = io.BytesIO()
    pickler = _Pickler(buffer)
    pickler.dump(obj)
    header = buffer.getvalue()
    start = _aligned(_HEADER + len(header))
    with path.open("wb") as out:
        out.write(MAGIC)
        out.write(start.to_bytes(8, "little"))
        out.write(header)
        for array, offset in zip(pickler.arrays, pickler.offsets, strict=True):
            out.seek(start + offset)
            out.write(np.asarray(array, order="A").tobytes(order="A"))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: io.BufferedIOBase, mapped: mmap.mmap, start: int) -> None:
        super().__init__(file)
        self.mapped, self.start = mapped, start
        self._loaded: dict[int, np.ndarray] = {}

    def persistent_load(self, pid: Any) -> np.ndarray:
        offset, dtype, shape, order = pid
        array = self._loaded.get(offset)  # one array reached twice when saved is one array again
        if array is None:
            count = int(np.prod(shape, dtype=np.int64))
            flat = np.frombuffer(self.mapped, dtype=np.dtype(dtype), count=count, offset=self.start + offset)
            array = self._loaded[offset] = flat.reshape(shape, order=order)
        return array


def load(path: Path) -> Any:
    """Read an object written by :func:`dump` (only ever our own files: it is a pickle)."""
    with path.open("rb") as file:
        if file.read(len(MAGIC)) != MAGIC:
            raise ValueError(f"{path} is not a mapped pickle")
        start = int.from_bytes(file.read(8), "little")
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)  # stays open while arrays view it
        return _Unpickler(file, mapped, start).load()
