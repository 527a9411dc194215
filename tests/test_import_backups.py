"""A backup before every import and upgrade: the command line, the app's Import visits…,
the sync inbox (app and command line) and opening an older file; real files throughout."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import pytest
from exchange_helpers import add_visit, contents
from PySide6.QtCore import Qt
from sqlite_utils import Database
from sync_helpers import age, complete, records, run
from ui_helpers import drop_files

from undercover.exchange import backups
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.exchange.sync import Folders, sync_once
from undercover.store import Store
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from undercover.store.snapshots import file_facts, quick_check
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.sync import one_pass
from undercover.ui.tasks import TaskRunner


def visit_ids(path: Path) -> set[str]:
    with Store.open(path, read_only=True) as store:  # a backup is looked at, never changed
        return {v.id for v in store.visits.summaries()}


def import_copies(database: Path) -> list[backups.Backup]:
    return [b for b in backups.list_backups(database) if b.reason == backups.BEFORE_IMPORT]


def assert_holds(copy: backups.Backup, expected: set[str]) -> None:
    """The copy is a sound database that opens and holds exactly ``expected``."""
    assert quick_check(copy.path) is None
    assert visit_ids(copy.path) == expected


@pytest.fixture
def owner(tmp_path: Path) -> Path:
    """The owner's database, with two visits of their own."""
    path = tmp_path / "owner.db"
    with Store.open(path) as store:
        add_visit(store, "Station Road", photos=1, seed=7)
        add_visit(store, "Station Road", photos=0, seed=8)
    return path


@pytest.fixture
def bundles(tmp_path: Path) -> list[Path]:
    """Two bundles from a shopper: two visits, then one more."""
    shopper = tmp_path / "shopper.db"
    made = []
    with Store.open(shopper) as store:
        first = [add_visit(store, "Harbour Street", photos=2, seed=n).id for n in (1, 2)]
        third = add_visit(store, "Łódź Old Town", photos=1, seed=3).id
        for n, ids in enumerate([first, [third]]):
            for visit_id in ids:
                complete(store, visit_id)
            made.append(export_bundle(store, ids, tmp_path / f"part-{n}.undercover").path)
    return made


