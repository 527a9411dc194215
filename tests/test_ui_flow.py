"""The evaluator's whole flow, driven through the widgets like a person, then read back.

First run → a location made in the new-visit dialog → every question
answered from the keyboard → two photos dropped on a question → a suggested
leak confirmed and a missed opportunity added → completed. A second main
window on the same database must then show all of it, exactly.
"""

from __future__ import annotations

from datetime import datetime

from images import make_jpeg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from ui_helpers import KeyAnswer, drop_files, keyboard_answer, type_answer

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Answer, Channel, FindingStatus, Severity, VisitStatus
from undercover.store import Store
from undercover.ui.main_window import MainWindow
from undercover.ui.visit_editor import VisitEditor
from undercover.ui.visits_model import VisitsModel

NOTE_AT = 2  # the third question also gets a note, typed after F2
NOTE = "Looked up from the till only after I said hello."


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_nav(qtbot, editor: VisitEditor, row: int) -> None:
    rect = editor.nav.visualItemRect(editor.nav.item(row))
    qtbot.mouseClick(editor.nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert editor.current_page() == row


def open_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def answer_everything(qtbot, editor: VisitEditor) -> dict[str, Answer]:
    """Answer each question with the keyboard only, moving on with Enter or Tab."""
    expected: dict[str, Answer] = {}
    sections = editor.session.checklist.sections
    n = 0
    for index, section in enumerate(sections):
        assert editor.current_page() == index
        assert editor.position_label.text() == f"Section {index + 1} of {len(sections)}"
        page = editor.section_page(index)
        for question in section.questions:
            card = page.card(question.id)
            focus = QApplication.focusWidget()
            assert focus is card.input.focus_widget(), f"focus is not on {question.id}"
            answer = keyboard_answer(question, n)
            if n == NOTE_AT:
                qtbot.keyClicks(focus, answer.keys)
                qtbot.keyClick(focus, Qt.Key.Key_F2)
                assert QApplication.focusWidget() is card.note
                type_answer(card.note, KeyAnswer(NOTE, answer.expected))
                answer.expected.note = NOTE
            else:
                type_answer(focus, answer)
            expected[question.id] = answer.expected
            n += 1
    return expected


def test_a_first_visit_from_first_run_to_completed_and_read_back(qtbot, tmp_path):
    db = tmp_path / "shop.db"
    window = open_window(qtbot, Store.open(db))

    # First run: the welcome page, not an empty table.
    assert window.stack.currentWidget() is window.empty_state
    # The visit starts, by default, at the minute the dialog opened.
    before = datetime.now().astimezone().replace(second=0, microsecond=0)
    click(qtbot, window.empty_state.start_button)
    dialog = window.new_visit_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.new_name.isVisible(), "with no locations, the dialog asks for one in place"
    qtbot.keyClicks(dialog.new_name, "Harbour Street")
    qtbot.keyClicks(dialog.new_address, "12 Harbour Street")
    qtbot.keyClicks(dialog.channel, "P")  # keyboard search picks "Phone"
    qtbot.keyClicks(dialog.scenario, "Phoned to order a birthday cake for Saturday")
    click(qtbot, dialog.start_button)

    editor = window.editor
    assert editor is not None and window.stack.currentWidget() is editor
    visit = editor.session.visit
    assert editor.session.location.name == "Harbour Street"
    assert visit.channel is Channel.PHONE
    assert visit.started_at and datetime.fromisoformat(visit.started_at) >= before

    # Every question from the keyboard; Enter after the last one reaches the findings.
    expected = answer_everything(qtbot, editor)
    assert editor.current_page() == editor.findings_index
    greeting = editor.section_page(0).card("greeting")
    assert greeting.anchor_label.text().startswith(
        f"{expected['greeting'].value:g} of 5 — "
    )
    assert window.saved_label.text().startswith("Saved ")

    # Two photos dropped on a question: the drop's own code path, prepared on the pool.
    photos = [
        make_jpeg(tmp_path / "queue.jpg", color=(200, 60, 40), camera=True, gps=True),
        make_jpeg(tmp_path / "counter.jpg", size=(640, 480), color=(40, 90, 200)),
    ]
    click_nav(qtbot, editor, 0)
    card = editor.section_page(0).card("greeting")
    assert drop_files(card, photos)
    qtbot.waitUntil(lambda: len(editor.session.photos) == 2 and not editor.intake.busy)
    assert card.photo_strip.count() == 2
    assert {p.question_id for p in editor.session.photos} == {"greeting"}

    # Findings: confirm the suggested leak (a 4-minute wait), add a missed opportunity.
    click_nav(qtbot, editor, editor.findings_index)
    page = editor.findings_page
    wait_row = next(
        r for r in page.suggested_rows if r.finding.question_id == "acknowledged_minutes"
    )
    assert wait_row.finding.kind is FindingKind.LEAK
    suggested_summary = wait_row.finding.summary
    click(qtbot, wait_row.confirm_button)
    assert not any(
        r.finding.question_id == "acknowledged_minutes" for r in page.suggested_rows
    )

    click(qtbot, page.add_button)
    form = page.dialog
    assert form is not None and form.isVisible()
    click(qtbot, form.missed)
    qtbot.keyClicks(form.summary, "Nobody suggested the seasonal cake")
    form.where.lineEdit().clear()
    qtbot.keyClicks(form.where.lineEdit(), "Ordering on the phone")
    qtbot.keyClicks(form.severity, "H")  # keyboard search picks "High"
    qtbot.keyClicks(form.evidence, "\"Anything else?\" was never asked")
    first_photo = form.photos.item(0)
    qtbot.mouseClick(
        form.photos.viewport(), Qt.MouseButton.LeftButton,
        pos=form.photos.visualItemRect(first_photo).center(),
    )
    qtbot.keyClick(form.photos, Qt.Key.Key_Space)
    assert first_photo.checkState() == Qt.CheckState.Checked
    qtbot.keyClicks(form.recommendation, "Suggest the seasonal special with every order")
    click(qtbot, form.save_button)
    confirmed = {r.finding.kind: r.finding for r in page.confirmed_rows}
    assert set(confirmed) == {FindingKind.LEAK, FindingKind.MISSED}

    # Complete on the summary page.
    click_nav(qtbot, editor, editor.summary_index)
    summary = editor.summary_page
    assert summary.complete_button.isEnabled()
    waiting = len(editor.session.suggestions())
    assert waiting, "the low answers not reviewed still suggest findings"
    click(qtbot, summary.complete_button)
    # Suggestions left unreviewed are named before they are dropped; complete anyway.
    box = editor.unreviewed_box
    assert box is not None and box.isVisible()
    assert box.text() == f"{waiting} suggested findings are not reviewed."
    assert not editor.session.visit.completed
    click(qtbot, box.complete_button)
    assert editor.session.visit.completed and editor.session.read_only
    assert editor.status_chip.text().startswith("Completed")
    visit_id = editor.session.visit_id
    scorecard = editor.session.scorecard
    photo_ids = [p.id for p in editor.session.photos]
    window.close()

    # A new main window on the same database shows all of it, exactly.
    store = Store.open(db)
    window = open_window(qtbot, store)
    assert window.stack.currentWidget() is window.list_page
    model = window.list_page.model
    assert model.rowCount() == 1
    row = [model.index(0, c).data() for c in range(VisitsModel.COLUMN_COUNT)]
    assert row[1:5] == ["Harbour Street", "Phone", "", "Completed"]
    assert row[VisitsModel.SCORE] == f"{scorecard.overall:.0f}"

    table = window.list_page.table
    table.setFocus()
    table.selectRow(0)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    editor = window.editor
    assert editor is not None and editor.session.visit_id == visit_id
    assert editor.session.read_only and editor.edit_button.isVisible()
    assert editor.current_page() == editor.summary_index, "a completed visit opens on its summary"

    shown = {}
    for index, section in enumerate(editor.session.checklist.sections):
        page = editor.section_page(index)
        for question in section.questions:
            shown[question.id] = page.card(question.id).answer()
    assert shown == expected
    assert store.visits.get(visit_id).answers == expected
    assert editor.section_page(0).card("greeting").photo_strip.photo_ids() == photo_ids

    findings = [f for f in editor.session.findings if f.status is FindingStatus.CONFIRMED]
    by_kind = {f.kind: f for f in findings}
    assert len(findings) == 2
    leak, missed = by_kind[FindingKind.LEAK], by_kind[FindingKind.MISSED]
    assert leak.question_id == "acknowledged_minutes" and leak.summary == suggested_summary
    assert missed.summary == "Nobody suggested the seasonal cake"
    assert missed.where == "Ordering on the phone"
    assert missed.severity is Severity.HIGH
    assert missed.evidence == "\"Anything else?\" was never asked"
    assert missed.recommendation == "Suggest the seasonal special with every order"
    assert missed.photo_ids == [photo_ids[0]]
    assert {r.finding.id for r in editor.findings_page.confirmed_rows} == {
        leak.id, missed.id
    }

    stored = store.visits.get(visit_id)
    assert stored.status is VisitStatus.COMPLETED and stored.ended_at
    assert stored.edited_at is None
    assert editor.summary_page.overall.text() == f"{scorecard.overall:.0f}"
    assert editor.summary_page.needs_work.text() == scorecard.needs_work
