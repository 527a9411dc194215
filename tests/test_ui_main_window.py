"""The main window: welcome page, demo, list filters, delete, settings, memory, start-up."""

from __future__ import annotations

import sqlite3

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence

from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import app, dialogs, preferences
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def add_visits(store: Store) -> list[Visit]:
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    harbour = store.locations.add(Location("Harbour Street"))
    market = store.locations.add(Location("Market Square"))
    visits = []
    for n, (location, day, scenario) in enumerate([
        (harbour, "2025-03-02", "Bought a flat white"),
        (market, "2025-04-10", "Asked for a birthday cake"),
        (harbour, "2025-05-20", "Phoned about catering"),
    ]):
        visit = store.visits.create(Visit(
            location.id, checklist.key, checklist.version, scenario=scenario,
            started_at=f"{day}T10:00:00+00:00", evaluator_code=f"MS-{n}",
        ))
        visits.append(visit)
    store.visits.save_answer(visits[0].id, Answer("greeting", value=2.0,
                                                  note="Barista kept checking a phone"))
    for question in checklist.questions:
        if question.required:
            store.visits.save_answer(visits[1].id, Answer(question.id, value=1.0))
    store.visits.complete(visits[1].id)
    return visits


def open_window(qtbot, store: Store, tasks: TaskRunner | None = None) -> MainWindow:
    window = MainWindow(store, tasks or TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def shown_ids(window: MainWindow) -> list[str]:
    proxy = window.list_page.proxy
    return [proxy.visit(r).id for r in range(proxy.rowCount())]


def test_the_first_run_offers_a_visit_or_the_demo_which_is_built_in_the_background(
    qtbot, store
):
    window = open_window(qtbot, store, TaskRunner())  # the real pool: the demo takes a while
    assert window.stack.currentWidget() is window.empty_state
    window.demo_visits = 3
    own = store.path
    qtbot.mouseClick(window.empty_state.demo_button, Qt.MouseButton.LeftButton)
    assert window.demo_progress is not None and window.demo_progress.isVisible()
    qtbot.waitUntil(lambda: window.store.path == window.demo_path(), timeout=30_000)
    assert window.stack.currentWidget() is window.list_page
    assert window.list_page.model.rowCount() == 3
    assert window.list_page.title.text() == "Copperleaf Coffee & Bakery"
    with Store.open(own) as mine:
        assert mine.visits.count() == 0, "the user's own database is left alone"
    assert preferences.last_database() == window.demo_path().resolve()


def test_standard_shortcuts_are_on_the_menus(qtbot, store):
    window = open_window(qtbot, store)
    assert window.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert window.open_action.shortcut() == QKeySequence("Ctrl+O")
    assert window.export_action.shortcut() == QKeySequence("Ctrl+P")
    assert window.quit_action.shortcut() == QKeySequence("Ctrl+Q")
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Help"]


def test_search_location_status_and_date_filters_narrow_the_list(qtbot, store):
    visits = add_visits(store)
    window = open_window(qtbot, store)
    page = window.list_page
    assert shown_ids(window) == [visits[2].id, visits[1].id, visits[0].id], "newest first"
    qtbot.keyClicks(page.search, "phone")  # a note: "kept checking a phone"; a scenario: "Phoned"
    assert shown_ids(window) == [visits[2].id, visits[0].id]
    assert page.shown_label.text() == "Showing 2 of 3"
    page.search.clear()
    page.location_filter.setCurrentIndex(page.location_filter.findText("Market Square"))
    assert shown_ids(window) == [visits[1].id]
    page.location_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findText("Drafts"))
    assert shown_ids(window) == [visits[2].id, visits[0].id]
    page.status_filter.setCurrentIndex(0)
    page.date_filter.setCurrentIndex(page.date_filter.findText("Custom range…"))
    assert page.since_edit.isVisible()
    page.since_edit.setDate(page.since_edit.date().fromString("2025-04-01", "yyyy-MM-dd"))
    page.until_edit.setDate(page.until_edit.date().fromString("2025-04-30", "yyyy-MM-dd"))
    assert shown_ids(window) == [visits[1].id]


def test_delete_asks_first_and_continue_opens_the_latest_draft(qtbot, store, monkeypatch):
    visits = add_visits(store)
    window = open_window(qtbot, store)
    page = window.list_page
    page.select_ids({visits[0].id})
    asked: list[str] = []

    def answer(result: bool):
        def confirm(_parent, _title, text, _action) -> bool:
            asked.append(text)
            return result
        return confirm

    monkeypatch.setattr(dialogs, "confirm", answer(False))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert store.visits.count() == 3 and "Harbour Street" in asked[0]
    monkeypatch.setattr(dialogs, "confirm", answer(True))
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert store.visits.count() == 2 and visits[0].id not in shown_ids(window)

    qtbot.mouseClick(page.continue_button, Qt.MouseButton.LeftButton)
    assert window.editor is not None and window.editor.session.visit_id == visits[2].id
    qtbot.mouseClick(window.editor.back_to_list, Qt.MouseButton.LeftButton)
    assert window.editor is None and window.stack.currentWidget() is page


