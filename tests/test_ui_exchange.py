"""Send visits… and Import visits… in the app: select, send, drop on another window,
preview, import; and choosing between two versions of a visit in conflict."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import add_visit
from PySide6.QtCore import QPoint, Qt
from ui_helpers import drop_files

from undercover.domain.visit import Answer
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.store import Store
from undercover.store.records import visit_ids
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import TaskRunner


@pytest.fixture(autouse=True)
def messages(monkeypatch) -> list[str]:
    """Message boxes shown, recorded instead of waiting for a click that never comes."""
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, text, *_a: shown.append(text))
    monkeypatch.setattr(dialogs, "show_info", lambda _parent, _title, text: shown.append(text))
    return shown


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(Store.open(path), TaskRunner())
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def row_at(window: MainWindow, location: str) -> int:
    """The list row of the visit at ``location``: the visits share a start time, so their
    order in the list is not fixed."""
    proxy = window.list_page.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.visit(r).location == location)


def click_row(qtbot, window: MainWindow, row: int, modifier=Qt.KeyboardModifier.NoModifier):
    table = window.list_page.table
    rect = table.visualRect(window.list_page.proxy.index(row, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


@pytest.fixture
def shopper(tmp_path: Path) -> Path:
    path = tmp_path / "shopper.db"
    with Store.open(path) as store:
        add_visit(store, "Harbour Street", photos=2, seed=1)
        add_visit(store, "Market Square", photos=1, seed=2)
        add_visit(store, "Station Road", photos=0, seed=3)
    return path


def test_send_the_chosen_visits_then_drop_the_file_on_another_window_and_import(
    qtbot, shopper, tmp_path, monkeypatch, messages
):
    sender = open_window(qtbot, shopper)
    click_row(qtbot, sender, row_at(sender, "Harbour Street"))
    click_row(qtbot, sender, row_at(sender, "Market Square"), Qt.KeyboardModifier.ControlModifier)
    chosen = sender.list_page.selected_ids()
    assert len(chosen) == 2 and sender.send_action.isEnabled()
    target = tmp_path / "to-the-owner"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: target)
    qtbot.mouseClick(sender.list_page.send_button, Qt.MouseButton.LeftButton)
    bundle = target.with_name("to-the-owner.undercover")
    qtbot.waitUntil(lambda: sender.exchange_progress is None and bundle.exists(),
                    timeout=60_000)
    photos = sum(len(sender.store.photos.list(v)) for v in chosen)
    assert photos > 1
    assert sender.statusBar().currentMessage() == (
        f"Saved 2 visits with {photos} photos as {bundle}; send this file to the owner."
    )

    owner_db = tmp_path / "owner.db"
    owner = open_window(qtbot, owner_db)
    assert owner.list_page.model.rowCount() == 0
    assert drop_files(owner, [bundle])
    qtbot.waitUntil(lambda: owner.import_preview is not None, timeout=60_000)
    preview = owner.import_preview
    assert preview.lines == ["2 new visits will be added."]
    assert "2 new visits will be added." in preview.details.text()
    qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner.list_page.model.rowCount() == 2 and
                    owner.exchange_progress is None, timeout=60_000)
    assert "2 visits added" in owner.statusBar().currentMessage()
    assert {v.id for v in owner.list_page.model.visits()} == set(chosen)
    with Store.open(shopper) as a, Store.open(owner_db) as b:
        for visit_id in chosen:
            photos = a.photos.list(visit_id)
            assert [p.id for p in photos] == [p.id for p in b.photos.list(visit_id)]
            for photo in photos:
                assert a.photos.jpeg(photo.id) == b.photos.jpeg(photo.id)

    # Dropping it again: the preview says there is nothing new, and Import is off.
    assert drop_files(owner, [bundle])
    qtbot.waitUntil(lambda: owner.import_preview is not None, timeout=60_000)
    assert not owner.import_preview.import_button.isEnabled()
    assert "brings nothing new" in owner.import_preview.headline.text()
    qtbot.mouseClick(owner.import_preview.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner.import_preview is None)
    assert owner.list_page.model.rowCount() == 2
    assert messages == []


def test_file_send_visits_sends_the_list_selection(qtbot, shopper, tmp_path, monkeypatch):
    sender = open_window(qtbot, shopper)
    assert not sender.send_action.isEnabled()  # nothing chosen yet
    click_row(qtbot, sender, row_at(sender, "Station Road"))
    [chosen] = sender.list_page.selected_ids()
    target = tmp_path / "one.undercover"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: target)
    sender.send_action.trigger()  # File → Send visits…
    qtbot.waitUntil(lambda: sender.exchange_progress is None and target.exists(),
                    timeout=60_000)
    owner_db = tmp_path / "owner.db"
    with Store.open(owner_db) as store:
        assert import_bundles([target], store).added == [chosen]


def test_a_damaged_bundle_dropped_on_the_window_is_refused_with_a_message(
    qtbot, shopper, tmp_path, messages
):
    bad = tmp_path / "bad.undercover"
    bad.write_bytes(b"not a zip at all")
    owner_db = tmp_path / "owner.db"
    with Store.open(owner_db) as store:
        add_visit(store, "Station Road", seed=9)
    before = owner_db.read_bytes()
    owner = open_window(qtbot, owner_db)
    assert drop_files(owner, [bad])
    qtbot.waitUntil(lambda: bool(messages), timeout=60_000)
    assert messages == ["bad.undercover cannot be imported: it is damaged or is not a bundle "
                        "(not a zip file). Nothing was imported."]
    assert owner.import_preview is None
    owner.store.close()
    assert owner_db.read_bytes() == before


def test_importing_while_a_visit_is_open_goes_back_to_the_list_first(qtbot, shopper, tmp_path):
    with Store.open(shopper) as store:
        visit_id = visit_ids(store.db)[0]
        store.visits.save_answer(visit_id, Answer("greeting", 5.0))
        export_bundle(store, visit_ids(store.db), tmp_path / "newer.undercover")
    owner_db = tmp_path / "owner.db"
    with Store.open(owner_db) as store:
        import_bundles([tmp_path / "newer.undercover"], store)
        store.visits.save_answer(visit_id, Answer("greeting", 1.0))  # the owner's own change
    with Store.open(shopper) as store:
        store.visits.save_answer(visit_id, Answer("used_name", 3.0))
        export_bundle(store, [visit_id], tmp_path / "newest.undercover")
    owner = open_window(qtbot, owner_db)
    assert owner.open_visit(visit_id) is not None
    assert drop_files(owner, [tmp_path / "newest.undercover"])
    qtbot.waitUntil(lambda: owner.import_preview is not None, timeout=60_000)
    assert owner.import_preview.lines == [
        "1 visit was changed both here and there: both versions will be kept, for you to "
        "choose what to keep."
    ]
    qtbot.mouseClick(owner.import_preview.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner.exchange_progress is None and owner.editor is None,
                    timeout=60_000)
    assert owner.stack.currentWidget() is owner.list_page
    shown = {v.id: v for v in owner.list_page.model.visits()}
    assert shown[visit_id].in_conflict


def test_files_that_are_not_bundles_are_not_imported_and_the_window_says_why(qtbot, tmp_path):
    window = open_window(qtbot, tmp_path / "owner.db")
    other = tmp_path / "notes.txt"
    other.write_text("hello")
    assert drop_files(window, [other])  # taken, so that it is not ignored without a word
    assert window.import_preview is None
    assert window.statusBar().currentMessage().startswith("notes.txt was not added: only ")
    assert window.store.visits.count() == 0


def test_the_owner_picks_part_by_part_between_two_versions_in_conflict(
    qtbot, shopper, tmp_path, paris_time, messages
):
    sent = tmp_path / "sent.undercover"
    with Store.open(shopper) as store:
        visit_id = next(v.id for v in store.visits.summaries() if v.location == "Market Square")
        export_bundle(store, [visit_id], sent)
    laptop_b, owner_db = tmp_path / "b.db", tmp_path / "owner.db"
    for path in (laptop_b, owner_db):
        with Store.open(path) as store:
            import_bundles([sent], store)
    with Store.open(shopper) as store:
        store.visits.save_answer(visit_id, Answer("greeting", 5.0))
        export_bundle(store, [visit_id], tmp_path / "a.undercover")
    with Store.open(laptop_b) as store:
        store.visits.save_answer(visit_id, Answer("greeting", 1.0))
        store.visits.update(visit_id, scenario="Asked twice for the bill")
        export_bundle(store, [visit_id], tmp_path / "b.undercover")
    with Store.open(owner_db) as store:
        summary = import_bundles([tmp_path / "a.undercover", tmp_path / "b.undercover"], store)
        assert summary.conflict == [visit_id]

    owner = open_window(qtbot, owner_db)
    model = owner.list_page.model
    row = next(r for r in range(owner.list_page.proxy.rowCount())
               if owner.list_page.proxy.visit(r).id == visit_id)
    assert owner.list_page.proxy.index(row, model.STATUS).data() == "In conflict"
    tip = owner.list_page.proxy.index(row, model.STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Draft, changed on two computers")
    click_row(qtbot, owner, row)
    assert owner.resolve_action.isEnabled()
    owner.resolve_action.trigger()
    dialog = owner.conflict_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # Only what differs is offered: the details (scenario) and the greeting.
    assert set(dialog.choices) == {"visit", "answer:greeting"}
    scenarios = dialog.descriptions["visit"]
    greetings = dialog.descriptions["answer:greeting"]
    assert sorted(scenarios) == ["Asked twice for the bill · draft · started 2026-03-14 10:15",
                                 "Bought a coffee (2) · draft · started 2026-03-14 10:15"]
    assert sorted(g[:6] for g in greetings) == ["1 of 5", "5 of 5"]
    laptop_b = dialog.choices["visit"].button(
        next(n for n, text in enumerate(scenarios) if text.startswith("Asked twice")))
    laptop_a = dialog.choices["answer:greeting"].button(
        next(n for n, text in enumerate(greetings) if text.startswith("5 of 5")))
    for button in (laptop_b, laptop_a):  # a click on the round button itself
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(8, button.height() // 2))
    assert laptop_a.isChecked() and laptop_b.isChecked()
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: owner.conflict_dialog is None)
    visit = owner.store.visits.get(visit_id)
    assert visit.scenario == "Asked twice for the bill"
    assert visit.answers["greeting"].value == 5.0
    assert owner.store.merger.conflicts(visit_id) == []
    statuses = [owner.list_page.proxy.index(r, model.STATUS).data()
                for r in range(owner.list_page.proxy.rowCount())]
    assert len(statuses) == 1 and not any("conflict" in text for text in statuses)
    assert messages == []
    assert visit_id in visit_ids(owner.store.db)
