"""Backups and CSV in the app: Restore from backup…, the start-up check, Settings, Export CSV…."""

from __future__ import annotations

import csv
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from sqlite_utils import Database

from undercover.demo import create_demo
from undercover.exchange import backups
from undercover.store import Store
from undercover.store.migrations import MIGRATION_NAMES, SCHEMA_VERSION, migrations
from undercover.store.snapshots import copy_file, file_facts, quick_check
from undercover.ui import app, csv_export, dialogs, restore
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo business, made once: each test works on its own copy."""
    path = tmp_path_factory.mktemp("demo") / "shop.db"
    with Store.open(path) as store:
        create_demo(store, visits=5, seed=11)
    return path  # closed, so one self-contained file


@pytest.fixture
def shop(tmp_path: Path, demo_file: Path) -> Path:
    path = tmp_path / "shop.db"
    shutil.copyfile(demo_file, path)
    return path


def open_window(qtbot, path: Path, tasks: TaskRunner | None = None) -> MainWindow:
    window = MainWindow(Store.open(path), tasks or TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def delete_some(path: Path, count: int) -> None:
    with Store.open(path) as store:
        for visit in store.visits.summaries()[:count]:
            store.visits.delete(visit.id)


def click_row(qtbot, view, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    rect = view.visualRect(view.model().index(row, 1))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_restore_from_backup_lists_copies_and_brings_deleted_visits_back(
    qtbot, shop, monkeypatch
):
    backups.take_backup(shop, backups.DAILY)
    delete_some(shop, 3)
    window = open_window(qtbot, shop, TaskRunner())  # the restore runs on a real worker
    assert window.list_page.model.rowCount() == 2
    asked: list[str] = []
    monkeypatch.setattr(dialogs, "confirm", lambda _p, _t, text, _a: asked.append(text) or True)

    file_menu = window.menuBar().actions()[0].menu()
    assert window.restore_action in file_menu.actions()
    window.restore_action.trigger()
    dialog = window.findChild(restore.RestoreDialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.table.rowCount() == 1
    row = [dialog.table.item(0, c).text() for c in range(4)]
    assert row[1] == "Start of the day" and row[2] == "5"
    assert row[3].endswith(("KB", "MB"))
    click_row(qtbot, dialog.table, 0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 5, timeout=10_000)
    assert "(5 visits)" in asked[0]
    assert "Restored 5 visits" in window.statusBar().currentMessage()
    assert window.store.visits.count() == 5  # the window works on the restored file
    kept = [b for b in backups.list_backups(shop) if b.reason == backups.BEFORE_RESTORE]
    assert len(kept) == 1
    window.restore_action.trigger()  # the copy of what was replaced is offered too
    dialog = window.findChildren(restore.RestoreDialog)[-1]
    labels = {dialog.table.item(r, 1).text(): dialog.table.item(r, 2).text()
              for r in range(dialog.table.rowCount())}
    assert labels == {"Start of the day": "5", "Before a restore": "2"}
    dialog.close()


def test_other_file_restores_a_copy_kept_anywhere(qtbot, shop, tmp_path, monkeypatch):
    elsewhere = tmp_path / "usb" / "copy.db"
    elsewhere.parent.mkdir()
    copy_file(shop, elsewhere)
    delete_some(shop, 4)
    window = open_window(qtbot, shop)
    monkeypatch.setattr(dialogs, "choose_database", lambda *_a: elsewhere)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    dialog = window.restore_from_backup()
    assert dialog.table.isHidden() and dialog.empty.isVisible()  # no copies yet
    assert not dialog.restore_button.isEnabled()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 5, timeout=10_000)
    assert elsewhere.exists()  # the chosen copy is read, never moved


HOLDER = textwrap.dedent(
    """
    import sys
    from undercover.store import Store
    store = Store.open(sys.argv[1])
    store.visits.summaries()
    print("READY", flush=True)
    sys.stdin.read()
    """
)


def test_a_restore_refused_because_another_program_uses_the_file_changes_nothing(
    qtbot, shop, monkeypatch
):
    taken = backups.take_backup(shop, backups.DAILY)
    delete_some(shop, 1)
    window = open_window(qtbot, shop)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: errors.append(text))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(shop)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "READY"
        restore.restore_in_window(window, taken.path)
    finally:
        holder.communicate("", timeout=30)
    qtbot.waitUntil(lambda: len(errors) == 1, timeout=10_000)
    assert "in use by another program" in errors[0]
    assert window.list_page.model.rowCount() == 4
    assert window.store.visits.count() == 4  # still open and working


def damage(path: Path) -> None:
    with open(path, "r+b") as f:
        f.seek(4096 * 3)
        f.write(random.Random(7).randbytes(4096 * 4))


def test_a_damaged_database_at_start_offers_the_latest_good_backup(shop, monkeypatch):
    backups.take_backup(shop, backups.DAILY)
    damage(shop)
    asked: list[tuple[str, bool]] = []
    monkeypatch.setattr(restore, "ask_damaged",
                        lambda _p, text, can: asked.append((text, can)) or restore.RESTORE)
    store = restore.open_at_start(shop)
    assert store is not None
    with store:
        assert store.visits.count() == 5
    [(text, can_restore)] = asked
    assert can_restore
    assert f"The database {shop} is damaged" in text and "with 5 visits" in text
    assert quick_check(shop) is None
    assert [b.reason for b in backups.list_backups(shop)].count(backups.DAMAGED) == 1


def test_quitting_at_a_damaged_database_leaves_it_as_it_is(shop, monkeypatch):
    damage(shop)
    before = shop.read_bytes()
    asked: list[bool] = []
    monkeypatch.setattr(restore, "ask_damaged",
                        lambda _p, _text, can: asked.append(can) or restore.QUIT)
    assert restore.open_at_start(shop) is None
    assert asked == [False]  # no backup to offer
    assert shop.read_bytes() == before


def test_a_sound_database_opens_without_a_question_and_an_old_one_is_copied_first(
    shop, monkeypatch, tmp_path
):
    monkeypatch.setattr(restore, "ask_damaged", lambda *_a: pytest.fail("nothing to ask"))
    with restore.open_at_start(shop) as store:
        assert store.visits.count() == 5
    assert backups.list_backups(shop) == []  # current schema: no upgrade, no copy
    old = tmp_path / "old.db"
    database = Database(old)
    migrations.apply(database, stop_before=MIGRATION_NAMES[1])
    database.close()
    with restore.open_at_start(old) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    [copy] = backups.list_backups(old)
    assert copy.reason == backups.BEFORE_UPGRADE
    assert file_facts(copy.path).schema == 1


def test_the_app_takes_todays_backup_in_the_background_at_start(qtbot, shop, monkeypatch):
    monkeypatch.setattr(app, "install_excepthook", lambda _log: None)
    opened: list[MainWindow] = []

    def close_when_backed_up() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and backups.list_backups(shop):
            opened.extend(windows)
            for window in windows:
                window.close()
        else:
            QTimer.singleShot(50, close_when_backed_up)

    QTimer.singleShot(0, close_when_backed_up)
    assert app.run_app(shop) == 0
    [copy] = backups.list_backups(shop)
    assert copy.reason == backups.DAILY
    assert opened
    # The next start the same day takes no second copy.
    assert backups.daily_backup(shop) is None


def test_settings_say_where_the_backups_are_and_how_big(qtbot, shop):
    taken = backups.take_backup(shop, backups.DAILY)
    window = open_window(qtbot, shop)
    dialog = window.open_settings()
    panel = dialog.backups
    dialog.tabs.setCurrentWidget(panel)
    assert str(taken.path.parent) in panel.folder.text()
    assert panel.usage_label.text() == f"1 copy, {restore.size_label(taken.size)}."
    assert taken.size > 10_000 and panel.usage_label.text().endswith(("KB.", "MB."))
    dialog.close()


def test_size_labels():
    assert restore.size_label(999) == "999 bytes"
    assert restore.size_label(1500) == "1.5 KB"
    assert restore.size_label(23_400_000) == "23.4 MB"
    assert restore.size_label(5_100_000_000_000) == "5100.0 GB"


def test_export_csv_writes_the_visits_chosen_in_the_list(qtbot, shop, tmp_path, monkeypatch):
    window = open_window(qtbot, shop)
    table = window.list_page.table
    assert not window.list_page.csv_button.isEnabled()
    click_row(qtbot, table, 0)
    click_row(qtbot, table, 2, Qt.KeyboardModifier.ControlModifier)
    chosen = set(window.list_page.selected_ids())
    assert len(chosen) == 2 and window.csv_action.isEnabled()
    target = tmp_path / "chosen"
    monkeypatch.setattr(csv_export, "choose_csv_file", lambda _p, _s: (target, True))
    qtbot.mouseClick(window.list_page.csv_button, Qt.MouseButton.LeftButton)
    out = tmp_path / "chosen.csv"  # the extension is added
    qtbot.waitUntil(out.exists, timeout=10_000)
    with out.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["Visit id"] for r in rows} == chosen
    assert "Saved 2 visits as " in window.statusBar().currentMessage()

    answers = tmp_path / "answers.csv"
    monkeypatch.setattr(csv_export, "choose_csv_file", lambda _p, _s: (answers, False))
    window.csv_action.trigger()  # File → Export CSV… does the same
    qtbot.waitUntil(answers.exists, timeout=10_000)
    with answers.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["Visit id"] for r in rows} == chosen and len(rows) > 2
    assert "Question" in rows[0]


def test_export_csv_to_a_place_that_cannot_be_written_says_so(qtbot, shop, tmp_path,
                                                              monkeypatch):
    window = open_window(qtbot, shop)
    click_row(qtbot, window.list_page.table, 0)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: errors.append(text))
    target = tmp_path / "no-such-folder" / "visits.csv"
    monkeypatch.setattr(csv_export, "choose_csv_file", lambda _p, _s: (target, False))
    qtbot.mouseClick(window.list_page.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(errors), timeout=10_000)
    assert errors == [f"The folder {target.parent} does not exist."]
    assert not target.parent.exists()


def test_a_copy_that_cannot_be_read_is_listed_as_such_and_not_restored(qtbot, shop,
                                                                       monkeypatch):
    taken = backups.take_backup(shop, backups.DAILY)
    taken.path.write_bytes(b"not a database any more")
    window = open_window(qtbot, shop)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: errors.append(text))
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: pytest.fail("nothing to confirm"))
    dialog = window.restore_from_backup()
    assert dialog.table.item(0, 2).text() == "cannot be read"
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert len(errors) == 1 and "cannot be read; choose another" in errors[0]
    assert window.store.visits.count() == 5


def test_a_restore_of_one_visit_says_visit(qtbot, tmp_path, monkeypatch):
    from undercover.domain.visit import Location, Visit

    path = tmp_path / "one.db"
    with Store.open(path) as store:
        place = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(place.id, checklist.key, checklist.version))
    elsewhere = tmp_path / "usb" / "copy.db"
    elsewhere.parent.mkdir()
    copy_file(path, elsewhere)
    with Store.open(path) as store:
        store.visits.delete(visit.id)
    window = open_window(qtbot, path)
    monkeypatch.setattr(dialogs, "choose_database", lambda *_a: elsewhere)
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    dialog = window.restore_from_backup()
    qtbot.mouseClick(dialog.file_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 1, timeout=10_000)
    assert window.statusBar().currentMessage() == "Restored 1 visit from copy.db"
