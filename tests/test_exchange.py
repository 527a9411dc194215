"""Sending visits between machines as .undercover bundles, on real files."""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import add_visit, contents

from undercover.cli import main
from undercover.domain.times import is_utc
from undercover.domain.visit import Answer, Location
from undercover.exchange.bundle import FORMAT, FORMAT_VERSION, export_bundle
from undercover.exchange.importer import import_bundles, preview
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.merge import combine, parts
from undercover.store.records import visit_ids


def run(*args: str) -> int:
    return main([str(a) for a in args])


@pytest.fixture
def shopper(tmp_path: Path) -> Path:
    """A shopper's database with three visits at two locations, seven photos."""
    path = tmp_path / "shopper.db"
    with Store.open(path) as store:
        store.settings.set(keys.EVALUATOR_CODE, "MS-014")
        store.settings.set(keys.EVALUATOR_NAME, "Ana Łukasik")
        add_visit(store, "Harbour Street", photos=3, seed=1)
        add_visit(store, "Harbour Street", photos=0, seed=2)
        add_visit(store, "Łódź Old Town", photos=4, seed=3, code="MS-022")
    return path


def test_round_trip_twice_keeps_everything_and_the_second_import_changes_nothing(
    shopper, tmp_path, capsys
):
    bundle = tmp_path / "visits.undercover"
    assert run("export", "--db", shopper, "--all", "-o", bundle) == 0
    assert capsys.readouterr().out.strip() == f"Wrote 3 visits with 7 photos to {bundle}"
    owner = tmp_path / "owner.db"
    assert run("import", "--db", owner, bundle) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "Imported 1 bundle: 3 visits added, 0 updated, 0 unchanged."
    )
    first = contents(owner)
    source = contents(shopper)
    for table in ("visits", "answers", "findings", "finding_photos", "photos", "evaluators",
                  "locations", "tombstones"):
        assert first[table] == source[table], table
    assert len(first["photos"]) == 7
    # Photos byte for byte: the same stored JPEG in both databases.
    with Store.open(shopper) as a, Store.open(owner) as b:
        for visit_id in visit_ids(a.db):
            for photo in a.photos.list(visit_id):
                assert a.photos.jpeg(photo.id) == b.photos.jpeg(photo.id)
                assert a.photos.thumbnail(photo.id) == b.photos.thumbnail(photo.id)
            assert a.visits.scorecard(visit_id) == b.visits.scorecard(visit_id)
        # The owner tells shoppers apart: each visit keeps its evaluator, with the machine.
        machine = a.settings.get(keys.MACHINE_ID)
        named = {(e.code, e.name, e.machine_id) for e in b.evaluators.all()}
        assert named == {("MS-014", "Ana Łukasik", machine), ("MS-022", "", machine)}
    assert run("import", "--db", owner, bundle) == 0
    assert capsys.readouterr().out.strip() == (
        "Imported 1 bundle: 0 visits added, 0 updated, 3 unchanged."
    )
    assert contents(owner) == first


def test_the_bundle_is_a_zip_with_a_manifest_and_photos_stored_as_they_are(shopper, tmp_path):
    bundle = tmp_path / "visits.undercover"
    with Store.open(shopper) as store:
        [visit_id] = [v.id for v in store.visits.summaries() if v.location == "Łódź Old Town"]
        sent = export_bundle(store, [visit_id], bundle)
        photos = store.photos.list(visit_id)
        machine = store.settings.get(keys.MACHINE_ID)
    assert (sent.visits, sent.photos) == (1, 4)
    with zipfile.ZipFile(bundle) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["format"] == FORMAT and manifest["format_version"] == FORMAT_VERSION
        assert manifest["machine_id"] == machine and is_utc(manifest["created_at"])
        assert manifest["counts"]["visits"] == 1 and manifest["counts"]["photos"] == 4
        assert manifest["counts"]["locations"] == 1
        assert set(manifest["members"]) == {n for n in zf.namelist() if n != "manifest.json"}
        for photo in photos:
            info = zf.getinfo(f"photos/{photo.id}.jpg")
            assert info.compress_type == zipfile.ZIP_STORED
        [visit] = json.loads(zf.read("visits.json"))
        assert visit["id"] == visit_id and len(visit["photos"]) == 4
        [location] = json.loads(zf.read("locations.json"))
        assert location["name"] == "Łódź Old Town"


