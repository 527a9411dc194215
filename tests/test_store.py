"""The SQLite store on real files: schema, migrations, refusals, locking, write-through."""

from __future__ import annotations

import hashlib
import sqlite3
import subprocess
import sys
import textwrap
from dataclasses import replace
from io import BytesIO
from pathlib import Path

import pytest
from images import make_jpeg
from PIL import Image
from sqlite_utils import Database

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import (
    Answer,
    Finding,
    FindingStatus,
    Location,
    Severity,
    Visit,
    VisitStatus,
)
from undercover.errors import UndercoverError
from undercover.store import DatabaseError, Store
from undercover.store import settings as keys
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from undercover.store.photo_intake import prepare_photo


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "shop.db") as s:
        yield s


def new_visit(store: Store, name: str = "Harbour Street", **kw) -> Visit:
    location = store.locations.find(name) or store.locations.add(Location(name))
    checklist = store.checklists.get("customer-centric")
    visit = Visit(location_id=location.id, checklist_key=checklist.key,
                  checklist_version=checklist.version, **kw)
    return store.visits.create(visit)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- opening and schema ---------------------------------------------------------------


def test_a_new_database_is_wal_with_foreign_keys_and_the_current_schema(tmp_path):
    path = tmp_path / "sub" / "new.db"
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [m.name for m in migrations.applied(store.db)] == list(MIGRATION_NAMES)
        assert {c.key for c in store.checklists.latest()} == {
            "customer-centric", "internal-customer",
        }


def test_an_empty_file_is_migrated_in_place(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert "visits" in store.db.table_names()


def test_the_previous_schema_is_upgraded_keeping_data_and_a_copy_aside(tmp_path):
    path = tmp_path / "old.db"
    with Store.open(tmp_path / "source.db") as source:
        definition = source.db.execute(
            "SELECT key, version, title, audience, definition, sha256, created_at "
            "FROM checklists WHERE key = 'customer-centric'"
        ).fetchone()
    # A file as the previous release left it: schema 1, with a visit, an answer and a finding.
    old = Database(path)
    migrations.apply(old, stop_before=MIGRATION_NAMES[1])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    old["checklists"].insert(dict(zip(
        ["key", "version", "title", "audience", "definition", "sha256", "created_at"],
        definition, strict=True)))
    old["locations"].insert({"id": "loc-1", "name": "Łódź Old Town",
                             "created_at": "2026-01-01", "updated_at": "2026-01-01"})
    old["visits"].insert({
        "id": "visit-1", "location_id": "loc-1", "checklist_key": "customer-centric",
        "checklist_version": 1, "channel": "in_person", "scenario": "Asked for a cake",
        "created_at": "2026-01-02T10:00:00+00:00", "updated_at": "2026-01-02T10:00:00+00:00",
        "started_at": "2026-01-02T10:00:00+00:00", "score": 50.0,
    })
    old["answers"].insert({"visit_id": "visit-1", "question_id": "greeting", "value": 3,
                           "note": "Nodded <without> a word"})
    old["findings"].insert({"id": "f-1", "visit_id": "visit-1", "kind": "leak",
                            "summary": "Ignored at the door", "severity": "high",
                            "created_at": "x", "updated_at": "x"})
    old.close()

    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        visit = store.visits.get("visit-1")
        assert visit.answers["greeting"].note == "Nodded <without> a word"
        assert visit.findings[0].summary == "Ignored at the door"
        [row] = store.visits.summaries(with_search_text=True)
        assert row.location == "Łódź Old Town"
        assert "Asked for a cake" in row.search_text
        assert "Nodded <without> a word" in row.search_text
        assert "Ignored at the door" in row.search_text
    [copy] = tmp_path.glob("old.schema-1.*.bak")
    assert Database(copy).execute("PRAGMA user_version").fetchone()[0] == 1


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.db"
    with Store.open(path) as store:
        new_visit(store)
        store.db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = file_digest(path)
    with pytest.raises(DatabaseError, match="newer version of Undercover"):
        Store.open(path)
    assert file_digest(path) == before


def test_a_database_with_a_migration_we_do_not_know_is_refused(tmp_path):
    path = tmp_path / "future.db"
    with Store.open(path) as store:
        store.db["_sqlite_migrations"].insert(
            {"migration_set": "undercover", "name": "m099_from_the_future", "applied_at": "x"}
        )
    with pytest.raises(DatabaseError, match="newer version"):
        Store.open(path)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"name,score\nHarbour,80\n", "not an Undercover database"),
        (b"SQLite format 3\x00" + b"\x00" * 200, "damaged or is not an Undercover database"),
    ],
)
def test_files_that_are_not_our_database_are_refused_unchanged(tmp_path, content, message):
    path = tmp_path / "other.db"
    path.write_bytes(content)
    with pytest.raises(DatabaseError, match=message):
        Store.open(path)
    assert path.read_bytes() == content


