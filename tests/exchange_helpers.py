"""Databases with visits and photos, and a way to compare two databases' contents."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

from PIL import Image

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Answer, Finding, Location, Visit
from undercover.store import Store
from undercover.store.photo_intake import prepare_photo


def jpeg(seed: int, size=(160, 120)) -> bytes:
    """A small real JPEG, different for each seed."""
    out = BytesIO()
    Image.new("RGB", size, ((seed * 37) % 256, (seed * 91) % 256, (seed * 53) % 256)).save(
        out, "JPEG", quality=90
    )
    return out.getvalue()


def add_visit(
    store: Store,
    location: str = "Harbour Street",
    photos: int = 1,
    seed: int = 0,
    code: str = "MS-014",
) -> Visit:
    """A visit with two answers, a finding with a photo as evidence, and ``photos`` photos."""
    found = store.locations.find(location) or store.locations.add(Location(location))
    checklist = store.checklists.get("customer-centric")
    visit = store.visits.create(Visit(
        found.id, checklist.key, checklist.version, scenario=f"Bought a coffee ({seed})",
        evaluator_code=code, started_at="2026-03-14T10:15:00+01:00",
        answers={"greeting": Answer("greeting", 2.0, note=f"slow {seed}"),
                 "used_name": Answer("used_name", na=True)},
    ))
    added = [
        store.photos.add(visit.id, prepare_photo(jpeg(seed * 10 + n), f"IMG_{n}.JPG"),
                         caption=f"photo {n}").photo
        for n in range(photos)
    ]
    store.visits.save_finding(visit.id, Finding(
        kind=FindingKind.LEAK, summary=f"Nobody said hello ({seed})",
        photo_ids=[p.id for p in added[:1]],
    ))
    return store.visits.get(visit.id)


def contents(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table that holds visits and what they need, photo bytes hashed.

    Leaves out what is each database's own: its machine id, its migration log and when
    it stored the bundled checklists.
    """
    with Store.open(path, create=False) as store:
        db = store.db
        tables = [t for t in db.table_names() if not t.startswith("_")]
        result = {}
        for table in tables:
            rows = []
            # When this database stored a bundled checklist is its own; the checklist is not.
            columns = "key, version, title, audience, definition, sha256" if (
                table == "checklists") else "*"
            for row in db.execute(f"SELECT {columns} FROM [{table}]").fetchall():
                if table == "settings" and row[0] == "machine_id":
                    continue
                rows.append(tuple(
                    hashlib.sha256(v).hexdigest() if isinstance(v, bytes) else v for v in row
                ))
            result[table] = sorted(rows, key=repr)
        return result
