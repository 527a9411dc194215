"""Sync folders in the app: Settings → Sync, the inbox watched, the outbox written after a
visit is completed and again after it is edited, the status line and the list of arrivals."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from exchange_helpers import add_visit
from PySide6.QtCore import Qt
from sync_helpers import complete

from undercover.domain.scoring import missing_required
from undercover.domain.visit import Answer
from undercover.exchange.sync import bundle_name, save_folder, saved_folders, sync_once
from undercover.store import Store
from undercover.store import settings as keys
from undercover.ui import dialogs, sync, sync_settings
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import TaskRunner

WAIT_MS = 20_000  # generous: a loaded two-core machine


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> None:
    """Shorter waits than a person needs, so the tests run quickly."""
    monkeypatch.setattr(sync, "EDIT_DELAY_MS", 100)
    monkeypatch.setattr(sync, "INBOX_DELAY_MS", 50)


def open_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store, TaskRunner())  # a real thread pool, as in the app
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def bundle_of_one_visit(tmp_path: Path, photos: int = 1) -> tuple[Path, str]:
    """A shopper's completed visit, as their outbox holds it."""
    outbox = tmp_path / "shopper-outbox"
    outbox.mkdir()
    with Store.open(tmp_path / "shopper.db") as store:
        visit_id = add_visit(store, "Harbour Street", photos=photos, seed=5).id
        complete(store, visit_id)
        [name] = sync_once(store, outbox=outbox).sent
    return outbox / name, visit_id


def arrive(bundle: Path, inbox: Path) -> Path:
    """As a sync engine delivers a file: written under a temporary name, then renamed."""
    temp = inbox / f".syncthing.{bundle.name}.tmp"
    shutil.copyfile(bundle, temp)
    os.replace(temp, inbox / bundle.name)
    return inbox / bundle.name


def test_settings_sync_tab_saves_folders_and_refuses_one_that_does_not_exist(
    qtbot, tmp_path, monkeypatch
):
    store = Store.open(tmp_path / "visits.db")
    window = MainWindow(store, TaskRunner())
    qtbot.addWidget(window)
    dialog = window.open_settings()
    dialog.tabs.setCurrentWidget(dialog.sync_tab)
    assert dialog.tabs.tabText(dialog.tabs.currentIndex()) == "Sync"
    tab = dialog.sync_tab
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, title=None:
                        errors.append(text))

    qtbot.keyClicks(tab.outbox.path, str(tmp_path / "no such folder"))
    qtbot.keyClick(tab.outbox.path, Qt.Key.Key_Return)
    assert errors == [f"{tmp_path / 'no such folder'} is not a folder. Create it first, "
                      "or choose another."]
    assert saved_folders(store).outbox is None and tab.outbox.path.text() == ""

    outbox = tmp_path / "Outbox"
    outbox.mkdir()
    tab.outbox.path.clear()
    qtbot.keyClicks(tab.outbox.path, str(outbox))
    qtbot.keyClick(tab.outbox.path, Qt.Key.Key_Return)
    assert saved_folders(store).outbox == outbox
    assert window.sync.folders.outbox == outbox and window.sync.now_action.isEnabled()

    inbox = tmp_path / "Inbox"
    inbox.mkdir()
    monkeypatch.setattr(sync_settings, "choose_folder", lambda _p, _t, _start: inbox)
    qtbot.mouseClick(tab.inbox.choose_button, Qt.MouseButton.LeftButton)
    assert saved_folders(store) == type(saved_folders(store))(inbox, outbox)
    assert window.sync.watcher.directories() == [str(inbox)]

    # A database that cannot be written keeps the folder it had, and says why.
    other = Store.open(tmp_path / "visits.db")
    other.db.conn.execute("BEGIN IMMEDIATE")
    store.db.conn.execute("PRAGMA busy_timeout = 100")
    elsewhere = tmp_path / "Elsewhere"
    elsewhere.mkdir()
    tab.inbox.path.clear()
    qtbot.keyClicks(tab.inbox.path, str(elsewhere))
    qtbot.keyClick(tab.inbox.path, Qt.Key.Key_Return)
    other.db.conn.execute("ROLLBACK")
    other.close()
    assert "busy" in errors[-1]
    assert tab.inbox.path.text() == str(inbox) and saved_folders(store).inbox == inbox

    qtbot.mouseClick(tab.outbox.clear_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.inbox.clear_button, Qt.MouseButton.LeftButton)
    assert saved_folders(store).outbox is None and saved_folders(store).inbox is None
    assert window.sync.watcher.directories() == [] and not window.sync.now_action.isEnabled()
    assert not tab.outbox.clear_button.isEnabled()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)