def test_another_programs_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "photos.sqlite"
    other = sqlite3.connect(path)
    other.execute("CREATE TABLE albums (id INTEGER PRIMARY KEY, name TEXT)")
    other.commit()
    other.close()
    before = file_digest(path)
    with pytest.raises(DatabaseError, match="another program"):
        Store.open(path)
    assert file_digest(path) == before


def test_a_folder_is_not_a_database(tmp_path):
    with pytest.raises(DatabaseError, match="is a folder"):
        Store.open(tmp_path)


# -- two users of one file --------------------------------------------------------------


def test_a_write_while_another_program_holds_the_lock_gets_a_clear_message(tmp_path):
    path = tmp_path / "shared.db"
    with Store.open(path) as store:
        visit = new_visit(store)
        store.visits.save_answer(visit.id, Answer("greeting", 4.0))
    blocker = sqlite3.connect(path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        with Store.open(path, busy_timeout=0.2) as store, \
                pytest.raises(DatabaseError, match="busy: another Undercover window"):
            store.visits.save_answer(visit.id, Answer("greeting", 1.0))
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with Store.open(path) as store:
        assert store.visits.answers(visit.id)["greeting"].value == 4.0


WRITER = textwrap.dedent(
    """
    import sys
    from undercover.domain.checklist import FindingKind
    from undercover.domain.visit import Answer, Finding
    from undercover.store import Store
    path, visit_id, tag = sys.argv[1:]
    with Store.open(path) as store:
        for i in range(40):
            store.visits.save_answer(visit_id, Answer("greeting", 3.0, note=f"{tag} {i}"))
            store.visits.save_finding(visit_id, Finding(FindingKind.LEAK, f"{tag} finding {i}"))
    """
)


@pytest.mark.slow
def test_two_processes_writing_the_same_file_both_succeed(tmp_path):
    path = tmp_path / "shared.db"
    with Store.open(path) as store:
        visit = new_visit(store)
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), visit.id, tag],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for tag in ("first", "second")
    ]
    results = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    with Store.open(path) as store:
        summaries = [f.summary for f in store.visits.findings(visit.id)]
    assert sum(s.startswith("first") for s in summaries) == 40
    assert sum(s.startswith("second") for s in summaries) == 40


def test_a_full_disk_is_a_plain_message_and_keeps_what_was_saved(tmp_path, store):
    visit = new_visit(store)
    store.visits.save_answer(visit.id, Answer("greeting", 5.0, note="kept"))
    pages = store.db.execute("PRAGMA page_count").fetchone()[0]
    store.db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow any more
    noise = Image.effect_noise((1200, 900), 80).convert("RGB")
    photo = prepare_photo(make_jpeg(tmp_path / "big.jpg", image=noise))
    with pytest.raises(DatabaseError, match=r"disk holding .* is full"):
        store.photos.add(visit.id, photo)
    assert store.photos.list(visit.id) == []
    assert store.visits.answers(visit.id)["greeting"].note == "kept"


# -- checklists -------------------------------------------------------------------------


def test_a_visit_keeps_the_checklist_version_it_was_scored_with(store):
    v1 = store.checklists.get("customer-centric")
    visit = new_visit(store)
    store.visits.save_answer(visit.id, Answer("greeting", 5.0))
    first = v1.sections[0]
    heavier = replace(first, questions=tuple(
        replace(q, text="Reworded greeting question") if q.id == "greeting" else q
        for q in first.questions
    ))
    v2 = replace(v1, version=v1.version + 1, sections=(heavier, *v1.sections[1:]))
    store.checklists.store(v2)
    assert store.checklists.get("customer-centric").version == v2.version
    again = store.visits.get(visit.id)
    assert again.checklist_version == v1.version
    kept = store.checklists.get(again.checklist_key, again.checklist_version)
    assert kept.question("greeting").text != "Reworded greeting question"
    assert store.checklists.get("customer-centric", v2.version).question("greeting").text \
        == "Reworded greeting question"


