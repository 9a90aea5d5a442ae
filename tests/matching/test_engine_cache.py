"""The fitted text engine is built from the committed sources into a cache keyed by their hash, never committed."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import matching.engine as engine_module
from matching.artefacts import build_once
from matching.engine import (
    PACKAGE_DIR,
    TextEngine,
    build_engine,
    fingerprint,
    read_engine,
    save_engine,
)
from matching.taxonomy import SHIPPED_ESCO_DIR, Taxonomy

ROOT = PACKAGE_DIR.parent


class _Part:
    """Stands for a fitted component (linker, extractor, index) in the quick fits."""


@pytest.fixture
def quick_fits(monkeypatch: pytest.MonkeyPatch) -> list[Taxonomy]:
    """Replace the minutes-long fit by an empty engine; the list records every fit."""
    fits: list[Taxonomy] = []

    def write(path: Path, *, folder: Path, key: str) -> None:
        fits.append(Taxonomy.load(folder))
        empty = TextEngine(fits[-1], *[_Part() for _ in range(4)], fingerprint=key)  # type: ignore[arg-type]
        save_engine(empty, path)

    monkeypatch.setattr(engine_module, "write_fitted_engine", write)
    return fits


def test_the_fitted_engine_is_not_tracked_by_git() -> None:
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    tracked = subprocess.run(
        ["git", "ls-files", "matching"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    assert tracked, "git ls-files listed nothing"
    assert [name for name in tracked if ".pkl" in name or name.endswith(".engine")] == []


def test_the_shipped_engine_is_loaded_from_the_cache_built_for_the_current_code(engine: TextEngine) -> None:
    assert engine.fingerprint == fingerprint(SHIPPED_ESCO_DIR)
    assert engine.taxonomy.occupations


def test_changed_engine_code_is_fitted_once_into_a_new_cache_file(tmp_path: Path, quick_fits: list[Taxonomy]) -> None:
    package = tmp_path / "matching"
    package.mkdir()
    for module in PACKAGE_DIR.glob("*.py"):
        shutil.copy(module, package / module.name)
    cache = tmp_path / "cache"

    first, built = build_engine(SHIPPED_ESCO_DIR, cache_dir=cache, package=package)
    assert built
    assert first.name == f"{fingerprint(SHIPPED_ESCO_DIR, package=package)}.engine"
    assert build_engine(SHIPPED_ESCO_DIR, cache_dir=cache, package=package) == (first, False)
    assert len(quick_fits) == 1

    with (package / "linking.py").open("a") as module:
        module.write("# a change to the linker\n")
    second, built = build_engine(SHIPPED_ESCO_DIR, cache_dir=cache, package=package)
    assert built
    assert second != first
    assert len(quick_fits) == 2
    assert sorted(cache.glob("*.engine")) == sorted([first, second])
    assert read_engine(second, quick_fits[-1]).fingerprint == second.name.removesuffix(".engine")

    with (package / "linking.py").open("a") as module:
        module.write("# another change\n")
    third, built = build_engine(SHIPPED_ESCO_DIR, cache_dir=cache, package=package)
    assert built
    assert sorted(cache.glob("*.engine")) == sorted([second, third]), "the oldest version's 140 MB file is deleted"
    assert not (cache / f"{first.name}.lock").exists()


def test_a_missing_engine_is_fitted_into_the_given_cache_then_loaded(
    tmp_path: Path, quick_fits: list[Taxonomy]
) -> None:
    loaded = engine_module._load_text_engine.__wrapped__(None, cache_dir=tmp_path)
    assert loaded.fingerprint == fingerprint(SHIPPED_ESCO_DIR)
    assert (tmp_path / f"{loaded.fingerprint}.engine").is_file()
    assert loaded.linker.occupations_ == loaded.taxonomy.occupations
    assert len(quick_fits) == 1


def test_a_failed_build_leaves_nothing_and_the_next_call_builds(tmp_path: Path) -> None:
    path = tmp_path / "artefact.bin"

    def fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("killed mid-build")

    with pytest.raises(RuntimeError):
        build_once(path, fail)
    assert [p.name for p in tmp_path.iterdir()] == ["artefact.bin.lock"]
    (tmp_path / ".artefact.bin.killed.tmp").write_bytes(b"a builder killed mid-write leaves this")
    assert build_once(path, lambda tmp: tmp.write_bytes(b"whole"))
    assert path.read_bytes() == b"whole"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["artefact.bin", "artefact.bin.lock"]


BUILDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from matching.artefacts import build_once

    path, log = Path(sys.argv[1]), Path(sys.argv[2])
    start = float(sys.argv[3])
    time.sleep(max(0.0, start - time.time()))  # every process asks at the same moment

    def write(tmp):
        with log.open("a") as out:
            out.write("built\\n")
        with tmp.open("wb") as out:
            for _ in range(20):  # slowly, so the others arrive while the file is half written
                out.write(b"x" * 50_000)
                out.flush()
                time.sleep(0.02)

    built = build_once(path, write)
    print(built, len(path.read_bytes()))
    """
)


def test_concurrent_builders_write_one_complete_file(tmp_path: Path) -> None:
    import time

    path = tmp_path / "cache" / "artefact.bin"
    log = tmp_path / "builds.log"
    start = time.time() + 1.5
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", BUILDER, str(path), str(log), str(start)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [process.communicate(timeout=60)[0].split() for process in processes]
    assert all(process.returncode == 0 for process in processes)
    assert log.read_text() == "built\n"
    assert sorted(outputs) == [["False", "1000000"]] * 3 + [["True", "1000000"]]
    assert sorted(p.name for p in path.parent.iterdir()) == ["artefact.bin", "artefact.bin.lock"]


def test_the_loaded_engine_reads_its_arrays_from_the_file_without_copying_them(engine: TextEngine) -> None:
    # Mapped read-only: every process that loads the file shares these pages, and none can change them for others.
    for array in (
        engine.linker.char_matrix_.data,
        engine.extractor.label_chars_t_.indices,
        engine.linker.chars_.lookup_,
    ):
        assert array is not None
        assert not array.flags.writeable
        assert not array.flags.owndata
    with pytest.raises(ValueError, match="read-only"):
        engine.linker.label_weight_[0] = 0.0


def test_a_saved_object_loads_back_equal_with_its_arrays_mapped(tmp_path: Path) -> None:
    import numpy as np
    import scipy.sparse as sp

    from matching import mapped

    matrix = sp.random(300, 200, density=0.1, format="csr", dtype=np.float32, random_state=0)
    fortran = np.asfortranarray(np.arange(6000, dtype=np.float64).reshape(100, 60))
    saved = {"matrix": matrix, "fortran": fortran, "again": fortran, "small": np.arange(3), "words": ["a", "b"]}
    mapped.dump(saved, tmp_path / "saved.bin")
    loaded = mapped.load(tmp_path / "saved.bin")
    assert (loaded["matrix"] != matrix).nnz == 0
    assert np.array_equal(loaded["fortran"], fortran) and loaded["fortran"].flags.f_contiguous
    assert loaded["again"] is loaded["fortran"]
    assert not loaded["matrix"].data.flags.writeable
    assert loaded["small"].flags.writeable  # small arrays are pickled as usual
    assert loaded["words"] == ["a", "b"]
