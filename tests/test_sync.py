"""Sync folders on real files: the outbox a shopper's sync engine sends, the inbox an owner's
receives, with the half-written, repeated, conflicting and hostile files such folders hold."""

from __future__ import annotations

import os
import shutil
import time
import zipfile
from pathlib import Path

import pytest
from exchange_helpers import add_visit, contents
from sync_helpers import HOUR_AGO, age, complete, records, run

from undercover.domain.visit import Answer
from undercover.exchange.importer import import_bundles
from undercover.exchange.sync import (
    REJECTED,
    bundle_name,
    is_bundle_name,
    save_folder,
    saved_folders,
    sync_once,
)
from undercover.store import DatabaseError, Store
from undercover.store import settings as keys


@pytest.fixture
def shopper(tmp_path: Path) -> Path:
    """A shopper with two completed visits (three photos) and a draft."""
    path = tmp_path / "shopper.db"
    with Store.open(path) as store:
        for n, (place, photos) in enumerate([("Harbour Street", 2), ("Łódź Old Town", 1)]):
            complete(store, add_visit(store, place, photos=photos, seed=n + 1).id)
        add_visit(store, "Harbour Street", photos=0, seed=3)  # a draft: not sent
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    outbox, inbox = tmp_path / "outbox", tmp_path / "inbox"
    outbox.mkdir()
    inbox.mkdir()
    return outbox, inbox


def test_the_outbox_holds_each_completed_visit_once_and_an_edit_replaces_it(shopper, folders):
    outbox, _ = folders
    with Store.open(shopper) as store:
        machine = store.settings.get(keys.MACHINE_ID)
        completed = sorted(v.id for v in store.visits.summaries() if v.status.value ==
                           "completed")
        report = sync_once(store, outbox=outbox)
        names = sorted(bundle_name("MS-014", machine, v) for v in completed)
        assert sorted(report.sent) == names
        assert sorted(p.name for p in outbox.iterdir()) == names
        assert report.sentence() == "Outbox: 2 visits written."
        before = {p.name: p.read_bytes() for p in outbox.iterdir()}

        again = sync_once(store, outbox=outbox)
        assert again.sent == [] and again.sentence() == "Outbox: nothing new to write."
        assert {p.name: p.read_bytes() for p in outbox.iterdir()} == before

        store.visits.save_answer(completed[0], Answer("greeting", 5.0, note="better now"))
        edited = sync_once(store, outbox=outbox)
        name = bundle_name("MS-014", machine, completed[0])
        assert edited.sent == [name]
        assert sorted(p.name for p in outbox.iterdir()) == names  # replaced, not added
        assert outbox.joinpath(name).read_bytes() != before[name]
        other = names[1] if names[0] == name else names[0]
        assert outbox.joinpath(other).read_bytes() == before[other]


def test_an_edit_arrives_at_the_owner_and_replaces_the_visit(shopper, folders, tmp_path):
    outbox, _ = folders
    owner = tmp_path / "owner.db"
    assert run("sync", "--db", shopper, "--outbox", outbox) == 0
    assert run("sync", "--db", owner, "--inbox", outbox) == 0
    with Store.open(shopper) as store:
        visit_id = next(v.id for v in store.visits.summaries() if v.location == "Łódź Old Town")
        store.visits.save_answer(visit_id, Answer("greeting", 4.0, note="edited"))
    assert run("sync", "--db", shopper, "--outbox", outbox) == 0
    with Store.open(owner) as store:
        report = sync_once(store, inbox=outbox)
        assert report.totals.updated == [visit_id]
        assert store.visits.answers(visit_id)["greeting"].note == "edited"
    with Store.open(shopper) as store:
        drafts = [v.id for v in store.visits.summaries() if v.status.value == "draft"]
    shopper_rows = {r for r in contents(shopper)["visits"] if r[0] not in drafts}
    assert set(contents(owner)["visits"]) == shopper_rows