def test_a_missing_checklist_is_a_plain_error(store):
    with pytest.raises(UndercoverError, match="not in this database"):
        store.checklists.get("no-such-checklist")


# -- visits, answers, findings, photos ---------------------------------------------------


def test_answers_and_scores_are_written_through_as_they_happen(tmp_path):
    path = tmp_path / "shop.db"
    with Store.open(path) as store:
        visit = new_visit(store, scenario="Bought a flat white")
        card = store.visits.save_answer(visit.id, Answer("greeting", 1.0, note="<b>cold</b> & 😐"))
        assert card.overall == 0.0
        store.visits.save_answer(visit.id, Answer("used_name", na=True))
        store.visits.update(visit.id, current_section=3)
    # A second connection (another window, or after a crash) sees everything at once.
    with Store.open(path) as other:
        again = other.visits.get(visit.id)
        assert again.answers["greeting"] == Answer("greeting", 1.0, "", False, "<b>cold</b> & 😐")
        assert again.answers["used_name"].na
        assert again.current_section == 3
        [row] = other.visits.summaries(with_search_text=True)
        assert row.score == 0.0 and row.status is VisitStatus.DRAFT
        assert "<b>cold</b> & 😐" in row.search_text


def test_clearing_an_answer_removes_it(store):
    visit = new_visit(store)
    store.visits.save_answer(visit.id, Answer("greeting", 2.0))
    store.visits.save_answer(visit.id, Answer("greeting"))
    assert store.visits.answers(visit.id) == {}


def test_complete_needs_required_answers_and_later_changes_are_recorded_as_edits(store):
    visit = new_visit(store)
    with pytest.raises(UndercoverError, match="Answer the required questions first"):
        store.visits.complete(visit.id)
    checklist = store.checklists.get("customer-centric")
    for q in checklist.questions:
        if q.required:
            store.visits.save_answer(visit.id, Answer(q.id, float(q.scale[1])))
    store.visits.complete(visit.id)
    done = store.visits.get(visit.id)
    assert done.status is VisitStatus.COMPLETED and done.ended_at and done.edited_at is None
    store.visits.save_answer(visit.id, Answer("greeting", 4.0))
    assert store.visits.get(visit.id).edited_at is not None


def test_findings_keep_their_photos_status_and_order(tmp_path, store):
    visit = new_visit(store)
    photo = store.photos.add(visit.id, prepare_photo(make_jpeg(tmp_path / "a.jpg"))).photo
    leak = Finding(FindingKind.LEAK, "Waited & waited", where="Arrival",
                   severity=Severity.HIGH, evidence='"We\'re busy"', question_id="wait_minutes",
                   photo_ids=[photo.id])
    dismissed = Finding(FindingKind.MISSED, "No loyalty offer", question_id="loyalty_offer",
                        status=FindingStatus.DISMISSED)
    store.visits.save_finding(visit.id, leak)
    store.visits.save_finding(visit.id, dismissed)
    leak.recommendation = "Open a second till when the queue passes four."
    store.visits.save_finding(visit.id, leak)
    assert store.visits.findings(visit.id) == [leak, dismissed]
    store.visits.delete_finding(dismissed.id)
    assert store.visits.findings(visit.id) == [leak]
    with pytest.raises(UndercoverError, match="Say what happened"):
        store.visits.save_finding(visit.id, Finding(FindingKind.LEAK, "  "))


def test_the_same_photo_twice_is_recognised_and_stored_once(tmp_path, store):
    visit = new_visit(store)
    path = make_jpeg(tmp_path / "queue.jpg", gps=True, camera=True)
    first = store.photos.add(visit.id, prepare_photo(path), "greeting", "Queue")
    second = store.photos.add(visit.id, prepare_photo(path))
    assert not first.duplicate and second.duplicate
    assert second.photo.id == first.photo.id
    assert [p.caption for p in store.photos.list(visit.id)] == ["Queue"]
    stored = Image.open(BytesIO(store.photos.jpeg(first.photo.id)))
    assert stored.format == "JPEG" and not stored.getexif()
    assert Image.open(BytesIO(store.photos.thumbnail(first.photo.id))).format == "JPEG"


