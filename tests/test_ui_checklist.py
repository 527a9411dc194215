"""The guided checklist: keys for every answer kind, moving around, autosave, undo, read-only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from window_driver import open_active_window

from undercover.domain.checklist import Question, QuestionKind
from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import answer_widgets, dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.question_card import QuestionCard
from undercover.ui.visit_editor import VisitEditor

ANCHORS = ("Ignored", "Mumbled", "Flat", "Friendly", "Warm")


def card_for(qtbot, question: Question, answer: Answer | None = None) -> QuestionCard:
    card = QuestionCard(1, question, answer, [], lambda _id: None)
    qtbot.addWidget(card)
    card.show()
    qtbot.waitExposed(card)
    card.activateWindow()
    qtbot.waitUntil(card.isActiveWindow)
    card.focus_answer()
    return card


def keys(qtbot, card: QuestionCard, text: str) -> None:
    qtbot.keyClicks(card.input.focus_widget(), text)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


@pytest.fixture
def visit(store: Store) -> Visit:
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    return store.visits.create(Visit(location.id, checklist.key, checklist.version))


@pytest.fixture
def window(qtbot, store: Store) -> MainWindow:
    return open_active_window(qtbot, store)


def open_editor(window: MainWindow, visit_id: str) -> VisitEditor:
    editor = window.open_visit(visit_id)
    assert editor is not None
    return editor


# -- answer widgets ----------------------------------------------------------------------


def test_a_rating_takes_digits_a_for_na_arrows_and_delete(qtbot):
    card = card_for(qtbot, Question("greeting", "Greeted?", QuestionKind.RATING, anchors=ANCHORS))
    saved: list[Answer] = []
    card.answer_changed.connect(saved.append)
    keys(qtbot, card, "4")
    assert saved[-1] == Answer("greeting", value=4.0)
    assert card.anchor_label.text() == "4 of 5 — Friendly"
    assert card.input.buttons[4.0].isChecked()
    keys(qtbot, card, "9")  # not on the scale: ignored
    assert len(saved) == 1
    keys(qtbot, card, "n-")  # N means No on yes/no, so it never means N/A on a rating
    assert len(saved) == 1
    keys(qtbot, card, "a")
    assert saved[-1] == Answer("greeting", na=True)
    assert card.input.na_button.isChecked() and not card.input.buttons[4.0].isChecked()
    qtbot.keyClick(card.input, Qt.Key.Key_Right)  # from N/A: the first point
    assert saved[-1].value == 1.0
    qtbot.keyClick(card.input, Qt.Key.Key_Right)
    assert saved[-1].value == 2.0
    qtbot.keyClick(card.input, Qt.Key.Key_Delete)
    assert saved[-1] == Answer("greeting")
    assert card.hint_label.text() == "1–5 · A n/a"


def test_yes_no_takes_y_and_n_and_a_for_na_only_when_allowed(qtbot):
    card = card_for(qtbot, Question("name", "Used your name?", QuestionKind.YES_NO))
    saved: list[Answer] = []
    card.answer_changed.connect(saved.append)
    keys(qtbot, card, "y")
    assert saved[-1].value == 1.0
    keys(qtbot, card, "n")
    assert saved[-1].value == 0.0 and not saved[-1].na, "on yes/no, N means No"
    keys(qtbot, card, "a")
    assert saved[-1].na
    count = len(saved)
    keys(qtbot, card, "-")  # one key for N/A: "-" is not another
    assert len(saved) == count
    assert "A n/a" in card.hint_label.text()

    strict = card_for(
        qtbot, Question("courtesy", "Courteous?", QuestionKind.YES_NO, allow_na=False,
                        required=True, critical=True),
    )
    strict_saved: list[Answer] = []
    strict.answer_changed.connect(strict_saved.append)
    keys(qtbot, strict, "a-")
    assert strict_saved == [] and strict.input.na_button is None
    keys(qtbot, strict, "n")
    assert strict.anchor_label.text() == "Not what a customer should get"


def test_likelihood_takes_0_to_9_and_1_then_0_for_10(qtbot, monkeypatch):
    card = card_for(qtbot, Question("return", "Come back?", QuestionKind.LIKELIHOOD))
    saved: list[Answer] = []
    card.answer_changed.connect(saved.append)
    keys(qtbot, card, "10")
    assert saved[-1].value == 10.0 and card.anchor_label.text() == "10 of 10"
    keys(qtbot, card, "0")
    assert saved[-1].value == 0.0
    clock = iter([100.0, 105.0])  # "1", then "0" five seconds later: 1, then 0
    monkeypatch.setattr(answer_widgets.time, "monotonic", lambda: next(clock))
    keys(qtbot, card, "10")
    assert [a.value for a in saved[-2:]] == [1.0, 0.0]
    monkeypatch.undo()
    keys(qtbot, card, "9")
    qtbot.keyClick(card.input, Qt.Key.Key_Right)  # the other way to reach 10
    assert saved[-1].value == 10.0
    keys(qtbot, card, "a")
    assert saved[-1] == Answer("return", na=True)
    assert card.hint_label.text() == "0–9 · 1 0 quickly for 10 · A n/a"


def test_numbers_are_typed_saved_after_a_pause_and_a_means_na(qtbot):
    question = Question("wait", "Minutes?", QuestionKind.NUMBER, unit="minutes", target=1,
                        worst=5)
    card = card_for(qtbot, question)
    with qtbot.waitSignal(card.answer_changed, timeout=2000) as blocker:
        keys(qtbot, card, "12")
    assert blocker.args[0] == Answer("wait", value=12.0)
    with qtbot.waitSignal(card.answer_changed, timeout=2000) as blocker:
        keys(qtbot, card, "a")
    assert blocker.args[0] == Answer("wait", na=True)
    assert card.input.edit.text() == ""
    assert card.hint_label.text() == "type a number · A n/a"


def test_enter_and_tab_move_on_shift_tab_goes_back_and_f2_opens_the_note(qtbot):
    card = card_for(qtbot, Question("greeting", "Greeted?", QuestionKind.RATING))
    moves: list[str] = []
    card.advance.connect(lambda: moves.append("next"))
    card.retreat.connect(lambda: moves.append("back"))
    target = card.input.focus_widget()
    qtbot.keyClick(target, Qt.Key.Key_Return)
    qtbot.keyClick(target, Qt.Key.Key_Tab)
    qtbot.keyClick(target, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert moves == ["next", "next", "back"]
    qtbot.keyClick(target, Qt.Key.Key_F2)
    assert QApplication.focusWidget() is card.note
    with qtbot.waitSignal(card.answer_changed, timeout=2000) as blocker:
        qtbot.keyClicks(card.note, "Never looked up")
    assert blocker.args[0].note == "Never looked up"
    qtbot.keyClick(card.note, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is target


def test_free_text_keeps_enter_for_new_lines_and_moves_on_with_ctrl_enter(qtbot):
    card = card_for(qtbot, Question("felt", "How did you feel?", QuestionKind.TEXT))
    moves: list[str] = []
    saved: list[Answer] = []
    card.advance.connect(lambda: moves.append("next"))
    card.answer_changed.connect(saved.append)
    edit = card.input.focus_widget()
    qtbot.keyClicks(edit, "Rushed")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    qtbot.keyClicks(edit, "but fine")
    assert moves == [] and saved == [], "typing is saved after a pause, not per key"
    qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert moves == ["next"]
    assert saved == [Answer("felt", text="Rushed\nbut fine")], "moving on saves at once"


# -- the editor ------------------------------------------------------------------------


def test_enter_on_the_last_question_turns_the_page_and_focuses_the_next_section(
    qtbot, window, visit
):
    editor = open_editor(window, visit.id)
    page = editor.section_page(0)
    page.cards[-1].focus_answer()
    qtbot.keyClicks(QApplication.focusWidget(), "3")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert editor.current_page() == 1
    assert QApplication.focusWidget() is editor.section_page(1).cards[0].input.focus_widget()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab,
                   Qt.KeyboardModifier.ShiftModifier)
    assert editor.current_page() == 0
    assert QApplication.focusWidget() is page.cards[-1].input.focus_widget()


def test_required_questions_block_completing_but_not_moving_around(
    qtbot, window, visit, store, monkeypatch
):
    editor = open_editor(window, visit.id)
    for _ in range(editor.summary_index):
        qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.current_page() == editor.summary_index
    summary = editor.summary_page
    assert not summary.complete_button.isEnabled()
    assert summary.missing.isVisible()
    assert "required" in summary.complete_hint.text()
    warmth = editor.nav.item(1)
    assert warmth.data(Qt.ItemDataRole.UserRole + 2) == "required"
    # A link in the missing list jumps to the question, ready for its answer.
    links = [w for w in summary.missing.findChildren(type(summary.complete_button))]
    qtbot.mouseClick(links[0], Qt.MouseButton.LeftButton)
    courtesy = editor.section_page(1).card("courtesy")
    assert QApplication.focusWidget() is courtesy.input.focus_widget()
    # The store refuses too: the message is shown plainly.
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: messages.append(text))
    assert not editor.complete()
    assert window.saved_label.text() != "Not saved", "a refusal is not a failed save"
    assert messages and messages[0].startswith("Answer the required questions first")
    assert not store.visits.get(visit.id).completed


def test_every_change_is_written_at_once_and_the_status_bar_says_saved(
    qtbot, window, visit, tmp_path
):
    editor = open_editor(window, visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClicks(card.input, "5")
    with Store.open(tmp_path / "visits.db") as other:  # another connection sees it already
        assert other.visits.answers(visit.id)["greeting"].value == 5.0
    assert window.saved_label.text().startswith("Saved ")
    # A note typed and the page left at once: flushed on the page change, not lost.
    qtbot.keyClick(card.input, Qt.Key.Key_F2)
    qtbot.keyClicks(card.note, "Smiled at last")
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    with Store.open(tmp_path / "visits.db") as other:
        assert other.visits.answers(visit.id)["greeting"].note == "Smiled at last"
        assert other.visits.get(visit.id).current_section == 1


def test_ctrl_z_puts_back_the_previous_answer(qtbot, window, visit, store):
    editor = open_editor(window, visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClicks(card.input, "2")
    qtbot.keyClicks(card.input, "4")
    assert window.undo_action.isEnabled()
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)  # undo follows the answer
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.current_page() == 0
    assert card.answer().value == 2.0
    assert store.visits.answers(visit.id)["greeting"].value == 2.0
    window.undo_action.trigger()
    assert card.answer() == Answer("greeting")
    assert "greeting" not in store.visits.answers(visit.id)
    assert not window.undo_action.isEnabled()


def test_a_draft_reopens_where_the_evaluator_was(qtbot, window, visit, store):
    store.visits.save_answer(visit.id, Answer("empathy_understood", value=3.0))
    store.visits.update(visit.id, current_section=2)
    store.visits.save_answer(
        visit.id, Answer(store.checklists.get(DEFAULT_CHECKLIST).sections[2].questions[0].id,
                         value=4.0)
    )
    window.reload()
    qtbot.mouseClick(window.list_page.continue_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert editor is not None and editor.current_page() == 2
    page = editor.section_page(2)
    assert QApplication.focusWidget() is page.cards[1].input.focus_widget(), (
        "focus waits on the first unanswered question"
    )


def test_a_completed_visit_is_read_only_until_edit_which_records_the_time(
    qtbot, window, store, visit, monkeypatch
):
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    for question in checklist.questions:
        if question.required:
            store.visits.save_answer(visit.id, Answer(question.id, value=1.0))
    store.visits.complete(visit.id)
    editor = open_editor(window, visit.id)
    assert editor.session.read_only and editor.current_page() == editor.summary_index
    assert editor.status_chip.text() == "Completed · read-only"
    assert not editor.summary_page.complete_button.isVisible()
    editor.go_to_page(0)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClicks(card.input, "4")
    assert card.answer().value is None and "greeting" not in store.visits.answers(visit.id)
    assert not card.add_photos_button.isVisible()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    editor.add_photo_files(["photo.jpg"], "greeting")
    assert shown and "Edit visit" in shown[0]

    qtbot.mouseClick(editor.edit_button, Qt.MouseButton.LeftButton)
    assert not editor.session.read_only and editor.banner.isVisible()
    assert store.visits.get(visit.id).edited_at is None, "opening for edit changes nothing"
    card.focus_answer()
    qtbot.keyClicks(card.input, "4")
    stored = store.visits.get(visit.id)
    assert stored.answers["greeting"].value == 4.0
    assert stored.completed and stored.edited_at is not None
    editor.go_to_page(editor.summary_index)
    editor.session.reload_status()
    assert "edited" in editor.summary_page.status_line.text()
