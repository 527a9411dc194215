"""The main window's list as it is used all day: shown again after every visit without
re-reading what did not change, saying when a search hides everything, counting in words,
and a title that names the file once."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from window_driver import open_active_window

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Answer, Finding, Location, Visit, VisitStatus
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def add_visit(store: Store, place: Location, day: str, scenario: str = "",
              **fields: object) -> Visit:
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    return store.visits.create(Visit(place.id, checklist.key, checklist.version,
                                     scenario=scenario, started_at=f"{day}T10:00:00+00:00",
                                     **fields))


@pytest.fixture
def visits(store) -> list[Visit]:
    harbour = store.locations.add(Location("Harbour Street"))
    market = store.locations.add(Location("Market Square"))
    return [
        add_visit(store, harbour, "2026-03-02", "Bought a flat white"),
        add_visit(store, market, "2026-03-10", "Asked for a birthday cake"),
        add_visit(store, harbour, "2026-03-20", "Phoned about catering"),
    ]


def open_window(qtbot, store: Store) -> MainWindow:
    return open_active_window(qtbot, store, (1366, 768))


class ReadsRecorder:
    """Which visits the list reads in full (the real read runs; only the ids are noted)."""

    def __init__(self, monkeypatch, store: Store) -> None:
        self.reads: list[list[str] | None] = []
        real = store.visits.summaries

        def summaries(**options):
            ids = options.get("ids")
            self.reads.append(None if ids is None else sorted(ids))
            return real(**options)

        monkeypatch.setattr(store.visits, "summaries", summaries)


def row_of(window: MainWindow, visit_id: str) -> int:
    proxy = window.list_page.proxy
    return next(r for r in range(proxy.rowCount()) if proxy.visit(r).id == visit_id)


def test_showing_the_list_again_reads_only_the_visit_that_was_changed(
    qtbot, store, visits, monkeypatch
):
    window = open_window(qtbot, store)
    recorder = ReadsRecorder(monkeypatch, store)
    table = window.list_page.table
    target = visits[1]
    table.setFocus()
    table.selectRow(row_of(window, target.id))
    QTest.keyClick(table, Qt.Key.Key_Return)  # open it as a person would
    editor = window.editor
    assert editor is not None and editor.session.visit_id == target.id
    editor.focus_current()
    QTest.keyClick(editor.focusWidget(), Qt.Key.Key_4)  # the first question: greeting, 4 of 5
    editor.flush()
    QTest.keySequence(window, QKeySequence("Ctrl+L"))  # All visits
    assert window.editor is None
    assert recorder.reads == [[target.id]]  # the two others were not read again
    assert window.list_loader.last_read == [target.id]
    shown = window.list_page.proxy.visit(row_of(window, target.id))
    assert shown.scored_answered == 1  # the answer just given counts
    assert window.list_page.model.rowCount() == 3

    # Opened and closed without a change: nothing is read at all.
    window.open_visit(visits[0].id)
    window.show_list()
    window.reload()  # even when asked to: the stamps say nothing changed
    assert recorder.reads == [[target.id]]
    assert window.list_loader.last_read == []


def test_a_merged_visit_with_an_older_time_and_a_deleted_one_still_show(
    qtbot, store, visits, monkeypatch
):
    window = open_window(qtbot, store)
    recorder = ReadsRecorder(monkeypatch, store)
    # A visit from a laptop, last changed long before this list was read.
    place = store.locations.all()[0]
    merged = add_visit(store, place, "2026-02-01", "From the laptop <&> ☕",
                       updated_at="2020-01-01T00:00:00Z")
    store.visits.delete(visits[2].id)
    window.reload()
    assert recorder.reads == [[merged.id]]
    ids = {v.id for v in window.list_page.model.visits()}
    assert ids == {visits[0].id, visits[1].id, merged.id}
    window.list_page.search.setText("laptop")
    assert [window.list_page.proxy.visit(r).id
            for r in range(window.list_page.proxy.rowCount())] == [merged.id]


def test_a_renamed_location_reads_the_list_again(qtbot, store, visits, monkeypatch):
    window = open_window(qtbot, store)
    recorder = ReadsRecorder(monkeypatch, store)
    place = next(p for p in store.locations.all() if p.name == "Market Square")
    place.name = "Market Square (north)"
    store.locations.update(place)
    window.reload()
    assert recorder.reads == [None]  # every row shows the name: all are read once
    names = {v.location for v in window.list_page.model.visits()}
    assert "Market Square (north)" in names


def test_a_search_that_hides_every_visit_says_so_and_clears(qtbot, store, visits):
    window = open_window(qtbot, store)
    page = window.list_page
    assert page.no_match.isHidden()
    qtbot.keyClicks(page.search, "zz <b>x</b>")
    assert page.proxy.rowCount() == 0
    assert page.no_match.isVisible()
    assert page.no_match_title.text() == "No visits match"
    assert page.no_match_hint.text() == (
        "No visit mentions “zz <b>x</b>” in its notes, scenario or findings."
    )
    assert page.no_match_hint.textFormat() is Qt.TextFormat.PlainText
    viewport = page.table.viewport().rect()
    assert viewport.contains(page.no_match.geometry())
    qtbot.mouseClick(page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert page.search.text() == "" and page.proxy.rowCount() == 3
    assert page.no_match.isHidden()

    # Filters alone, then a search within them.
    page.status_filter.setCurrentIndex(page.status_filter.findData(VisitStatus.COMPLETED.value))
    assert page.no_match.isVisible()
    assert page.no_match_hint.text() == "No visit has the location, status and period chosen."
    qtbot.keyClicks(page.search, "cake")
    assert page.no_match_hint.text() == (
        "Nothing matches “cake” among the visits the filters leave."
    )
    qtbot.mouseClick(page.clear_filters_button, Qt.MouseButton.LeftButton)
    assert page.status_filter.currentIndex() == 0 and page.proxy.rowCount() == 3


def test_a_matching_search_and_an_empty_database_show_no_such_words(qtbot, store, visits):
    window = open_window(qtbot, store)
    page = window.list_page
    qtbot.keyClicks(page.search, "cake")
    assert page.proxy.rowCount() == 1 and page.no_match.isHidden()
    qtbot.keyClicks(page.search, "x" * 5000)
    assert page.no_match.isVisible()
    assert len(page.no_match_hint.text()) < 200  # a pasted essay is shortened
    for visit in visits:
        store.visits.delete(visit.id)
    page.search.clear()
    window.reload()
    assert page.no_match.isHidden()
    assert window.stack.currentWidget() is window.empty_state


def test_the_window_title_names_the_file_once(qtbot, store):
    window = open_window(qtbot, store)
    assert window.windowTitle() == "visits.db — Undercover"
    store.settings.set(keys.BUSINESS_NAME, "Café <b>Łódź</b>\nand more")
    window.reload()
    assert window.windowTitle() == "Café <b>Łódź</b> and more · visits.db — Undercover"
    assert window.windowTitle().count("Undercover") == 1


def test_deleting_says_visit_or_visits_in_words(qtbot, store, visits, monkeypatch):
    monkeypatch.setattr(dialogs, "confirm", lambda *args: True)
    window = open_window(qtbot, store)
    window.delete_visits([visits[0].id])
    assert window.statusBar().currentMessage() == "Deleted 1 visit"
    window.delete_visits([visits[1].id, visits[2].id])
    assert window.statusBar().currentMessage() == "Deleted 2 visits"


def test_the_summary_page_counts_findings_and_questions_in_words(qtbot, store, visits):
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    required = [q for q in checklist.questions if q.required]
    assert len(required) >= 3
    one, many = visits[0], visits[1]
    for question in required[:-1]:  # every required question but one
        store.visits.save_answer(one.id, Answer(question.id, value=1.0))
    store.visits.save_finding(one.id, Finding(FindingKind.LEAK, "Waited 8 minutes"))
    for kind, summary in ((FindingKind.LEAK, "No greeting"), (FindingKind.LEAK, "Long wait"),
                          (FindingKind.MISSED, "No loyalty offer")):
        store.visits.save_finding(many.id, Finding(kind, summary))
    window = open_window(qtbot, store)

    def summary_of(visit: Visit) -> tuple[str, str]:
        editor = window.open_visit(visit.id)
        editor.go_to_page(editor.summary_index)
        page = editor.summary_page
        return page.findings_line.text(), page.complete_hint.text()

    line, hint = summary_of(one)
    assert line.startswith("1 leak and 0 missed opportunities confirmed")
    assert hint == "1 required question still to answer."
    line, hint = summary_of(many)
    assert line.startswith("2 leaks and 1 missed opportunity confirmed")
    assert hint == f"{len(required)} required questions still to answer."
    assert "(s)" not in line + hint and "(y/ies)" not in line


def test_a_note_saved_in_the_same_second_as_the_last_read_still_reaches_the_search(
    qtbot, store, visits
):
    window = open_window(qtbot, store)
    target = visits[0]
    editor = window.open_visit(target.id)
    stamp = store.visits.list_stamps()[target.id]
    store.visits.save_answer(target.id, Answer("greeting", note="Barista hummed <&> ☕"))
    # Times are stored to the second: a note saved in the same second leaves the same time.
    store.db.execute("UPDATE visits SET updated_at = ? WHERE id = ?", [stamp[0], target.id])
    store.db.execute("UPDATE visits SET scored_answered = ? WHERE id = ?", [stamp[3], target.id])
    assert store.visits.list_stamps()[target.id] == stamp
    editor.visit_changed.emit(target.id)  # what the editor says after every save
    window.show_list()
    window.list_page.search.setText("hummed")
    proxy = window.list_page.proxy
    assert [proxy.visit(r).id for r in range(proxy.rowCount())] == [target.id]


def test_edit_visit_shows_its_notice_without_moving_the_page(qtbot, store, visits):
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = visits[0]
    for question in checklist.questions:
        if question.required:
            store.visits.save_answer(visit.id, Answer(question.id, value=1.0))
    store.visits.complete(visit.id)
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    editor.go_to_page(0)
    # The first card: the cards below it grow when editing brings their note fields.
    card = editor.section_page(0).card(checklist.sections[0].questions[0].id)
    qtbot.waitUntil(lambda: card.isVisible())
    before = (editor.pages.geometry(), card.mapTo(editor, card.rect().topLeft()))
    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert not editor.session.read_only and editor.banner.isVisible()
    assert "editing a completed visit" in editor.banner_label.text()
    after = (editor.pages.geometry(), card.mapTo(editor, card.rect().topLeft()))
    assert after == before
    # It floats over the foot of the page, inside it, over the other widgets.
    assert editor.pages.geometry().contains(editor.banner.geometry())
    assert editor.banner.geometry().bottom() > editor.pages.geometry().center().y()
    window.resize(800, 560)
    qtbot.waitUntil(lambda: editor.pages.geometry().contains(editor.banner.geometry()))
    qtbot.mouseClick(editor.banner.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert editor.banner.isHidden()