def test_deleting_a_visit_removes_its_answers_findings_and_photos(tmp_path, store):
    visit = new_visit(store)
    store.visits.save_answer(visit.id, Answer("greeting", 2.0))
    store.visits.save_finding(visit.id, Finding(FindingKind.LEAK, "x"))
    store.photos.add(visit.id, prepare_photo(make_jpeg(tmp_path / "p.jpg")))
    store.visits.delete(visit.id)
    for table in ("visits", "answers", "findings", "photos"):
        assert store.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0


def test_visit_ids_resolve_from_any_unique_prefix(store):
    a = new_visit(store, id="abc11111-0000-0000-0000-000000000000")
    new_visit(store, id="abd22222-0000-0000-0000-000000000000")
    assert store.visits.resolve("ABC") == a.id
    with pytest.raises(UndercoverError, match="More than one visit"):
        store.visits.resolve("ab")
    with pytest.raises(UndercoverError, match="No visit has an id starting with zz"):
        store.visits.resolve("zz")


def test_summaries_filter_by_location_status_and_dates(store):
    new_visit(store, "Harbour Street", started_at="2026-03-02T10:00:00+00:00")
    late = new_visit(store, "Market Square", started_at="2026-05-20T10:00:00+00:00")
    new_visit(store, "Harbour Street", started_at="2026-06-01T10:00:00+00:00")
    harbour = store.locations.find("harbour street")
    assert len(store.visits.summaries(location_id=harbour.id)) == 2
    assert [v.id for v in store.visits.summaries(since="2026-05-01", until="2026-05-31")] \
        == [late.id]
    assert [v.date for v in store.visits.summaries()] == ["2026-06-01", "2026-05-20", "2026-03-02"]
    assert store.visits.summaries(status=VisitStatus.COMPLETED) == []
    assert store.visits.summaries(ids=[]) == []


def test_monthly_scores_average_completed_visits_per_location(store):
    checklist = store.checklists.get("customer-centric")
    required = [q for q in checklist.questions if q.required]
    for day, rating in [("2026-04-03", 5.0), ("2026-04-20", 3.0), ("2026-05-02", 1.0)]:
        visit = new_visit(store, started_at=f"{day}T10:00:00+00:00")
        for q in required:
            store.visits.save_answer(visit.id, Answer(q.id, float(q.scale[1])))
        store.visits.save_answer(visit.id, Answer("greeting", rating))
        store.visits.complete(visit.id)
    new_visit(store, started_at="2026-04-05T10:00:00+00:00")  # a draft: left out
    rows = store.visits.monthly_scores()
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("Harbour Street", "2026-04", 2), ("Harbour Street", "2026-05", 1),
    ]
    assert rows[0][2] > rows[1][2]


def test_locations_have_unique_names_and_cannot_vanish_under_visits(store):
    store.locations.add(Location("Café Ελληνικά"))
    store.locations.add(Location("Harbour Street"))
    with pytest.raises(UndercoverError, match="already a location called"):
        store.locations.add(Location(" harbour STREET "))
    assert [loc.name for loc in store.locations.all()] == ["Café Ελληνικά", "Harbour Street"]
    with pytest.raises(UndercoverError, match="needs a name"):
        store.locations.add(Location("   "))
    visit = new_visit(store, "Station Road")
    with pytest.raises(UndercoverError, match="1 visit"):
        store.locations.delete(visit.location_id)


def test_settings_keep_text_numbers_and_image_bytes(store):
    store.settings.set(keys.BUSINESS_NAME, "Copperleaf <Coffee> & Bakery")
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, 420.5)
    store.settings.set(keys.LOGO, b"\x89PNG fake bytes")
    assert store.settings.get(keys.BUSINESS_NAME) == "Copperleaf <Coffee> & Bakery"
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == 420.5
    assert store.settings.get(keys.LOGO) == b"\x89PNG fake bytes"
    assert store.settings.get("missing", "default") == "default"
