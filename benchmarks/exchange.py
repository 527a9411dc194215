"""Sending and receiving visits: bundle export and import against a plain zip, and scale.

1. Export and import of 100 visits with 600 photos (about 1 MB each, as stored at
   2560 px), each against writing the same photo bytes into a ZIP_STORED zip in
   the same run. Target: each within 2x.
2. Importing a bundle of 1,000 visits (one photo each) into a database of 10,000,
   in a fresh process as `undercover import`. Target: under 10 s, peak memory under
   300 MB.

    python benchmarks/exchange.py [--part 1|2|all] [--folder DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import io
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from PIL import Image

from undercover.domain.visit import Answer, Location, Visit, VisitStatus
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.store import Store
from undercover.store.photo_intake import PreparedPhoto
from undercover.store.records import visit_ids


def noisy_jpeg(seed: int, size: tuple[int, int]) -> bytes:
    """A JPEG that compresses like a photo (noise, not a flat colour)."""
    rng = random.Random(seed)
    small = Image.frombytes("RGB", (size[0] // 8, size[1] // 8),
                            rng.randbytes(size[0] // 8 * size[1] // 8 * 3))
    image = small.resize(size, Image.Resampling.BILINEAR)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def fill(store: Store, visits: int, photos_each: int, size: tuple[int, int], offset: int = 0,
         location: str = "Harbour Street") -> int:
    """Visits with answers and photos; a few distinct JPEGs reused (as different photos)."""
    jpegs = [noisy_jpeg(n, size) for n in range(6)]
    thumb = noisy_jpeg(99, (320, 240))
    checklist = store.checklists.get("customer-centric")
    found = store.locations.find(location) or store.locations.add(Location(location))
    questions = [q.id for q in checklist.questions][:40]
    total = 0
    with store.db.atomic():
        for i in range(visits):
            when = f"2026-03-{1 + i % 28:02d}T10:00:00Z"
            visit = store.visits.create(Visit(
                found.id, checklist.key, checklist.version, scenario=f"Visit {offset + i}",
                evaluator_code="MS-001", started_at=when, ended_at=when,
                status=VisitStatus.COMPLETED,
                answers={q: Answer(q, 3.0, note="fine") for q in questions},
            ))
            for n in range(photos_each):
                data = jpegs[(i + n) % len(jpegs)]
                store.photos.add(visit.id, PreparedPhoto(
                    f"IMG_{n}.JPG", hashlib.sha256(f"{offset + i}/{n}".encode()).hexdigest(),
                    data, thumb, size[0], size[1], None,
                ))
                total += len(data) + len(thumb)
    return total


def sqlite_alone(folder: Path, bundle: Path) -> float:
    """The floor for any import into SQLite: the photo bytes read from the bundle once and
    inserted as blobs, nothing else (no hashing, no checks), with the settings the import
    uses (WAL, synchronous NORMAL, one transaction); closing included, as for the import."""
    import sqlite3

    path = folder / "blobs.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    with zipfile.ZipFile(bundle) as zf:
        names = [n for n in zf.namelist() if n.endswith(".jpg")]
        t = time.perf_counter()
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA journal_mode = wal")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("CREATE TABLE blobs (name TEXT PRIMARY KEY, data BLOB)")
        with conn:
            for name in names:
                conn.execute("INSERT INTO blobs VALUES (?, ?)", [name, zf.read(name)])
        conn.close()
        return time.perf_counter() - t


def part_one(folder: Path, rounds: int) -> None:
    source = folder / "shopper.db"
    source.unlink(missing_ok=True)
    with Store.open(source) as store:
        size = fill(store, 100, 6, (2560, 1920))
        ids = visit_ids(store.db)
        photo_ids = [p.id for v in ids for p in store.photos.list(v)]
    bundle = folder / "visits.undercover"
    zips, exports, imports, floors = [], [], [], []

    def plain_zip(store: Store) -> float:
        t = time.perf_counter()
        with open(folder / "plain.zip", "wb") as out, \
                zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as zf:
            for photo_id in photo_ids:
                zf.writestr(f"photos/{photo_id}.jpg", store.photos.jpeg(photo_id))
                zf.writestr(f"thumbnails/{photo_id}.jpg", store.photos.thumbnail(photo_id))
        return time.perf_counter() - t

    with Store.open(source) as store:
        plain_zip(store)  # warm the file cache, so neither side pays for the first read
    for n in range(rounds):  # the machine is shared: compare within each round, both orders
        with Store.open(source) as store:
            if n % 2:
                zips.append(plain_zip(store))
            t = time.perf_counter()
            export_bundle(store, ids, bundle)
            exports.append(time.perf_counter() - t)
            if not n % 2:
                zips.append(plain_zip(store))
        target = folder / "owner.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        with Store.open(target) as store:
            t = time.perf_counter()
            summary = import_bundles([bundle], store)
        imports.append(time.perf_counter() - t)  # closing included: the file is complete
        assert len(summary.added) == 100
        floors.append(sqlite_alone(folder, bundle))
    print(f"100 visits, {len(photo_ids)} photos, {size / 2**20:.0f} MB of JPEG "
          f"(bundle {bundle.stat().st_size / 2**20:.0f} MB), {rounds} rounds, medians:")
    zip_s = statistics.median(zips)
    ratios_e = statistics.median(e / z for e, z in zip(exports, zips, strict=True))
    ratios_i = statistics.median(i / z for i, z in zip(imports, zips, strict=True))
    print(f"plain ZIP_STORED zip of the same photos: {zip_s:.2f} s")
    print(f"export: {statistics.median(exports):.2f} s ({ratios_e:.2f}x the plain zip; "
          "target <= 2x)")
    print(f"import: {statistics.median(imports):.2f} s ({ratios_i:.2f}x the plain zip; "
          "target <= 2x)")
    ratios_f = statistics.median(f / z for f, z in zip(floors, zips, strict=True))
    above = statistics.median(i / f for i, f in zip(imports, floors, strict=True))
    print(f"the floor, SQLite alone storing the same photo bytes (WAL, synchronous NORMAL, "
          f"one transaction): {statistics.median(floors):.2f} s ({ratios_f:.2f}x the plain zip); "
          f"import / floor: {above:.2f}")
    print("rounds (zip, export, import, floor): " + "; ".join(
        f"{z:.1f} {e:.1f} {i:.1f} {f:.1f}" for z, e, i, f in zip(zips, exports, imports, floors,
                                                                   strict=True)))


def part_two(folder: Path) -> None:
    owner, shopper = folder / "owner10k.db", folder / "shopper1k.db"
    if not owner.exists():
        with Store.open(owner) as store:
            fill(store, 10_000, 0, (640, 480))
    shopper.unlink(missing_ok=True)
    with Store.open(shopper) as store:
        fill(store, 1_000, 1, (1600, 1200), offset=10_000, location="Market Square")
        bundle = folder / "thousand.undercover"
        export_bundle(store, visit_ids(store.db), bundle)
    work = folder / "owner-work.db"
    work.write_bytes(owner.read_bytes())
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "undercover", "import", "--db", str(work),
                    str(bundle)], check=True)
    wall = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"bundle of 1,000 visits with 1,000 photos: {bundle.stat().st_size / 2**20:.0f} MB")
    print(f"import into 10,000 visits: {wall:.1f} s (target < 10 s), "
          f"peak memory {peak:.0f} MB (target < 300 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["1", "2", "all"], default="all")
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="undercover-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    # The copy taken before each import goes here, not into your own backups folder.
    os.environ.setdefault("UNDERCOVER_HOME", str(folder / "home"))
    if args.part in ("1", "all"):
        part_one(folder, args.rounds)
    if args.part in ("2", "all"):
        part_two(folder)


if __name__ == "__main__":
    main()