def test_cli_sync_prints_what_arrived_and_a_summary(shopper, folders, tmp_path, capsys):
    outbox, _ = folders
    assert run("sync", "--db", shopper, "--outbox", outbox) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "Outbox: 2 visits written."
    assert len(out) == 3 and all(line.endswith(": written to the outbox") for line in out[:2])
    owner = tmp_path / "owner.db"
    assert run("sync", "--db", owner, "--inbox", outbox) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-2] == (
        "Inbox: 2 bundles imported (2 visits added, 0 updated, 0 unchanged)."
    )
    assert out[-1].startswith("The database as it was before the import is kept in ")
    assert all(": imported (1 visit added, 0 updated, 0 unchanged)" in line for line in out[:2])
    assert run("sync", "--db", owner, "--inbox", outbox) == 0
    assert capsys.readouterr().out.strip() == "Inbox: 2 already imported."
    with Store.open(shopper) as a, Store.open(owner) as b:
        for visit in b.visits.summaries():
            for photo in a.photos.list(visit.id):
                assert a.photos.jpeg(photo.id) == b.photos.jpeg(photo.id)


def test_without_flags_sync_uses_the_folders_saved_in_settings(shopper, folders, tmp_path,
                                                               capsys):
    outbox, inbox = folders
    with Store.open(shopper) as store:
        save_folder(store, "outbox", outbox)
        save_folder(store, "inbox", inbox)
        assert saved_folders(store).outbox == outbox and saved_folders(store).inbox == inbox
    assert run("sync", "--db", shopper) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Inbox: no bundles. Outbox: 2 visits written."
    )
    with Store.open(shopper) as store:
        save_folder(store, "inbox", None)
        save_folder(store, "outbox", "")
        assert saved_folders(store).inbox is None and saved_folders(store).outbox is None
    assert run("sync", "--db", shopper) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("undercover: No sync folders are set") and "\n" not in err


@pytest.mark.parametrize("flag", ["--inbox", "--outbox"])
def test_a_missing_folder_is_one_line_and_changes_nothing(shopper, tmp_path, flag, capsys):
    before = contents(shopper)
    assert run("sync", "--db", shopper, flag, tmp_path / "nowhere") == 1
    err = capsys.readouterr().err.strip()
    assert "nowhere does not exist" in err and "\n" not in err and "Traceback" not in err
    assert contents(shopper) == before


def test_visits_that_only_arrived_from_others_are_not_sent_again(shopper, folders, tmp_path):
    outbox, inbox = folders
    owner = tmp_path / "owner.db"
    with Store.open(shopper) as store:
        sync_once(store, outbox=outbox)
    with Store.open(owner) as store:
        sync_once(store, inbox=outbox)
        assert sync_once(store, outbox=inbox).sent == []  # the shopper's visits are theirs
        visit_id = store.visits.summaries()[0].id
        store.visits.save_answer(visit_id, Answer("greeting", 1.0, note="owner's note"))
        assert len(sync_once(store, outbox=inbox).sent) == 1  # edited here: now the owner's


def test_a_new_evaluator_code_renames_the_bundle_without_leaving_the_old_one(shopper, folders):
    outbox, _ = folders
    with Store.open(shopper) as store:
        sync_once(store, outbox=outbox)
        visit_id = store.visits.summaries()[0].id
        store.visits.update(visit_id, evaluator_code="MS-099")
        [name] = sync_once(store, outbox=outbox).sent
        assert name.startswith("MS-099-")
        assert len(list(outbox.iterdir())) == 2


def test_names_from_two_shoppers_never_collide():
    visit = "0b6a6f2e-9a9e-4c39-8d55-1e2f3a4b5c6d"
    a = bundle_name("MS-014", "11111111-aaaa-4aaa-8aaa-aaaaaaaaaaaa", visit)
    b = bundle_name("MS-014", "22222222-bbbb-4bbb-8bbb-bbbbbbbbbbbb", visit)
    assert a != b and a.endswith(f"-{visit}.undercover")
    assert bundle_name("../../etc/x y", "33333333", visit) == f"etc_x_y-33333333-{visit}.undercover"
    assert bundle_name("", "44444444", visit) == f"44444444-{visit}.undercover"


@pytest.mark.parametrize("name", [
    ".syncthing.a.undercover.tmp", "~syncthing~a.undercover.tmp", "~a.undercover",
    "a.undercover.part", "a.undercover.crdownload", ".a.undercover", "a.undercover.partial",
    ".a.undercover.3f2a.part", "notes.txt", "a.undercover.txt",
])
def test_files_still_being_written_are_not_bundles(name):
    assert not is_bundle_name(name)


