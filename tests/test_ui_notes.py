"""Notes grow with what is typed: one line, then a few, then a scroll bar.

Enter still moves on to the next question, Shift+Enter starts a new line, typing is
saved after a pause as before, and a read-only note offers nothing to clear.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from test_ui_checklist import card_for, open_editor
from window_driver import open_active_window

from undercover.domain.checklist import Question, QuestionKind
from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui.main_window import MainWindow
from undercover.ui.note_edit import NoteEdit

QUESTION = Question("greeting", "Greeted?", QuestionKind.RATING)
SENTENCE = "The barista kept checking a phone while two of us waited at the till. "


def wraps_inside(note: NoteEdit) -> bool:
    """Every line of the note was wrapped to the width the text really has."""
    room = note.viewport().width() - 2 * note.document().documentMargin()
    block = note.document().firstBlock()
    while block.isValid():
        layout = block.layout()
        for i in range(layout.lineCount()):
            if layout.lineAt(i).width() > room + 0.5:
                return False
        block = block.next()
    return True


def open_note(qtbot, card) -> NoteEdit:
    qtbot.keyClick(card.input.focus_widget(), Qt.Key.Key_F2)
    assert QApplication.focusWidget() is card.note
    return card.note


def test_a_note_starts_as_one_line_and_grows_to_a_few_then_scrolls(qtbot):
    card = card_for(qtbot, QUESTION)
    card.resize(640, card.sizeHint().height())
    note = open_note(qtbot, card)
    one_line = note.height()
    assert note.shown_lines() == 1
    qtbot.keyClicks(note, "Short")
    assert note.height() == one_line and note.shown_lines() == 1
    qtbot.keyClicks(note, " " + SENTENCE * 2)  # wraps
    qtbot.waitUntil(lambda: note.shown_lines() >= 2)
    assert note.height() > one_line
    assert not note.verticalScrollBar().isVisible()
    grown = note.height()
    qtbot.keyClicks(note, SENTENCE * 40)  # far more than five lines
    qtbot.waitUntil(lambda: note.shown_lines() == note.max_lines)
    assert note.height() > grown
    capped = note.height()
    assert capped < 8 * note.fontMetrics().lineSpacing(), "capped at a few lines"
    assert note.verticalScrollBar().maximum() > 0, "the rest scrolls"
    assert wraps_inside(note), "the text wraps inside the scroll bar"
    scroll_bar_left = note.verticalScrollBar().mapTo(note, QPoint(0, 0)).x()
    assert note.clear_button.isVisible()
    assert note.clear_button.geometry().right() < scroll_bar_left, "× beside the scroll bar"
    qtbot.keyClicks(note, SENTENCE)
    assert note.height() == capped
    note.selectAll()
    qtbot.keyClick(note, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: note.shown_lines() == 1)
    assert note.height() == one_line, "it shrinks back when the text goes"


def test_enter_moves_on_and_shift_enter_starts_a_new_line(qtbot):
    card = card_for(qtbot, QUESTION)
    moves: list[str] = []
    saved: list[Answer] = []
    card.advance.connect(lambda: moves.append("next"))
    card.answer_changed.connect(saved.append)
    note = open_note(qtbot, card)
    qtbot.keyClicks(note, "Queue of nine")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(note, "one till open")
    assert moves == [] and saved == [], "Shift+Enter neither moves on nor saves per key"
    assert note.text() == "Queue of nine\none till open"
    assert note.shown_lines() == 2
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert moves == ["next"], "Enter moves on, as before"
    assert note.text() == "Queue of nine\none till open", "and adds no line"
    assert saved == [Answer("greeting", note="Queue of nine\none till open")], "saved at once"
    qtbot.keyClick(note, Qt.Key.Key_Enter)  # the keypad's Enter too
    assert moves == ["next", "next"]
    qtbot.keyClick(note, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is card.input.focus_widget()


def test_typing_a_note_is_saved_after_a_pause_and_unicode_is_kept(qtbot):
    card = card_for(qtbot, QUESTION)
    note = open_note(qtbot, card)
    with qtbot.waitSignal(card.answer_changed, timeout=3000) as blocker:
        qtbot.keyClicks(note, "Cafe <b>x</b> & ")
        note.insertPlainText("Łódź\u00a0👍🏽")  # pasted: QTest types ASCII keys only
    assert blocker.args[0].note == "Cafe <b>x</b> & Łódź\u00a0👍🏽", "kept as typed"


def test_a_stored_note_shows_every_line_and_is_not_saved_again(qtbot):
    stored = Answer("greeting", value=4.0, note="first line\nsecond line\nthird line")
    card = card_for(qtbot, QUESTION, stored)
    saved: list[Answer] = []
    card.answer_changed.connect(saved.append)
    assert card.note.text() == stored.note
    assert card.note.shown_lines() == 3
    qtbot.wait(400)  # longer than the save delay
    assert saved == []


def test_the_clear_button_shows_only_on_a_note_that_can_be_changed(qtbot):
    card = card_for(qtbot, QUESTION)
    note = open_note(qtbot, card)
    assert not note.clear_button.isVisible(), "nothing to clear yet"
    qtbot.keyClicks(note, "Smiled at last")
    assert note.clear_button.isVisible()
    with qtbot.waitSignal(card.answer_changed, timeout=3000) as blocker:
        qtbot.mouseClick(note.clear_button, Qt.MouseButton.LeftButton)
    assert note.text() == "" and blocker.args[0].note == ""
    assert not note.clear_button.isVisible()
    qtbot.keyClick(note, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert note.text() == "Smiled at last", "clearing can be undone in the field"
    card.flush()
    card.set_read_only(True)
    assert note.isVisible() and note.isReadOnly()
    assert not note.clear_button.isVisible(), "a read-only note has nothing to clear"
    qtbot.mouseClick(note, Qt.MouseButton.LeftButton)
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(note, "more")
    assert note.text() == "Smiled at last", "and takes no typing"
    card.set_read_only(False)
    assert note.clear_button.isVisible()


# -- in the open visit -----------------------------------------------------------------


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


@pytest.fixture
def window(qtbot, store: Store) -> MainWindow:
    return open_active_window(qtbot, store)


def test_in_a_visit_a_two_line_note_is_saved_and_enter_goes_to_the_next_question(
    qtbot, window, store, tmp_path
):
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    editor = open_editor(window, visit.id)
    page = editor.section_page(0)
    first, second = page.cards[0], page.cards[1]
    first.focus_answer()
    qtbot.keyClicks(first.input.focus_widget(), "3")
    note = open_note(qtbot, first)
    qtbot.keyClicks(note, "Nobody looked up")
    qtbot.keyClick(note, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(note, "for four minutes")
    qtbot.keyClick(note, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is second.input.focus_widget()
    with Store.open(tmp_path / "visits.db") as other:
        answer = other.visits.answers(visit.id)[first.question.id]
    assert answer.note == "Nobody looked up\nfor four minutes"
    assert answer.value is not None


def test_a_findings_text_boxes_keep_enter_for_new_lines_and_grow_with_long_text(
    qtbot, window, store
):
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    editor = open_editor(window, visit.id)
    editor.go_to_page(editor.findings_index)
    form = editor.findings_page.edit(None)
    qtbot.waitExposed(form)
    summary = form.summary
    assert summary.shown_lines() == 3
    start = summary.height()
    summary.setFocus()
    qtbot.keyClicks(summary, "Nobody suggested the cake")
    qtbot.keyClick(summary, Qt.Key.Key_Return)  # a new line in a finding, as before
    qtbot.keyClicks(summary, "nor a drink")
    assert form.isVisible(), "Enter did not press Save"
    assert summary.toPlainText() == "Nobody suggested the cake\nnor a drink"
    qtbot.keyClicks(summary, " " + SENTENCE * 8)
    qtbot.waitUntil(lambda: summary.shown_lines() == summary.max_lines)
    assert summary.height() > start
    qtbot.keyClick(summary, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not summary, "Tab moves on"
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    saved = store.visits.findings(visit.id)
    assert saved[0].summary.startswith("Nobody suggested the cake\nnor a drink The barista")


def test_a_stored_5000_character_note_wraps_inside_its_scroll_bar(qtbot, window, store):
    long_note = ("Queue of nine & <b>one</b> till open; " * 140)[:5000]
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    question = checklist.sections[0].questions[0].id
    store.visits.save_answer(visit.id, Answer(question, value=2.0, note=long_note))
    window.resize(1366, 768)
    editor = open_editor(window, visit.id)
    note = editor.section_page(0).cards[0].note
    qtbot.waitUntil(lambda: note.verticalScrollBar().isVisible())
    assert note.text() == long_note
    assert note.shown_lines() == note.max_lines
    assert wraps_inside(note), "no line runs under the scroll bar"
    scroll_bar_left = note.verticalScrollBar().mapTo(note, QPoint(0, 0)).x()
    assert note.clear_button.isVisible()
    assert note.clear_button.geometry().right() < scroll_bar_left