def unwritable_backups(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The backups folder cannot be made: its parent is a file."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("UNDERCOVER_HOME", str(blocker))


# -- the command line ----------------------------------------------------------------


def test_cli_import_of_two_bundles_takes_one_backup_holding_the_visits_before(
    owner, bundles, capsys
):
    before = visit_ids(owner)
    assert run("import", "--db", owner, *bundles) == 0
    [copy] = import_copies(owner)
    out = capsys.readouterr().out.splitlines()
    assert out == ["Imported 2 bundles: 3 visits added, 0 updated, 0 unchanged.",
                   f"The database as it was before is kept in {copy.path}"]
    assert_holds(copy, before)
    assert len(visit_ids(owner)) == 5
    # Again: nothing changes, so no copy is taken either.
    assert run("import", "--db", owner, *bundles) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Imported 2 bundles: 0 visits added, 0 updated, 3 unchanged."]
    assert import_copies(owner) == [copy]


def test_cli_import_into_a_new_database_backs_up_the_empty_one(tmp_path, bundles, capsys):
    fresh = tmp_path / "new.db"
    assert run("import", "--db", fresh, bundles[1]) == 0
    [copy] = import_copies(fresh)
    assert_holds(copy, set())
    assert len(visit_ids(fresh)) == 1


def test_a_bad_bundle_takes_no_backup(owner, tmp_path, bundles, capsys):
    bad = tmp_path / "bad.undercover"
    bad.write_bytes(bundles[0].read_bytes()[:300])
    assert run("import", "--db", owner, bundles[1], bad) == 1
    assert "bad.undercover cannot be imported" in capsys.readouterr().err
    assert backups.list_backups(owner) == []


def test_a_failed_backup_stops_the_cli_import_and_writes_nothing(
    owner, bundles, tmp_path, monkeypatch, capsys
):
    before = contents(owner)
    unwritable_backups(monkeypatch, tmp_path)
    assert run("import", "--db", owner, *bundles) == 1
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert err.startswith("undercover: Nothing was imported: the backup taken before every "
                          "import could not be made. Cannot write ")
    assert contents(owner) == before


# -- the sync inbox --------------------------------------------------------------------


def test_a_sync_pass_takes_one_backup_and_a_pass_with_nothing_new_takes_none(
    owner, bundles, tmp_path, capsys
):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for bundle in bundles:
        age(Path(shutil.copy(bundle, inbox)))
    before = visit_ids(owner)
    assert run("sync", "--db", owner, "--inbox", inbox) == 0
    [copy] = import_copies(owner)
    assert_holds(copy, before)
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == f"The database as it was before the import is kept in {copy.path}"
    assert out[-2].startswith("Inbox: 2 bundles imported (3 visits added")
    # Nothing new in the inbox: no copy, and nothing said about one.
    assert run("sync", "--db", owner, "--inbox", inbox) == 0
    assert "kept in" not in capsys.readouterr().out
    assert import_copies(owner) == [copy]
    # A new bundle that changes nothing (visits already here) takes none either.
    with Store.open(owner) as store:
        export_bundle(store, sorted(visit_ids(owner)), inbox / "again.undercover")
        age(inbox / "again.undercover")
        report = sync_once(store, inbox=inbox)
    assert report.count("imported") == 1 and not report.changed
    assert report.backup is None and import_copies(owner) == [copy]


def test_a_failed_backup_leaves_the_inbox_for_the_next_pass(
    owner, bundles, tmp_path, monkeypatch, capsys
):
    inbox, outbox = tmp_path / "inbox", tmp_path / "outbox"
    inbox.mkdir()
    outbox.mkdir()
    for bundle in bundles:
        age(Path(shutil.copy(bundle, inbox)))
    with Store.open(owner) as store:
        complete(store, add_visit(store, "Station Road", photos=0, seed=9).id)
    before = records(owner)
    home = tmp_path / "home"
    unwritable_backups(monkeypatch, tmp_path)
    assert run("sync", "--db", owner, "--inbox", inbox, "--outbox", outbox) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("undercover: Nothing was imported: the backup taken ")
    assert len(captured.err.splitlines()) == 1
    assert ("Inbox: not imported, as no backup could be taken; left for the next pass. "
            "Outbox: 1 visit written.") in captured.out
    assert records(owner) == before
    assert sorted(p.name for p in inbox.iterdir()) == sorted(b.name for b in bundles)

    monkeypatch.setenv("UNDERCOVER_HOME", str(home))  # the disk has room again
    with Store.open(owner) as store:
        report = sync_once(store, inbox=inbox)
    assert report.count("imported") == 2 and not report.problems
    [copy] = import_copies(owner)
    assert report.backup == copy.path
    assert_holds(copy, {r[0] for r in before["visits"]})


def test_the_apps_sync_pass_takes_the_backup_too(owner, bundles, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    age(Path(shutil.copy(bundles[0], inbox)))
    before = visit_ids(owner)
    done = one_pass(owner, Folders(inbox=inbox))  # what the app runs on a worker
    assert len(done.visits) == 2
    [copy] = import_copies(owner)
    assert done.report.backup == copy.path
    assert_holds(copy, before)


# -- the app's Import visits… ------------------------------------------------------------


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(Store.open(path), TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_importing_in_the_app_takes_one_backup_and_says_where(qtbot, owner, bundles,
                                                               monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, *_a: shown.append(text))
    before = visit_ids(owner)
    window = open_window(qtbot, owner)
    assert drop_files(window, bundles)
    qtbot.waitUntil(lambda: window.import_preview is not None, timeout=60_000)
    assert backups.list_backups(owner) == []  # the preview writes nothing, copies nothing
    qtbot.mouseClick(window.import_preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 5
                    and window.exchange_progress is None, timeout=60_000)
    [copy] = import_copies(owner)
    assert_holds(copy, before)
    assert window.statusBar().currentMessage() == (
        "Imported: 3 visits added, 0 updated, 0 unchanged. The database as it was before "
        f"is kept in {copy.path}"
    )
    assert shown == []


def test_a_failed_backup_in_the_app_says_so_and_imports_nothing(
    qtbot, owner, bundles, tmp_path, monkeypatch
):
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, *_a: shown.append(text))
    window = open_window(qtbot, owner)
    assert drop_files(window, bundles[:1])
    qtbot.waitUntil(lambda: window.import_preview is not None, timeout=60_000)
    unwritable_backups(monkeypatch, tmp_path)
    qtbot.mouseClick(window.import_preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=60_000)
    [message] = shown
    assert message.startswith("Nothing was imported: the backup taken before every import "
                              "could not be made. Cannot write ")
    assert window.list_page.model.rowCount() == 2
    window.store.close()
    assert len(visit_ids(owner)) == 2


# -- upgrades --------------------------------------------------------------------------


def old_database(path: Path) -> Path:
    database = Database(path)
    migrations.apply(database, stop_before=MIGRATION_NAMES[1])
    database.close()
    return path


def test_a_command_that_upgrades_an_older_file_backs_it_up_first(tmp_path, bundles, capsys):
    old = old_database(tmp_path / "old.db")
    assert run("import", "--db", old, bundles[1]) == 0
    reasons = sorted(b.reason for b in backups.list_backups(old))
    assert reasons == [backups.BEFORE_IMPORT, backups.BEFORE_UPGRADE]
    [upgrade] = [b for b in backups.list_backups(old) if b.reason == backups.BEFORE_UPGRADE]
    assert file_facts(upgrade.path).schema == 1
    assert file_facts(old).schema == SCHEMA_VERSION
    # The other commands that open for writing do the same; one that only reads refuses.
    for command in (["checklist", "list"], ["demo", "--visits", "1"]):
        another = old_database(tmp_path / f"{command[0]}.db")
        assert run(command[0], "--db", another, *command[1:]) == 0
        assert [b.reason for b in backups.list_backups(another)] == [backups.BEFORE_UPGRADE]
    reader = old_database(tmp_path / "reader.db")
    assert run("list", "--db", reader) == 1
    assert backups.list_backups(reader) == []
    # A current file is not copied on opening.
    assert run("checklist", "list", "--db", old) == 0
    assert len(backups.list_backups(old)) == 2


def test_a_failed_upgrade_copy_is_a_warning_and_the_copy_beside_the_file_still_made(
    tmp_path, monkeypatch, capsys
):
    old = old_database(tmp_path / "old.db")
    unwritable_backups(monkeypatch, tmp_path)
    assert run("checklist", "list", "--db", old) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"undercover: no copy in the backups folder before upgrading {old}: "
                          "Cannot write ")
    assert len(err.splitlines()) == 1
    assert len(list(tmp_path.glob("old.schema-1.*.bak"))) == 1


def test_opening_an_older_file_in_the_app_backs_it_up_first(qtbot, owner, tmp_path):
    window = open_window(qtbot, owner)
    old = old_database(tmp_path / "old.db")
    assert window.switch_database(old)
    [copy] = backups.list_backups(old)
    assert copy.reason == backups.BEFORE_UPGRADE and file_facts(copy.path).schema == 1


# -- keeping the copies ----------------------------------------------------------------


def test_copies_before_imports_keep_the_newest_5_of_each_day(owner):
    def at(day: int, hour: int) -> datetime:
        return datetime(2026, 6, day, hour, 30).astimezone()

    clock_time = [at(1, 8)]
    taken: dict[tuple[int, int], Path] = {}
    for day in (1, 2):
        for hour in range(8, 8 + 6 if day == 1 else 8 + 5):
            clock_time[0] = at(day, hour)
            taken[day, hour] = backups.take_backup(
                owner, backups.BEFORE_IMPORT, lambda: clock_time[0]).path
    kept = {b.path for b in backups.list_backups(owner)}
    # Six on 1 June: the first is gone, the newest five stay; five on 2 June all stay.
    assert taken[1, 8] not in kept
    assert {taken[1, h] for h in range(9, 14)} <= kept
    assert {taken[2, h] for h in range(8, 13)} <= kept
    assert len(kept) == 10
    # The start-of-day copy is not one of them and stays beside five import copies.
    clock_time[0] = at(2, 20)
    daily = backups.take_backup(owner, backups.DAILY, lambda: clock_time[0])
    clock_time[0] = at(2, 21)
    backups.take_backup(owner, backups.BEFORE_IMPORT, lambda: clock_time[0])
    kept = {b.path for b in backups.list_backups(owner)}
    assert daily.path in kept and taken[2, 8] not in kept and taken[2, 9] in kept
    # Weeks later only the newest copy of that week is left, as for every other copy.
    for day in range(23, 31):
        clock_time[0] = datetime(2026, 6, day, 12).astimezone()
        backups.take_backup(owner, backups.DAILY, lambda: clock_time[0])
    left = [b for b in backups.list_backups(owner) if b.day < date(2026, 6, 23)]
    assert [(b.day, b.reason) for b in left] == [(date(2026, 6, 2), backups.BEFORE_IMPORT)]
    assert left[0].taken == at(2, 21)


def test_each_import_call_backs_up_once_and_a_shared_backup_only_the_first_time(
    owner, bundles
):
    with Store.open(owner) as store:
        first = visit_ids(owner)
        assert len(import_bundles(bundles[:1], store).added) == 2
        second = visit_ids(owner)
        shared = backups.BackupOnce(owner)
        [third] = import_bundles(bundles[1:], store, backup=shared).added
        taken = shared.taken
        assert taken is not None
        with Store.open(owner.parent / "other.db") as other:
            import_bundles(bundles, other, backup=shared)  # already taken: not again
    assert shared.taken is taken
    assert [visit_ids(b.path) for b in import_copies(owner)] == [second, first]
    assert visit_ids(owner) == second | {third}
    assert backups.list_backups(owner.parent / "other.db") == []
