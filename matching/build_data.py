"""Build the data shipped inside the package: compressed ESCO and GeoNames copies, then the text engine's cache.

Usage: ``python -m matching.build_data --esco /work/shared/data/esco --geo /work/shared/data/geo``
Writes ``matching/data/{esco,geo}/*.csv.xz`` (byte-identical for identical input) and the attribution files, then
fits the engine for them into ``var/cache/engine/`` (not committed: ``make install`` builds it).
"""

from __future__ import annotations

import argparse
import lzma
import sys
import time
from pathlib import Path

from matching.engine import build_engine, default_cache_dir
from matching.taxonomy import ESCO_FILES, SHIPPED_ESCO_DIR

DATA_DIR = Path(__file__).resolve().parent / "data"
GEO_FILES = ("countries.csv", "regions.csv", "cities.csv", "iso3166_2_subdivisions.csv")

ESCO_ATTRIBUTION = """\
This service uses the ESCO classification of the European Commission.

ESCO v1.1.1 (EN + FR labels), https://esco.ec.europa.eu — reuse under the European Commission's reuse policy
(Decision 2011/833/EU), equivalent to CC BY 4.0. The files here are xz-compressed copies of a reshaped export
(multi-valued fields pipe-separated); see README.md for the exact sources.
"""
GEO_ATTRIBUTION = """\
Place data: GeoNames (https://www.geonames.org), licensed under CC BY 4.0 — "GeoNames, geonames.org".
Country names in French/Arabic and ISO 3166-2 subdivisions: Debian iso-codes via pycountry (LGPL-2.1).
The files here are xz-compressed copies; see README.md for the exact sources.
"""


def compress_folder(source: Path, target: Path, names: tuple[str, ...], attribution: str) -> int:
    """Copy ``names`` from ``source`` to ``target`` as ``.csv.xz`` plus README and ATTRIBUTION; return bytes."""
    target.mkdir(parents=True, exist_ok=True)
    total = 0
    for name in names:
        data = lzma.compress((source / name).read_bytes(), preset=9 | lzma.PRESET_EXTREME)
        (target / f"{name}.xz").write_bytes(data)
        total += len(data)
    readme = source / "README.md"
    if readme.exists():
        (target / "README.md").write_text(readme.read_text(encoding="utf-8"), encoding="utf-8")
    (target / "ATTRIBUTION.txt").write_text(attribution, encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``python -m matching.build_data``."""
    parser = argparse.ArgumentParser(prog="python -m matching.build_data", description=__doc__)
    parser.add_argument("--esco", type=Path, required=True, help="folder with the ESCO CSVs")
    parser.add_argument("--geo", type=Path, required=True, help="folder with the GeoNames CSVs")
    parser.add_argument("--no-engine", action="store_true", help="do not fit the text engine into its cache")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    esco_bytes = compress_folder(args.esco, SHIPPED_ESCO_DIR, ESCO_FILES, ESCO_ATTRIBUTION)
    geo_bytes = compress_folder(args.geo, DATA_DIR / "geo", GEO_FILES, GEO_ATTRIBUTION)
    print(f"esco: {esco_bytes / 1e6:.1f} MB, geo: {geo_bytes / 1e6:.1f} MB", file=sys.stderr)
    if not args.no_engine:
        path, _ = build_engine(SHIPPED_ESCO_DIR, cache_dir=default_cache_dir())
        print(f"engine: {path} ({path.stat().st_size / 1e6:.1f} MB)", file=sys.stderr)
    print(f"done in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