def test_settings_and_locations_are_saved_as_they_are_changed(qtbot, store, tmp_path, monkeypatch):
    window = open_window(qtbot, store)
    dialog = window.open_settings()
    qtbot.keyClicks(dialog.business_name, "Copperleaf")
    qtbot.keyClick(dialog.business_name, Qt.Key.Key_Return)
    assert store.settings.get(keys.BUSINESS_NAME) == "Copperleaf"
    qtbot.keyClicks(dialog.evaluator_code, "MS-014")
    qtbot.keyClick(dialog.evaluator_code, Qt.Key.Key_Return)
    assert store.settings.get(keys.EVALUATOR_CODE) == "MS-014"
    dialog.default_checklist.setCurrentIndex(dialog.default_checklist.findData("internal-customer"))
    assert store.settings.get(keys.DEFAULT_CHECKLIST) == "internal-customer"
    qtbot.keyClicks(dialog.evaluator_name, "Ana Lukasik")
    qtbot.keyClick(dialog.evaluator_name, Qt.Key.Key_Return)
    assert store.settings.get(keys.EVALUATOR_NAME) == "Ana Lukasik"
    assert not store.settings.get(keys.SHOW_EVALUATOR_NAME)
    qtbot.mouseClick(dialog.show_name, Qt.MouseButton.LeftButton)
    assert store.settings.get(keys.SHOW_EVALUATOR_NAME) is True
    qtbot.keyClicks(dialog.currency, "EUR")
    qtbot.keyClick(dialog.currency, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.lifetime_value, "420")
    qtbot.keyClick(dialog.lifetime_value, Qt.Key.Key_Return)
    assert store.settings.get(keys.CURRENCY) == "EUR"
    assert store.settings.get(keys.CUSTOMER_LIFETIME_VALUE) == "420"

    from images import make_jpeg

    logo = make_jpeg(tmp_path / "logo.jpg", size=(1600, 400))
    monkeypatch.setattr(dialogs, "choose_image", lambda _parent, _title: logo)
    choose = next(b for b in dialog.findChildren(type(dialog.remove_logo)) if b.text() == "Choose…")
    qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    stored_logo = store.settings.get(keys.LOGO)
    assert stored_logo.startswith(b"\x89PNG") and dialog.remove_logo.isEnabled()

    dialog.tabs.setCurrentIndex(1)
    form = dialog.edit_location(None)
    qtbot.keyClicks(form.name, "Station Road")
    qtbot.keyClicks(form.address, "Unit 4")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert [loc.name for loc in store.locations.all()] == ["Station Road"]
    form = dialog.edit_location(store.locations.all()[0])
    form.name.clear()
    qtbot.keyClicks(form.name, "Station Road West")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert store.locations.all()[0].name == "Station Road West"
    assert dialog.location_list.count() == 1

    # New visits start with the evaluator code and default checklist from the settings.
    new_visit = window.new_visit()
    assert new_visit.evaluator.text() == "MS-014"
    assert new_visit.checklist.currentData()[0] == "internal-customer"
    assert window.windowTitle().startswith("Copperleaf")


def test_geometry_and_the_last_database_are_remembered(qtbot, store, tmp_path):
    window = open_window(qtbot, store)
    # The first start: fitted to the offscreen screen (800 × 800), title bar included.
    assert window.size().toTuple() == (800, 800 - 34 - 4)
    window.setGeometry(QRect(0, 60, 800, 600))
    window.close()
    assert preferences.last_database() == (tmp_path / "visits.db").resolve()
    assert app.start_database(None) == (tmp_path / "visits.db").resolve()
    again = open_window(qtbot, Store.open(tmp_path / "visits.db"))
    assert again.size().toTuple() == (800, 600) and abs(again.y() - 60) <= 2  # frame

    # A place that no longer fits a screen (a monitor unplugged) is not restored.
    again.setGeometry(QRect(1900, 100, 1280, 800))
    again.close()
    third = open_window(qtbot, Store.open(tmp_path / "visits.db"))
    assert third.size().toTuple() == (800, 800 - 34 - 4)
    assert third.x() < 10, "back on the screen, not at x = 1900"


def test_a_newer_database_at_start_up_gets_a_plain_message_and_exit_1(tmp_path, monkeypatch):
    db = tmp_path / "newer.db"
    Store.open(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA user_version = 999")
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: messages.append(text))
    monkeypatch.setattr(app, "install_excepthook", lambda _log: None)
    assert app.run_app(db) == 1
    assert len(messages) == 1 and "newer version of Undercover" in messages[0]