def test_export_chooses_visits_by_id_prefix_or_change_day(shopper, tmp_path, capsys):
    with Store.open(shopper) as store:
        ids = sorted(visit_ids(store.db))
        store.db.execute("UPDATE visits SET updated_at = '2026-01-05T12:00:00Z' WHERE id = ?",
                         [ids[0]])
        store.db.conn.commit()
    out = tmp_path / "one.undercover"
    assert run("export", "--db", shopper, ids[1][:8], "-o", out) == 0
    assert "Wrote 1 visit with" in capsys.readouterr().out
    assert run("export", "--db", shopper, "--since", "2026-02-01", "-o", out) == 0
    assert capsys.readouterr().out.startswith("Wrote 2 visits")
    with zipfile.ZipFile(out) as zf:
        assert ids[0] not in {v["id"] for v in json.loads(zf.read("visits.json"))}
    assert run("export", "--db", shopper, "--since", "2099-01-01", "-o", out) == 1
    assert "no visits changed since 2099-01-01" in capsys.readouterr().err
    assert run("export", "--db", shopper, "--since", "5 March", "-o", out) == 1
    assert "--since must be a date" in capsys.readouterr().err


@pytest.mark.parametrize("args", [
    ["--all", "abc"], [], ["--all", "--since", "2026-01-01"],
])
def test_export_needs_exactly_one_choice_of_visits(shopper, tmp_path, args, capsys):
    out = tmp_path / "x.undercover"
    assert run("export", "--db", shopper, *args, "-o", out) == 2
    assert "give visit ids, --all or --since" in capsys.readouterr().err
    assert not out.exists()


def test_export_refuses_to_write_over_the_database(shopper, capsys):
    before = shopper.read_bytes()
    assert run("export", "--db", shopper, "--all", "-o", shopper) == 1
    assert "is the open database" in capsys.readouterr().err
    assert shopper.read_bytes() == before


def test_import_of_a_missing_file_is_one_line(tmp_path, capsys):
    assert run("import", "--db", tmp_path / "o.db", tmp_path / "nope.undercover") == 1
    err = capsys.readouterr().err
    assert err.startswith("undercover: Cannot read") and err.count("\n") == 1


def edit(path: Path, visit_id: str, **answers: float) -> None:
    with Store.open(path) as store:
        for question, value in answers.items():
            store.visits.save_answer(visit_id, Answer(question, value))


def send(path: Path, out: Path) -> Path:
    with Store.open(path) as store:
        export_bundle(store, visit_ids(store.db), out)
    return out


def test_newer_replaces_older_and_older_never_replaces_newer(shopper, tmp_path):
    owner = tmp_path / "owner.db"
    old = send(shopper, tmp_path / "old.undercover")
    with Store.open(shopper) as store:
        visit_id = visit_ids(store.db)[0]
    edit(shopper, visit_id, greeting=5.0)
    new = send(shopper, tmp_path / "new.undercover")
    with Store.open(owner) as store:
        assert import_bundles([new], store).added == visit_ids(store.db)
        summary = import_bundles([old], store)
        assert summary.changes == 0 and len(summary.unchanged) == 3
        assert store.visits.answers(visit_id)["greeting"].value == 5.0
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        import_bundles([old], store)
        assert preview(new, store).updated == [visit_id]
        assert import_bundles([new], store).updated == [visit_id]
        assert store.visits.answers(visit_id)["greeting"].value == 5.0
    assert contents(owner) == contents(other)


def test_a_deletion_wins_over_older_visits_but_not_newer_ones(shopper, tmp_path):
    old = send(shopper, tmp_path / "old.undercover")
    owner = tmp_path / "owner.db"
    with Store.open(owner) as store:
        import_bundles([old], store)
        everything = visit_ids(store.db)
        visit_id = everything[0]
        store.visits.delete(visit_id)
        summary = import_bundles([old], store)
        assert sorted(summary.unchanged) == everything and summary.changes == 0
        assert visit_id not in visit_ids(store.db)  # the old copy does not bring it back
    # The deletion travels: the shopper's older copy goes too.
    with Store.open(owner) as store:
        export_bundle(store, visit_ids(store.db), tmp_path / "owner.undercover")
    with Store.open(shopper) as store:
        summary = import_bundles([tmp_path / "owner.undercover"], store)
        assert summary.deleted == [visit_id]
        assert visit_id not in visit_ids(store.db)
    # A visit changed after the deletion is newer: it comes back.
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        import_bundles([old], store)
        # An edit made (by a machine) after the deletion.
        store.db.execute("UPDATE visits SET updated_at = '2099-01-01T00:00:00Z', "
                         "versions = json_set(versions, '$.\"' || ? || '\"', 1) WHERE id = ?",
                         [str(uuid.uuid4()), visit_id])
        store.db.conn.commit()
        export_bundle(store, [visit_id], tmp_path / "newer.undercover")
    with Store.open(owner) as store:
        assert import_bundles([tmp_path / "newer.undercover"], store).added == [visit_id]