def test_a_bundle_arriving_in_the_inbox_shows_up_in_the_list(qtbot, tmp_path, fast):
    bundle, visit_id = bundle_of_one_visit(tmp_path)
    inbox = tmp_path / "Inbox"
    inbox.mkdir()
    store = Store.open(tmp_path / "owner.db")
    save_folder(store, "inbox", inbox)
    window = open_window(qtbot, store)
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": up to date"),
                    timeout=WAIT_MS)
    assert window.stack.currentWidget() is window.empty_state

    arrive(bundle, inbox)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.list_page.model.visits()[0].id == visit_id
    assert window.stack.currentWidget() is window.list_page
    assert window.sync.status.text().endswith(": 1 visit arrived")
    assert "1 bundle imported (1 visit added" in window.sync.status.toolTip()

    # A damaged file is set aside and said so; the list stays as it was.
    bad = inbox / "damaged.undercover"
    bad.write_bytes(bundle.read_bytes()[:500])
    os.utime(bad, (0, 0))  # long since arrived: not still being written
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": 1 rejected"),
                    timeout=WAIT_MS)
    assert (inbox / "rejected" / "damaged.undercover.txt").exists()
    assert window.list_page.model.rowCount() == 1
    # A pass with nothing new keeps the last news in sight.
    window.sync.now_action.trigger()
    qtbot.waitUntil(lambda: "up to date; 1 rejected at " in window.sync.status.text(),
                    timeout=WAIT_MS)

    # The shopper edits the visit; the new version replaces the file and the visit.
    with Store.open(tmp_path / "shopper.db") as shopper:
        shopper.visits.save_answer(visit_id, Answer("greeting", 5.0, note="warmer"))
        assert sync_once(shopper, outbox=bundle.parent).sent == [bundle.name]
    arrive(bundle, inbox)
    qtbot.waitUntil(lambda: store.visits.answers(visit_id)["greeting"].note == "warmer",
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": 1 visit arrived"),
                    timeout=WAIT_MS)

    qtbot.mouseClick(window.sync.status, Qt.MouseButton.LeftButton)
    shown = window.sync.dialog
    assert shown is not None and shown.isVisible()
    lines = [shown.list.item(n).text() for n in range(shown.list.count())]
    assert len(lines) == 3
    assert lines[0].endswith(f"  Harbour Street, 2026-03-14: updated ({bundle.name})")
    lines = lines[1:]
    assert lines[0].endswith("  damaged.undercover cannot be imported: it is damaged or is "
                             "not a bundle (not a zip file). Nothing was imported. Moved to "
                             "rejected/.")
    assert lines[1].endswith(f"  Harbour Street, 2026-03-14: arrived ({bundle.name})")
    shown.close()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)


def test_the_periodic_rescan_finds_what_the_folder_never_announced(
    qtbot, tmp_path, fast, monkeypatch
):
    monkeypatch.setattr(sync, "RESCAN_MS", 200)
    bundle, visit_id = bundle_of_one_visit(tmp_path)
    inbox = tmp_path / "Inbox"
    inbox.mkdir()
    store = Store.open(tmp_path / "owner.db")
    save_folder(store, "inbox", inbox)
    window = open_window(qtbot, store)
    window.sync.watcher.blockSignals(True)  # a network or cloud folder that stays silent
    arrive(bundle, inbox)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 1, timeout=WAIT_MS)
    assert store.visits.get(visit_id).completed
    window.sync.stop()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)