@pytest.mark.parametrize("name", [
    "a.undercover", "A.UNDERCOVER", "a.sync-conflict-20260301-101500-ABCDEFG.undercover",
    "a (conflicted copy 2026-03-01).undercover", "a (1).undercover",
])
def test_bundles_and_conflict_copies_are_bundles(name):
    assert is_bundle_name(name)


# -- an inbox with everything a real one may hold ---------------------------------------


def _bundles(shopper: Path, tmp_path: Path) -> tuple[list[Path], Path, str]:
    """The shopper's two visits as bundles, and a later edit of the first as a third file."""
    out = tmp_path / "sent"
    out.mkdir()
    with Store.open(shopper) as store:
        report = sync_once(store, outbox=out)
        first = sorted(report.sent)[0]
        visit_id = first[-len("00000000-0000-0000-0000-000000000000.undercover"):-11]
        originals = sorted(out.iterdir())
        kept = tmp_path / "first-version.undercover"
        shutil.copyfile(out / first, kept)
        store.visits.save_answer(visit_id, Answer("greeting", 5.0, note="second thoughts"))
        sync_once(store, outbox=out)
        edited = tmp_path / "edited.undercover"
        shutil.copyfile(out / first, edited)
        shutil.copyfile(kept, out / first)
    return [out / p.name for p in originals], edited, visit_id