def test_a_visit_changed_on_two_laptops_keeps_both_versions_until_the_owner_chooses(
    shopper, tmp_path
):
    sent = send(shopper, tmp_path / "sent.undercover")
    laptop_b = tmp_path / "b.db"
    with Store.open(laptop_b) as store:
        import_bundles([sent], store)
        visit_id = sorted(visit_ids(store.db))[0]
    edit(shopper, visit_id, greeting=5.0)
    edit(laptop_b, visit_id, greeting=1.0)
    with Store.open(laptop_b) as store:
        store.visits.update(visit_id, scenario="Changed on laptop B")
    from_a = send(shopper, tmp_path / "a.undercover")
    from_b = send(laptop_b, tmp_path / "b.undercover")

    owner, owner2 = tmp_path / "owner.db", tmp_path / "owner2.db"
    with Store.open(owner) as store:
        import_bundles([sent], store)
        assert import_bundles([from_a], store).updated == [visit_id]
        summary = import_bundles([from_b], store)
        assert summary.conflict == [visit_id]
        assert "1 in conflict (both versions kept)" in summary.sentence()
        [other] = store.merger.conflicts(visit_id)
        main = store.visits.get(visit_id)
        greetings = {main.answers["greeting"].value,
                     next(a["value"] for a in other["answers"] if a["question_id"] == "greeting")}
        assert greetings == {5.0, 1.0}  # nothing was lost
        # Importing either again changes nothing.
        assert import_bundles([from_a, from_b], store).changes == 0
    with Store.open(owner2) as store:  # the other order ends the same
        import_bundles([from_b], store)
        import_bundles([sent, from_a], store)
    assert contents(owner) == contents(owner2)

    # The owner keeps laptop B's scenario and laptop A's greeting.
    with Store.open(owner) as store:
        main = store.merger.read(visit_id)
        [other] = store.merger.conflicts(visit_id)
        from_laptop_b = other if other["scenario"] == "Changed on laptop B" else main
        from_laptop_a = main if from_laptop_b is other else other
        chosen = combine(from_laptop_a, from_laptop_b, ["visit"])
        store.merger.resolve(visit_id, chosen, store.settings.get(keys.MACHINE_ID),
                             "2099-01-01T00:00:00Z")
        resolved = store.visits.get(visit_id)
        assert resolved.scenario == "Changed on laptop B"
        assert resolved.answers["greeting"].value == 5.0
        assert store.merger.conflicts(visit_id) == []
        export_bundle(store, [visit_id], tmp_path / "resolved.undercover")
    # The owner's choice has seen both versions: re-importing either changes nothing,
    # and the choice replaces both laptops' versions when it is sent back.
    with Store.open(owner) as store:
        assert import_bundles([from_a, from_b], store).changes == 0
    with Store.open(laptop_b) as store:
        assert import_bundles([tmp_path / "resolved.undercover"], store).updated == [visit_id]
        assert store.visits.get(visit_id).answers["greeting"].value == 5.0


def test_where_the_form_was_left_open_stays_on_each_computer(shopper, tmp_path):
    with Store.open(shopper) as store:
        visit_id = visit_ids(store.db)[0]
        store.visits.update(visit_id, current_section=4)  # navigating is not an edit
    bundle = send(shopper, tmp_path / "sent.undercover")
    owner = tmp_path / "owner.db"
    with Store.open(owner) as store:
        import_bundles([bundle], store)
        assert store.visits.get(visit_id).current_section == 0
        store.visits.update(visit_id, current_section=2)
        assert import_bundles([bundle], store).changes == 0
        assert store.visits.get(visit_id).current_section == 2


def test_parts_name_each_answer_finding_and_photo(shopper):
    with Store.open(shopper) as store:
        visit_id = next(v.id for v in store.visits.summaries() if v.location == "Łódź Old Town")
        record = store.merger.read(visit_id)
    keys_ = set(parts(record))
    assert "visit" in keys_ and "answer:greeting" in keys_
    assert sum(k.startswith("photo:") for k in keys_) == 4
    assert sum(k.startswith("finding:") for k in keys_) == 1


def test_the_same_location_from_two_machines_becomes_one(tmp_path):
    a, b, owner = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "owner.db"
    ids = []
    for path, seed in ((a, 1), (b, 2)):
        with Store.open(path) as store:
            ids.append(add_visit(store, "Station Road", seed=seed).location_id)
    assert ids[0] != ids[1]
    bundles = [send(a, tmp_path / "a.undercover"), send(b, tmp_path / "b.undercover")]
    with Store.open(owner) as store:
        own = store.locations.add(Location("station road"))  # the owner's own spelling
        import_bundles(bundles, store)
        [location] = store.locations.all()
        visits = store.visits.summaries()
        assert len(visits) == 2 and {v.location_id for v in visits} == {location.id}
        # One id is kept (the smallest, so every machine keeps the same); the rest are aliases.
        assert location.id == min([*ids, own.id])
        # A later bundle naming a location by an alias finds the kept one.
        assert import_bundles(bundles, store).changes == 0
        assert len(store.locations.all()) == 1
    owner2 = tmp_path / "owner2.db"
    with Store.open(owner2) as store:
        import_bundles(bundles[::-1], store)
        [location2] = store.locations.all()
        assert location2.id == min(ids)
        assert {v.location_id for v in store.visits.summaries()} == {min(ids)}