def test_completing_a_visit_writes_it_to_the_outbox_and_an_edit_writes_it_again(
    qtbot, tmp_path, fast
):
    outbox = tmp_path / "Outbox"
    outbox.mkdir()
    store = Store.open(tmp_path / "shopper.db")
    store.settings.set(keys.EVALUATOR_CODE, "MS-014")
    save_folder(store, "outbox", outbox)
    visit = add_visit(store, photos=1, seed=2)
    checklist = store.checklists.get(visit.checklist_key, visit.checklist_version)
    for question in missing_required(checklist, visit.answers):
        store.visits.save_answer(visit.id, Answer(question.id, 1.0))
    window = open_window(qtbot, store)
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": up to date"),
                    timeout=WAIT_MS)
    assert list(outbox.iterdir()) == []  # a draft is not sent

    editor = window.open_visit(visit.id)
    editor.go_to_page(editor.summary_index)
    qtbot.mouseClick(editor.summary_page.complete_button, Qt.MouseButton.LeftButton)
    # Its low answers suggest findings nobody reviewed: complete anyway.
    assert editor.unreviewed_box is not None
    qtbot.mouseClick(editor.unreviewed_box.complete_button, Qt.MouseButton.LeftButton)
    assert editor.session.visit.completed
    name = bundle_name("MS-014", store.settings.get(keys.MACHINE_ID), visit.id)
    target = outbox / name
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": 1 visit sent"),
                    timeout=WAIT_MS)
    assert target.exists()
    first = target.read_bytes()

    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    editor.go_to_page(0)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClicks(card.input.focus_widget(), "5")
    qtbot.waitUntil(lambda: store.visits.answers(visit.id)["greeting"].value == 5.0,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: target.read_bytes() != first, timeout=WAIT_MS)
    assert sorted(p.name for p in outbox.iterdir()) == [name]
    owner = tmp_path / "owner.db"
    with Store.open(owner) as other:
        sync_once(other, inbox=outbox)
        assert other.visits.answers(visit.id)["greeting"].value == 5.0
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)


def test_an_inbox_that_disappears_is_a_red_status_line_not_a_crash(qtbot, tmp_path, fast):
    inbox = tmp_path / "Inbox"
    inbox.mkdir()
    store = Store.open(tmp_path / "owner.db")
    save_folder(store, "inbox", inbox)
    window = open_window(qtbot, store)
    qtbot.waitUntil(lambda: window.sync.status.text().endswith(": up to date"),
                    timeout=WAIT_MS)
    inbox.rmdir()
    window.sync.now_action.trigger()
    qtbot.waitUntil(lambda: "does not exist" in window.sync.status.text(), timeout=WAIT_MS)
    assert window.sync.status.text() == (
        f"Sync: The inbox folder {inbox} does not exist (or is not a folder). "
        "Create it or choose another in Settings → Sync."
    )
    assert "c0392b" in window.sync.status.styleSheet()
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)


def test_what_arrived_while_the_app_was_closed_is_imported_when_it_starts(qtbot, tmp_path):
    bundle, visit_id = bundle_of_one_visit(tmp_path)
    inbox = tmp_path / "Inbox"
    (inbox / "MS-014").mkdir(parents=True)
    arrive(bundle, inbox / "MS-014")
    store = Store.open(tmp_path / "owner.db")
    save_folder(store, "inbox", inbox)
    window = open_window(qtbot, store)
    qtbot.waitUntil(lambda: window.list_page.model.rowCount() == 1, timeout=WAIT_MS)
    assert window.list_page.model.visits()[0].id == visit_id
    assert window.sync.status.text().endswith(": 1 visit arrived")
    assert window.sync.watcher.directories() == [str(inbox), str(inbox / "MS-014")]
    qtbot.waitUntil(lambda: not window.sync.busy, timeout=WAIT_MS)