def test_an_inbox_of_half_written_repeated_conflicting_and_hostile_files(shopper, tmp_path):
    (first, second), edited, visit_id = _bundles(shopper, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    good = [shutil.copy(first, inbox), shutil.copy(second, inbox)]
    # The same bytes again under another name; a conflict copy holding the later edit.
    shutil.copyfile(first, inbox / "copy of first.undercover")
    conflict = inbox / f"{first.stem}.sync-conflict-20260301-101500-ABCDEFG.undercover"
    shutil.copyfile(edited, conflict)
    # Being written by a sync engine or a browser: never touched.
    unfinished = {}
    for name in (".syncthing.x.undercover.tmp", "~x.undercover", "x.undercover.part",
                 "x.undercover.crdownload", "notes.txt"):
        unfinished[name] = first.read_bytes()[:1000]
        inbox.joinpath(name).write_bytes(unfinished[name])
    # Half-written under its final name, still arriving (changed just now).
    half = inbox / "half.undercover"
    half.write_bytes(second.read_bytes()[: second.stat().st_size // 2])
    # Hostile and damaged, long arrived.
    hostile = {
        "not-a-zip.undercover": b"GIF89a this is no bundle",
        "empty.undercover": b"",
    }
    for name, data in hostile.items():
        inbox.joinpath(name).write_bytes(data)
    traversal = inbox / "escape.undercover"
    with zipfile.ZipFile(traversal, "w") as zf, zipfile.ZipFile(first) as src:
        for info in src.infolist():
            zf.writestr(info, src.read(info))
        zf.writestr("../../evil.txt", b"owned")
    for name in [*hostile, traversal.name]:
        age(inbox / name)
    # A link to a file outside (set aside as a link; its target untouched), and a pipe
    # that would block whoever opened it (never opened).
    outside = tmp_path / "private.txt"
    outside.write_text("not yours")
    (inbox / "link.undercover").symlink_to(outside)
    os.mkfifo(inbox / "pipe.undercover")
    os.utime(inbox / "link.undercover", (HOUR_AGO, HOUR_AGO), follow_symlinks=False)
    age(outside)

    owner = tmp_path / "owner.db"
    with Store.open(owner) as store:
        report = sync_once(store, inbox=inbox)
    outcomes = {a.name: a.outcome for a in report.arrivals}
    assert outcomes == {
        first.name: "imported", second.name: "imported", "copy of first.undercover": "known",
        conflict.name: "imported", "half.undercover": "waiting",
        "not-a-zip.undercover": "rejected", "empty.undercover": "rejected",
        "escape.undercover": "rejected", "link.undercover": "rejected",
    }
    # The conflict copy (the later edit) sorts first; the older bundle then changes nothing.
    assert report.sentence() == (
        "Inbox: 3 bundles imported (2 visits added, 0 updated, 1 unchanged), "
        "1 already imported, 1 still arriving, 4 rejected (moved to rejected/)."
    )
    assert report.problems == []
    # What was never a finished bundle is exactly as it was.
    for name, data in unfinished.items():
        assert inbox.joinpath(name).read_bytes() == data
    assert half.exists() and not (tmp_path / "evil.txt").exists()
    # Bad files moved aside, each with a note saying why.
    rejected = inbox / REJECTED
    assert sorted(p.name for p in rejected.iterdir()) == sorted(
        n for name in [*hostile, traversal.name, "link.undercover"]
        for n in (name, f"{name}.txt")
    )
    assert rejected.joinpath("link.undercover").is_symlink()
    assert outside.read_text() == "not yours"
    assert inbox.joinpath("pipe.undercover").exists()
    assert "not a zip file" in rejected.joinpath("not-a-zip.undercover.txt").read_text()
    assert "outside its folder" in rejected.joinpath("escape.undercover.txt").read_text()
    assert rejected.joinpath("empty.undercover").read_bytes() == b""
    for name in good:
        assert Path(name).exists()  # imported bundles stay: the sync engine owns them

    # The database holds exactly the good bundles, the edit winning.
    expected = tmp_path / "expected.db"
    with Store.open(expected) as store:
        import_bundles([first, second, edited], store)
    assert records(owner) == records(expected)
    with Store.open(owner) as store:
        assert store.visits.answers(visit_id)["greeting"].note == "second thoughts"
        assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert store.db.execute("PRAGMA foreign_key_check").fetchall() == []

        # The half-written file is finished by its sync engine: imported on the next pass.
        half.write_bytes(second.read_bytes())
        report = sync_once(store, inbox=inbox)
        assert {a.name: a.outcome for a in report.arrivals}["half.undercover"] == "known"
        assert report.sentence() == "Inbox: 5 already imported."
    assert records(owner) == records(expected)


def test_a_half_written_file_that_never_completes_is_rejected_once_it_settles(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    stuck = inbox / "stuck.undercover"
    stuck.write_bytes(b"PK\x03\x04 and then nothing")
    owner = tmp_path / "owner.db"
    with Store.open(owner) as store:
        before = contents(owner)
        assert sync_once(store, inbox=inbox).arrivals[0].outcome == "waiting"
        assert stuck.exists()
        later = sync_once(store, inbox=inbox, clock=lambda: time.time() + 3600)
        assert later.arrivals[0].outcome == "rejected"
        assert not stuck.exists() and (inbox / REJECTED / "stuck.undercover").exists()
        # A second bad file of the same name does not overwrite the first one set aside.
        stuck.write_bytes(b"again")
        age(stuck)
        assert sync_once(store, inbox=inbox).arrivals[0].outcome == "rejected"
        assert sorted(p.name for p in (inbox / REJECTED).iterdir()) == [
            "stuck (2).undercover", "stuck (2).undercover.txt",
            "stuck.undercover", "stuck.undercover.txt",
        ]
    assert contents(owner) == before


def test_a_bundle_from_a_newer_version_is_set_aside_saying_to_update(shopper, tmp_path):
    (first, _), _, _ = _bundles(shopper, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    newer = inbox / "newer.undercover"
    with zipfile.ZipFile(first) as src, zipfile.ZipFile(newer, "w") as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "manifest.json":
                data = data.replace(b'"format_version": 1', b'"format_version": 99')
            zf.writestr(info, data)
    age(newer)
    with Store.open(tmp_path / "owner.db") as store:
        assert sync_once(store, inbox=inbox).arrivals[0].outcome == "rejected"
    note = (inbox / REJECTED / "newer.undercover.txt").read_text()
    assert "newer version of Undercover" in note and "move the file back" in note


def test_a_busy_database_stops_the_pass_and_leaves_every_file(shopper, tmp_path, capsys):
    (first, _), _, _ = _bundles(shopper, tmp_path)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(first, inbox)
    owner = tmp_path / "owner.db"
    Store.open(owner).close()
    with Store.open(owner) as holder:
        holder.db.conn.execute("BEGIN IMMEDIATE")
        with Store.open(owner, busy_timeout=0.1) as store, pytest.raises(DatabaseError,
                                                                          match="busy"):
            sync_once(store, inbox=inbox)
        holder.db.conn.execute("ROLLBACK")
    assert sorted(p.name for p in inbox.iterdir()) == [first.name]
    with Store.open(owner) as store:
        assert sync_once(store, inbox=inbox).count("imported") == 1


def test_folders_inside_the_inbox_one_per_shopper_are_imported_too(shopper, tmp_path):
    (first, second), _, _ = _bundles(shopper, tmp_path)
    inbox = tmp_path / "inbox"
    for sub in ("MS-014", "MS-022", ".stfolder", "MS-014/deeper"):
        (inbox / sub).mkdir(parents=True)
    shutil.copy(first, inbox / "MS-014")
    shutil.copy(second, inbox / "MS-022")
    shutil.copy(second, inbox / ".stfolder" / "hidden.undercover")
    shutil.copy(second, inbox / "MS-014" / "deeper" / "too-deep.undercover")
    bad = inbox / "MS-022" / "bad.undercover"
    bad.write_bytes(b"not a bundle")
    age(bad)
    with Store.open(tmp_path / "owner.db") as store:
        report = sync_once(store, inbox=inbox)
        assert {a.name: a.outcome for a in report.arrivals} == {
            f"MS-014/{first.name}": "imported", f"MS-022/{second.name}": "imported",
            "MS-022/bad.undercover": "rejected",
        }
        assert store.visits.count() == 2
        assert (inbox / "MS-022" / REJECTED / "bad.undercover.txt").exists()
        assert sync_once(store, inbox=inbox).sentence() == "Inbox: 2 already imported."


def test_a_missing_outbox_file_is_written_again_unless_the_owner_set_it_aside(shopper,
                                                                            folders):
    outbox, _ = folders
    with Store.open(shopper) as store:
        first, second = sorted(sync_once(store, outbox=outbox).sent)
        (outbox / first).unlink()  # cleaned up by hand, or a new outbox folder
        assert sync_once(store, outbox=outbox).sent == [first]
        # The owner's app set the second aside; a two-way folder brings that back here.
        (outbox / REJECTED).mkdir()
        os.replace(outbox / second, outbox / REJECTED / second)
        (outbox / REJECTED / f"{second}.txt").write_text("Why: ...")
        assert sync_once(store, outbox=outbox).sent == []
        visit_id = second[-len("00000000-0000-0000-0000-000000000000.undercover"):-11]
        store.visits.save_answer(visit_id, Answer("greeting", 3.0, note="fixed"))
        assert sync_once(store, outbox=outbox).sent == [second]  # an edit sends it anew


def test_a_bad_file_another_pass_moves_meanwhile_is_left_to_that_pass(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    bad = inbox / "bad.undercover"
    bad.write_bytes(b"not a bundle")
    age(bad)
    elsewhere = tmp_path / "moved by the other pass"

    def clock() -> float:  # asked just before deciding: the other pass gets there first
        if bad.exists():
            os.replace(bad, elsewhere)
        return time.time()

    with Store.open(tmp_path / "owner.db") as store:
        report = sync_once(store, inbox=inbox, clock=clock)
    assert report.arrivals == [] and report.problems == []
    assert not (inbox / REJECTED).exists() and elsewhere.exists()


def test_one_folder_as_both_inbox_and_outbox_never_reads_back_its_own_bundles(shopper,
                                                                             tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    with Store.open(shopper) as store:
        first = sync_once(store, inbox=shared, outbox=shared)
        assert first.sentence() == "Inbox: no bundles. Outbox: 2 visits written."
        again = sync_once(store, inbox=shared, outbox=shared)
        assert again.sentence() == "Inbox: 2 already imported. Outbox: nothing new to write."
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        report = sync_once(store, inbox=shared, outbox=shared)
        assert report.sentence() == (
            "Inbox: 2 bundles imported (2 visits added, 0 updated, 0 unchanged). "
            "Outbox: nothing new to write."
        )
