"""Records that can merge: the upgrade of an existing database, UTC times, edit counts,
timestamps on every record, tombstones, evaluators."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from images import make_jpeg
from PIL import Image
from sqlite_utils import Database

from undercover.domain.checklist import FindingKind
from undercover.domain.times import is_utc, local_clock, local_day, to_utc
from undercover.domain.visit import Answer, Finding, Location, Visit
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.migrations import SCHEMA_VERSION, migrations


def jpeg_bytes(path: Path, color=(200, 60, 40)) -> bytes:
    return make_jpeg(path, color=color).read_bytes()


def release_database(path: Path, tmp_path: Path) -> dict:
    """A file as the current release writes it (schema before merging), filled with
    two visits with answers, findings and photos; returns what was put in."""
    with Store.open(tmp_path / "source.db") as source:
        checklist = source.db.execute(
            "SELECT key, version, title, audience, definition, sha256, created_at "
            "FROM checklists WHERE key = 'customer-centric'"
        ).fetchone()
    db = Database(path)
    migrations.apply(db, stop_before="m004_merge_ready")
    db["checklists"].insert(dict(zip(
        ["key", "version", "title", "audience", "definition", "sha256", "created_at"],
        checklist, strict=True)))
    db["settings"].insert_all([
        {"key": "evaluator_code", "value": json.dumps("MS-014")},
        {"key": "evaluator_name", "value": json.dumps("Ana Łukasik")},
    ])
    db["locations"].insert({"id": "loc-1", "name": "Harbour Street",
                            "created_at": "2026-01-01T09:00:00+01:00",
                            "updated_at": "2026-01-01T09:00:00+01:00"})
    photos = {}
    for n, (visit_id, started) in enumerate([
        ("visit-1", "2026-03-01T00:30:00+02:00"),  # local night: the UTC day differs
        ("visit-2", "2026-07-14T16:05:00-04:00"),
    ]):
        db["visits"].insert({
            "id": visit_id, "location_id": "loc-1", "checklist_key": "customer-centric",
            "checklist_version": checklist[1], "channel": "in_person",
            "scenario": f"Scenario {n}", "evaluator_code": "MS-014" if n == 0 else "MS-022",
            "status": "completed", "created_at": started, "updated_at": started,
            "started_at": started, "ended_at": started, "score": 50.0,
        })
        db["answers"].insert({"visit_id": visit_id, "question_id": "greeting", "value": 3,
                              "note": f"note {n}"})
        db["findings"].insert({"id": f"f-{n}", "visit_id": visit_id, "kind": "leak",
                               "summary": f"Finding {n}", "severity": "high",
                               "created_at": started, "updated_at": started})
        jpeg = jpeg_bytes(tmp_path / f"p{n}.jpg", color=(40 * n, 90, 200))
        photos[f"photo-{n}"] = jpeg
        db["photos"].insert({
            "id": f"photo-{n}", "visit_id": visit_id, "file_name": f"IMG_{n}.JPG",
            "sha256": f"{n:064d}", "width": 400, "height": 300, "created_at": started,
            "thumbnail": jpeg, "jpeg": jpeg,
        })
        db["finding_photos"].insert({"finding_id": f"f-{n}", "photo_id": f"photo-{n}"})
    db.close()
    return photos


def test_upgrading_a_release_database_keeps_every_visit_answer_and_photo(tmp_path):
    path = tmp_path / "release.db"
    photos = release_database(path, tmp_path)
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        machine = store.settings.get(keys.MACHINE_ID)
        assert len(machine) == 36 and machine.count("-") == 4
        first = store.visits.get("visit-1")
        second = store.visits.get("visit-2")
        # The same instants, now in UTC with Z.
        assert first.started_at == "2026-02-28T22:30:00Z"
        assert second.started_at == "2026-07-14T20:05:00Z"
        assert store.locations.get("loc-1").name == "Harbour Street"
        loc_times = store.db.execute(
            "SELECT created_at, updated_at FROM locations").fetchone()
        assert loc_times == ("2026-01-01T08:00:00Z", "2026-01-01T08:00:00Z")
        for n, visit in enumerate([first, second]):
            assert visit.answers["greeting"].value == 3
            assert visit.answers["greeting"].note == f"note {n}"
            assert is_utc(visit.answers["greeting"].updated_at)
            assert visit.answers["greeting"].updated_at == visit.updated_at
            [finding] = visit.findings
            assert finding.summary == f"Finding {n}" and finding.photo_ids == [f"photo-{n}"]
            assert finding.updated_at == visit.started_at
            [photo] = visit.photos
            assert store.photos.jpeg(photo.id) == photos[photo.id]
            assert photo.updated_at == photo.created_at == visit.started_at
            assert visit.versions == {machine: 1}
            assert visit.checklist_sha256 == store.checklists.sha256(
                visit.checklist_key, visit.checklist_version)
        # Each code used became an evaluator of this machine; the named one has its name.
        evaluators = {e.code: e for e in store.evaluators.all()}
        assert set(evaluators) == {"MS-014", "MS-022"}
        assert evaluators["MS-014"].name == "Ana Łukasik"
        assert evaluators["MS-022"].name == ""
        assert {e.machine_id for e in evaluators.values()} == {machine}
        assert first.evaluator_id == evaluators["MS-014"].id
        assert second.evaluator_id == evaluators["MS-022"].id
        assert store.visits.count() == 2


def test_times_are_stored_in_utc_and_shown_in_local_time(tmp_path, paris_time):
    assert to_utc("2026-03-01T00:30:00+02:00") == "2026-02-28T22:30:00Z"
    assert to_utc("2026-02-28T22:30:00Z") == "2026-02-28T22:30:00Z"
    assert to_utc("2026-02-28T23:30:00") == "2026-02-28T22:30:00Z"  # naive: local (Paris)
    assert local_day("2026-02-28T23:30:00Z") == "2026-03-01"
    assert local_clock("2026-02-28T23:30:00Z") == "00:30"
    with Store.open(tmp_path / "shop.db") as store:
        location = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(
            location.id, checklist.key, checklist.version,
            started_at="2026-03-01T00:30:00+01:00",
        ))
        stored = store.visits.get(visit.id)
        assert stored.started_at == "2026-02-28T23:30:00Z"
        assert all(is_utc(t) for t in (stored.created_at, stored.updated_at))
        # Lists show the local day, not the UTC one.
        assert stored.date == "2026-03-01"
        [row] = store.visits.summaries()
        assert row.date == "2026-03-01"
        assert store.visits.summaries(since="2026-03-01", until="2026-03-01")
        assert not store.visits.summaries(until="2026-02-28")
        store.visits.update(visit.id, ended_at="2026-03-01T01:10:00+01:00")
        assert store.visits.get(visit.id).ended_at == "2026-03-01T00:10:00Z"


def test_each_edit_is_counted_for_this_machine_and_stamps_the_record(tmp_path):
    with Store.open(tmp_path / "shop.db") as store:
        machine = store.settings.get(keys.MACHINE_ID)
        location = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(location.id, checklist.key, checklist.version,
                                          evaluator_code="MS-014"))
        assert store.visits.get(visit.id).versions == {machine: 1}
        store.visits.save_answer(visit.id, Answer("greeting", 4.0))
        store.visits.update(visit.id, scenario="Asked for a cake")
        stored = store.visits.get(visit.id)
        assert stored.versions == {machine: 3}
        assert is_utc(stored.answers["greeting"].updated_at)
        # The visit's evaluator is a record of this machine, with the visit's code.
        evaluator = store.evaluators.get(stored.evaluator_id)
        assert (evaluator.code, evaluator.machine_id) == ("MS-014", machine)


def test_saving_an_unchanged_finding_keeps_its_time(tmp_path):
    with Store.open(tmp_path / "shop.db") as store:
        location = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
        finding = Finding(kind=FindingKind.LEAK, summary="Nobody said hello")
        store.visits.save_finding(visit.id, finding)
        store.db.execute("UPDATE findings SET updated_at = '2026-01-01T00:00:00Z'")
        [saved] = store.visits.findings(visit.id)
        store.visits.save_finding(visit.id, saved)
        assert store.visits.findings(visit.id)[0].updated_at == "2026-01-01T00:00:00Z"
        saved.summary = "Nobody said hello for five minutes"
        store.visits.save_finding(visit.id, saved)
        [changed] = store.visits.findings(visit.id)
        assert changed.updated_at > "2026-01-01T00:00:00Z" and is_utc(changed.updated_at)
        assert changed.created_at == saved.created_at


def test_deletions_are_remembered(tmp_path):
    with Store.open(tmp_path / "shop.db") as store:
        location = store.locations.add(Location("Harbour Street"))
        spare = store.locations.add(Location("Market Square"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
        finding = Finding(kind=FindingKind.LEAK, summary="Nobody said hello")
        store.visits.save_finding(visit.id, finding)
        from undercover.store.photo_intake import prepare_photo

        image = BytesIO()
        Image.new("RGB", (64, 48), (1, 2, 3)).save(image, "JPEG")
        photo = store.photos.add(visit.id, prepare_photo(image.getvalue(), "a.jpg")).photo
        store.photos.delete(photo.id)
        store.visits.delete_finding(finding.id)
        store.visits.delete(visit.id)
        store.locations.delete(spare.id)
        kinds = dict(store.db.execute("SELECT kind, id FROM tombstones").fetchall())
        assert kinds == {"photo": photo.id, "finding": finding.id, "visit": visit.id,
                         "location": spare.id}
        times = [r[0] for r in store.db.execute("SELECT deleted_at FROM tombstones")]
        assert all(is_utc(t) for t in times)


def test_a_visit_time_that_is_not_a_time_is_refused_plainly(tmp_path):
    import pytest

    from undercover.errors import UndercoverError

    with Store.open(tmp_path / "shop.db") as store:
        location = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        with pytest.raises(UndercoverError, match="'tomorrow' is not a date and time"):
            store.visits.create(Visit(location.id, checklist.key, checklist.version,
                                      started_at="tomorrow"))
        visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
        with pytest.raises(UndercoverError, match=r"is not a date and time \(ended_at\)"):
            store.visits.update(visit.id, ended_at="=1+2")
        assert store.visits.get(visit.id).ended_at is None
