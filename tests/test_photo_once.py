"""A photo is kept once per visit: by the schema, and when upgrading older files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from images import make_jpeg
from sqlite_utils import Database

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Finding, Location, Visit
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from undercover.store.photo_intake import prepare_photo


def _checklist_row(tmp_path: Path) -> dict:
    with Store.open(tmp_path / "source.db") as source:
        row = source.db.execute(
            "SELECT key, version, title, audience, definition, sha256, created_at "
            "FROM checklists WHERE key = 'customer-centric'"
        ).fetchone()
    names = ["key", "version", "title", "audience", "definition", "sha256", "created_at"]
    return dict(zip(names, row, strict=True))


def _photo(pid: str, visit: str, sha: str, created: str, caption: str = "") -> dict:
    return {"id": pid, "visit_id": visit, "file_name": f"{pid}.jpg", "sha256": sha,
            "caption": caption, "width": 4, "height": 3, "created_at": created,
            "thumbnail": b"thumb " + pid.encode(), "jpeg": b"jpeg " + pid.encode()}


@pytest.fixture
def old_file(tmp_path: Path) -> Path:
    """A schema-2 file in which two windows each stored the same photos."""
    path = tmp_path / "old.db"
    old = Database(path)
    migrations.apply(old, stop_before=MIGRATION_NAMES[2])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 2
    old["checklists"].insert(_checklist_row(tmp_path))
    old["locations"].insert({"id": "loc-1", "name": "Harbour Street",
                             "created_at": "2026-01-01", "updated_at": "2026-01-01"})
    for vid in ("visit-1", "visit-2"):
        old["visits"].insert({
            "id": vid, "location_id": "loc-1", "checklist_key": "customer-centric",
            "checklist_version": 2, "channel": "in_person",  # the bundled version
            "created_at": "2026-01-02T10:00:00Z", "updated_at": "2026-01-02T10:00:00Z",
        })
    old["photos"].insert_all([
        # "queue" three times in visit 1; the earliest is p-queue-b, though stored second
        _photo("p-queue-a", "visit-1", "queue", "2026-01-02T10:05:00Z", "later copy"),
        _photo("p-queue-b", "visit-1", "queue", "2026-01-02T10:01:00Z", "first"),
        _photo("p-queue-c", "visit-1", "queue", "2026-01-02T10:09:00Z"),
        _photo("p-door-1", "visit-1", "door", "2026-01-02T10:02:00Z"),
        _photo("p-door-2", "visit-1", "door", "2026-01-02T10:02:00Z"),  # same time: row order
        _photo("p-other", "visit-1", "other", "2026-01-02T10:03:00Z"),
        # the same photo in another visit is that visit's own
        _photo("p-queue-v2", "visit-2", "queue", "2026-01-02T11:00:00Z"),
    ])
    for fid in ("f-1", "f-2", "f-3"):
        old["findings"].insert({"id": fid, "visit_id": "visit-1", "kind": "leak",
                                "summary": fid, "severity": "high",
                                "created_at": "x", "updated_at": "x"})
    old["finding_photos"].insert_all([
        {"finding_id": "f-1", "photo_id": "p-queue-a"},   # a later copy only
        {"finding_id": "f-2", "photo_id": "p-queue-b"},   # the keeper and a later copy
        {"finding_id": "f-2", "photo_id": "p-queue-c"},
        {"finding_id": "f-2", "photo_id": "p-door-2"},
        {"finding_id": "f-3", "photo_id": "p-other"},
    ])
    old.close()
    return path


def test_upgrading_keeps_the_earliest_copy_and_findings_keep_their_photos(old_file: Path):
    with Store.open(old_file) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert {p.id: p.caption for p in store.photos.list("visit-1")} == {
            "p-queue-b": "first", "p-door-1": "", "p-other": ""}
        assert [p.id for p in store.photos.list("visit-2")] == ["p-queue-v2"]
        assert store.photos.jpeg("p-queue-b") == b"jpeg p-queue-b"
        evidence = {f.id: sorted(f.photo_ids) for f in store.visits.findings("visit-1")}
        assert evidence == {"f-1": ["p-queue-b"], "f-2": ["p-door-1", "p-queue-b"],
                            "f-3": ["p-other"]}
        orphans = store.db.execute(
            "SELECT count(*) FROM finding_photos WHERE photo_id NOT IN (SELECT id FROM photos)"
        ).fetchone()[0]
        assert orphans == 0
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []
    # The copy set aside before upgrading still has every row as it was.
    [copy] = old_file.parent.glob("old.schema-2.*.bak")
    assert Database(copy).execute("SELECT count(*) FROM photos").fetchone()[0] == 7


def test_the_schema_itself_refuses_a_second_copy_in_a_visit(tmp_path: Path):
    with Store.open(tmp_path / "shop.db") as store:
        place = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visits = [store.visits.create(Visit(location_id=place.id, checklist_key=checklist.key,
                                            checklist_version=checklist.version))
                  for _ in range(2)]
        added = store.photos.add(visits[0].id, prepare_photo(make_jpeg(tmp_path / "a.jpg")))
        copy = [added.photo.visit_id, added.photo.sha256]
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            store.db.execute(
                "INSERT INTO photos (id, visit_id, file_name, sha256, width, height, "
                "created_at, thumbnail, jpeg) VALUES ('x', ?, 'a.jpg', ?, 1, 1, 'now', '', '')",
                copy,
            )
        again = store.photos.add(visits[1].id, prepare_photo(make_jpeg(tmp_path / "a.jpg")))
        assert not again.duplicate  # the same photo in another visit is that visit's own


def test_a_photo_for_a_visit_deleted_meanwhile_is_a_plain_message(tmp_path: Path):
    with Store.open(tmp_path / "shop.db") as store:
        place = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(location_id=place.id, checklist_key=checklist.key,
                                          checklist_version=checklist.version))
        store.visits.save_finding(visit.id, Finding(FindingKind.LEAK, "Queue"))
        prepared = prepare_photo(make_jpeg(tmp_path / "a.jpg"))
        store.visits.delete(visit.id)
        with pytest.raises(UndercoverError, match=r"^That visit no longer exists\.$"):
            store.photos.add(visit.id, prepared)
        assert store.db.execute("SELECT count(*) FROM photos").fetchone()[0] == 0