def test_a_newer_edit_wins_even_from_a_computer_whose_clock_is_behind(shopper, tmp_path):
    sent = send(shopper, tmp_path / "sent.undercover")
    laptop = tmp_path / "laptop.db"
    with Store.open(laptop) as store:
        import_bundles([sent], store)
        visit_id = sorted(visit_ids(store.db))[0]
        store.visits.save_answer(visit_id, Answer("greeting", 4.0))
        # This laptop's clock is a year behind: its edit carries an older time.
        store.db.execute("UPDATE visits SET updated_at = '2025-01-01T00:00:00Z' WHERE id = ?",
                         [visit_id])
        store.db.conn.commit()
        export_bundle(store, [visit_id], tmp_path / "edited.undercover")
    with Store.open(shopper) as store:
        summary = import_bundles([tmp_path / "edited.undercover"], store)
        assert summary.updated == [visit_id]
        assert store.visits.answers(visit_id)["greeting"].value == 4.0
        # ...and the shopper's older copy, sent again, does not undo it.
    with Store.open(laptop) as store:
        assert import_bundles([sent], store).changes == 0
        assert store.visits.answers(visit_id)["greeting"].value == 4.0


def test_a_different_checklist_under_a_number_already_used_is_refused(shopper, tmp_path, capsys):
    bundle = send(shopper, tmp_path / "sent.undercover")
    with zipfile.ZipFile(bundle) as zf:
        files = {i.filename: zf.read(i) for i in zf.infolist()}
    checklists = json.loads(files["checklists.json"])
    definition = json.loads(checklists[0]["definition"])
    definition["title"] = "Another machine's version 1"
    text = json.dumps(definition, ensure_ascii=False, sort_keys=True)
    checklists[0].update(definition=text, sha256=hashlib.sha256(text.encode()).hexdigest())
    visits = json.loads(files["visits.json"])
    for visit in visits:
        visit["checklist_sha256"] = checklists[0]["sha256"]
    files["checklists.json"] = json.dumps(checklists).encode()
    files["visits.json"] = json.dumps(visits).encode()
    manifest = json.loads(files["manifest.json"])
    for name in ("checklists.json", "visits.json"):
        manifest["members"][name]["sha256"] = hashlib.sha256(files[name]).hexdigest()
    files["manifest.json"] = json.dumps(manifest).encode()
    clash = tmp_path / "clash.undercover"
    with zipfile.ZipFile(clash, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    owner = tmp_path / "owner.db"
    Store.open(owner).close()
    before = owner.read_bytes()
    assert run("import", "--db", owner, clash) == 1
    err = capsys.readouterr().err
    assert "differs from this database's version with the same number" in err
    assert owner.read_bytes() == before


def test_previews_of_several_files_count_each_visit_once():
    from undercover.store.merge import MergeSummary

    first = MergeSummary(added=["a", "b"], unchanged=["c"])
    second = MergeSummary(unchanged=["a"], updated=["c"], conflict=["b"], added=["d"])
    both = first.union(second)
    assert (both.added, both.updated, both.conflict, both.unchanged) == (
        ["a", "b", "d"], ["c"], [], []
    )
    assert both.sentence() == "3 visits added, 1 updated, 0 unchanged"


def test_a_stopped_import_writes_nothing(shopper, tmp_path):
    from undercover.store.merge import ImportCancelled

    bundle = send(shopper, tmp_path / "sent.undercover")
    owner = tmp_path / "owner.db"
    with Store.open(owner) as store:
        add_visit(store, "Station Road", seed=9)
    before = owner.read_bytes()
    asked = []
    with Store.open(owner) as store, pytest.raises(ImportCancelled):
        import_bundles([bundle], store, cancelled=lambda: asked.append(1) or len(asked) > 1)
    assert len(asked) == 2  # stopped after the first visit was written, and rolled back
    assert owner.read_bytes() == before


def test_export_only_reads_the_database(shopper, tmp_path):
    # A bundled checklist no visit uses is missing: opening to write would add it back.
    with Store.open(shopper) as store:
        store.db.execute("DELETE FROM checklists WHERE key != 'customer-centric'")
        store.db.conn.commit()
    before = shopper.read_bytes()
    assert run("export", "--db", shopper, "--all", "-o", tmp_path / "x.undercover") == 0
    assert shopper.read_bytes() == before
    assert not Path(f"{shopper}-wal").exists()
