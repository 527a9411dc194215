"""Reviewing suggested findings from the keyboard: no jumps, Confirm all, C/D/E, by severity."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_driver import open_active_window

from undercover.domain.checklist import QuestionKind
from undercover.domain.visit import Answer, FindingStatus, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs
from undercover.ui.finding_rows import FindingRow
from undercover.ui.findings_page import FindingsPage
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner
from undercover.ui.visit_editor import VisitEditor


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def low_answers(store: Store, visit_id: str, checklist) -> None:
    """The worst answer to every scored question: many suggestions of every severity."""
    for section in checklist.sections:
        for q in section.questions:
            if q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
                store.visits.save_answer(visit_id, Answer(q.id, value=1.0))
            elif q.kind is QuestionKind.YES_NO:
                store.visits.save_answer(visit_id, Answer(q.id, value=0.0 if q.good_answer
                                                          else 1.0))
            elif q.kind is QuestionKind.NUMBER and q.worst is not None:
                store.visits.save_answer(visit_id, Answer(q.id, value=float(q.worst)))


@pytest.fixture
def editor(qtbot, store: Store) -> VisitEditor:
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    low_answers(store, visit.id, checklist)
    window = open_active_window(qtbot, store, (1100, 700))
    editor = window.open_visit(visit.id)
    assert editor is not None
    editor.go_to_page(editor.findings_index)
    return editor


def focused_row(page: FindingsPage) -> FindingRow:
    focus = QApplication.focusWidget()
    assert isinstance(focus, FindingRow), f"focus is on {focus!r}"
    assert page.isAncestorOf(focus)
    return focus


def stored(editor: VisitEditor, status: FindingStatus) -> set[str]:
    findings = editor.session.store.visits.findings(editor.session.visit_id)
    return {f.question_id for f in findings if f.status is status}


def test_opening_the_page_focuses_the_first_suggestion_not_the_header(editor):
    page = editor.findings_page
    assert len(page.suggested_rows) >= 10
    row = focused_row(page)
    assert row is page.suggested_rows[0]
    assert QApplication.focusWidget() is not editor.export_button


def test_suggestions_and_findings_are_listed_by_severity_high_first(editor):
    page = editor.findings_page
    ranks = [r.finding.severity.rank for r in page.suggested_rows]
    assert ranks == sorted(ranks, reverse=True)
    assert len(set(ranks)) >= 2, "the checklist suggests more than one severity"
    questions = [q.id for s in editor.session.checklist.sections for q in s.questions]
    for rank in set(ranks):  # within one severity: the checklist's order
        order = [questions.index(r.finding.question_id) for r in page.suggested_rows
                 if r.finding.severity.rank == rank]
        assert order == sorted(order)


def test_up_down_move_and_c_d_confirm_and_dismiss_without_jumping(qtbot, editor):
    page = editor.findings_page
    total = len(page.suggested_rows)
    for _ in range(5):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    row = focused_row(page)
    assert row is page.suggested_rows[5]
    qtbot.keyClick(row, Qt.Key.Key_Up)
    row = focused_row(page)
    assert row is page.suggested_rows[4]
    bar = page.verticalScrollBar()
    assert bar.value() > 0, "the fifth row is below the fold"
    position = bar.value()
    next_key = page.suggested_rows[5].finding.question_id

    confirmed_id = row.finding.question_id
    qtbot.keyClick(row, Qt.Key.Key_C)
    assert confirmed_id in stored(editor, FindingStatus.CONFIRMED)
    assert len(page.suggested_rows) == total - 1
    assert bar.value() == position, "the page stays where it was"
    row = focused_row(page)
    assert row.finding.question_id == next_key, "focus on the row that took its place"

    dismissed_id = row.finding.question_id
    qtbot.keyClick(row, Qt.Key.Key_D)
    assert dismissed_id in stored(editor, FindingStatus.DISMISSED)
    assert bar.value() == position
    assert focused_row(page) is page.suggested_rows[4]
    assert len(page.suggested_rows) == total - 2

    # Neighbours: keys with Ctrl do nothing, and Up on the first row stays there.
    row = focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert len(page.suggested_rows) == total - 2
    page.suggested_rows[0].setFocus()
    qtbot.keyClick(page.suggested_rows[0], Qt.Key.Key_Up)
    assert focused_row(page) is page.suggested_rows[0]


def test_the_last_suggestion_hands_the_focus_to_the_findings(qtbot, editor, monkeypatch):
    page = editor.findings_page
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    keep = page.suggested_rows[-1].finding.question_id
    # confirm all but one, then the last one from the keyboard
    for row in list(page.suggested_rows[:-1]):
        page.confirm(row.finding)
    assert [r.finding.question_id for r in page.suggested_rows] == [keep]
    row = page.suggested_rows[0]
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_C)
    assert page.suggested_rows == []
    assert not page.suggested_header.isVisible()
    assert focused_row(page) in page.confirmed_rows


def test_e_edits_and_the_focus_comes_back_to_the_review(qtbot, editor):
    page = editor.findings_page
    row = focused_row(page)
    question_id = row.finding.question_id
    qtbot.keyClick(row, Qt.Key.Key_E)
    dialog = page.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.summary.setFocus()
    dialog.summary.selectAll()
    qtbot.keyClicks(dialog.summary, "Nobody looked up <for> 4 minutes & ")
    dialog.summary.insertPlainText("😶")  # QTest types ASCII only
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: isinstance(QApplication.focusWidget(), FindingRow))
    confirmed = [f for f in editor.session.findings if f.question_id == question_id]
    assert confirmed[0].summary == "Nobody looked up <for> 4 minutes & 😶"
    assert focused_row(page) is page.suggested_rows[0]
    assert page.suggested_rows[0].finding.question_id != question_id

    # Enter on a confirmed finding edits it too; Escape cancels and changes nothing.
    target = next(r for r in page.confirmed_rows if r.finding.question_id == question_id)
    target.setFocus()
    qtbot.keyClick(target, Qt.Key.Key_Return)
    assert page.dialog is not None
    qtbot.keyClick(page.dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: page.dialog is None)
    after = [f for f in editor.session.findings if f.question_id == question_id]
    assert after == confirmed


def test_confirm_all_asks_first_and_confirms_every_suggestion(qtbot, editor, monkeypatch):
    page = editor.findings_page
    expected = {r.finding.question_id for r in page.suggested_rows}
    assert page.confirm_all_button.isVisible()
    assert page.confirm_all_button.focusPolicy() & Qt.FocusPolicy.TabFocus, "reached by Tab"
    asked: list[str] = []

    def answer(no_or_yes: bool):
        def ask(_parent, _title, text, _action):
            asked.append(text)
            return no_or_yes
        return ask

    monkeypatch.setattr(dialogs, "confirm", answer(False))
    qtbot.mouseClick(page.confirm_all_button, Qt.MouseButton.LeftButton)
    assert stored(editor, FindingStatus.CONFIRMED) == set(), "cancelled: nothing confirmed"
    assert f"Confirm all {len(expected)} suggested findings" in asked[0]

    monkeypatch.setattr(dialogs, "confirm", answer(True))
    qtbot.mouseClick(page.confirm_all_button, Qt.MouseButton.LeftButton)
    assert stored(editor, FindingStatus.CONFIRMED) == expected
    assert page.suggested_rows == [] and not page.confirm_all_button.isVisible()
    assert {r.finding.question_id for r in page.confirmed_rows} == expected
    ranks = [r.finding.severity.rank for r in page.confirmed_rows]
    assert ranks == sorted(ranks, reverse=True)


def test_confirm_all_is_offered_only_for_more_than_one_suggestion(qtbot, editor):
    page = editor.findings_page
    for row in list(page.suggested_rows[1:]):
        page.dismiss(row.finding)
    assert len(page.suggested_rows) == 1
    assert page.suggested_header.isVisible() and not page.confirm_all_button.isVisible()
    # Bringing one back makes two suggestions again: Confirm all is back too.
    dismissed = page.dismissed_rows[0]
    qtbot.mouseClick(dismissed.restore_button, Qt.MouseButton.LeftButton)
    assert len(page.suggested_rows) == 2 and page.confirm_all_button.isVisible()
    assert dismissed.finding.question_id in {r.finding.question_id for r in page.suggested_rows}


def test_delete_on_a_confirmed_finding_asks_then_deletes(qtbot, editor, monkeypatch):
    page = editor.findings_page
    row = focused_row(page)
    qtbot.keyClick(row, Qt.Key.Key_C)
    target = page.confirmed_rows[0]
    target.setFocus()
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: False)
    qtbot.keyClick(target, Qt.Key.Key_Delete)
    assert len(stored(editor, FindingStatus.CONFIRMED)) == 1, "cancelled: kept"
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    qtbot.keyClick(page.confirmed_rows[0], Qt.Key.Key_Delete)
    assert stored(editor, FindingStatus.CONFIRMED) == set()
    # Neighbour: Delete on a suggestion does nothing (there is nothing stored to delete).
    count = len(page.suggested_rows)
    page.suggested_rows[0].setFocus()
    qtbot.keyClick(page.suggested_rows[0], Qt.Key.Key_Delete)
    assert len(page.suggested_rows) == count


def test_a_completed_visit_lists_its_findings_without_buttons_or_key_hints(qtbot, store):
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    low_answers(store, visit.id, checklist)
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    editor = window.open_visit(visit.id)
    editor.go_to_page(editor.findings_index)
    editor.findings_page.confirm(editor.findings_page.suggested_rows[0].finding)
    for section in checklist.sections:  # what completing needs
        for q in section.questions:
            if q.required and not store.visits.answers(visit.id).get(q.id):
                value = 8.0 if q.kind is QuestionKind.LIKELIHOOD else 1.0
                store.visits.save_answer(visit.id, Answer(q.id, value=value))
    store.visits.complete(visit.id)
    window2 = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window2)
    window2.show()
    qtbot.waitExposed(window2)
    window2.activateWindow()
    qtbot.waitUntil(window2.isActiveWindow)
    done = window2.open_visit(visit.id)
    assert done.session.read_only
    done.go_to_page(done.findings_index)
    page = done.findings_page
    assert page.suggested_rows == [] and len(page.confirmed_rows) == 1
    row = page.confirmed_rows[0]
    assert not row.button_row.isVisible() and row.toolTip() == ""
    row.setFocus()
    qtbot.keyClick(row, Qt.Key.Key_E)
    assert page.dialog is None, "read-only: E opens nothing"
