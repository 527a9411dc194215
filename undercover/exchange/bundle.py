"""Writing .undercover bundles: chosen visits with all they need, in one zip file.

A bundle holds ``manifest.json`` (format, app version, when, which machine,
counts, and the sha256 and size of every other member), the records as JSON
(visits with their answers, findings and photo details; the locations,
evaluators and checklist versions they use; deletions), and each photo as its
stored JPEG bytes and thumbnail, not compressed again (ZIP_STORED). Photos are
written one at a time, so a bundle of any size needs little memory.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from undercover import __version__
from undercover.domain.times import now_utc
from undercover.errors import UndercoverError
from undercover.outputs import atomic_output
from undercover.store import Store
from undercover.store import records as records_io

FORMAT = "undercover-bundle"
FORMAT_VERSION = 1
SUFFIX = ".undercover"
MANIFEST = "manifest.json"
RECORD_MEMBERS = ("visits", "locations", "evaluators", "checklists", "tombstones")
_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # member times say nothing; the manifest says when


def photo_member(photo_id: str) -> str:
    return f"photos/{photo_id}.jpg"


def thumbnail_member(photo_id: str) -> str:
    return f"thumbnails/{photo_id}.jpg"


@dataclass(frozen=True)
class Exported:
    path: Path
    visits: int
    photos: int


class Cancelled(UndercoverError):
    """The person stopped the export or import; nothing was written."""


class _Writer:
    """Members into a zip, each with its sha256 noted for the manifest."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.members: dict[str, dict[str, Any]] = {}

    def add(self, name: str, data: bytes, stored: bool) -> None:
        info = zipfile.ZipInfo(name, _FIXED_TIME)
        info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        self.zf.writestr(info, data)
        self.members[name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}

    def add_json(self, name: str, value: Any) -> None:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
        self.add(f"{name}.json", text.encode(), stored=False)


def export_bundle(
    store: Store,
    visit_ids: Iterable[str],
    output: Path | str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Exported:
    """Write the visits (full ids) and all they need to ``output``; returns what was sent."""
    ids = list(dict.fromkeys(visit_ids))
    if not ids:
        raise UndercoverError("There are no visits to send.")
    records = []
    for visit_id in ids:
        record = records_io.read_visit(store.db, visit_id)
        if record is None:
            raise UndercoverError(f"Visit {visit_id} does not exist (was it deleted?).")
        records.append(record)
    db = store.db
    locations = records_io.read_locations(db, {r["location_id"] for r in records})
    evaluators = records_io.read_evaluators(
        db, {r["evaluator_id"] for r in records if r["evaluator_id"]}
    )
    checklists = records_io.read_checklists(db, {r["checklist_sha256"] for r in records})
    tombstones = records_io.read_tombstones(db)
    photo_ids = [p["id"] for r in records for p in r["photos"]]
    machine = store.settings.get("machine_id")
    with atomic_output(output, database=store.path) as out, zipfile.ZipFile(out, "w") as zf:
        writer = _Writer(zf)
        for name, value in zip(
            RECORD_MEMBERS, (records, locations, evaluators, checklists, tombstones),
            strict=True,
        ):
            writer.add_json(name, value)
        for done, photo_id in enumerate(photo_ids, 1):
            if cancelled and cancelled():
                raise Cancelled("Sending was stopped; no file was written.")
            writer.add(photo_member(photo_id), store.photos.jpeg(photo_id), stored=True)
            writer.add(thumbnail_member(photo_id), store.photos.thumbnail(photo_id),
                       stored=True)
            if progress:
                progress(done, len(photo_ids))
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "app_version": __version__,
            "created_at": now_utc(),
            "machine_id": machine,
            "counts": {"visits": len(records), "photos": len(photo_ids),
                       "locations": len(locations), "evaluators": len(evaluators),
                       "checklists": len(checklists), "tombstones": len(tombstones)},
            "members": writer.members,
        }
        info = zipfile.ZipInfo(MANIFEST, _FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zf.writestr(info, json.dumps(manifest, indent=1, sort_keys=True))
    return Exported(Path(output), len(records), len(photo_ids))
