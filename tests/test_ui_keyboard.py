"""The keyboard promises of the README: photos from the keys, focus that stays, a visible ring.

Each test drives the widgets with key presses and then checks the database or
where the focus is, as a person at the keyboard would notice.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from images import make_jpeg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from window_driver import open_active_window

from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs, style
from undercover.ui.finding_rows import FindingRow
from undercover.ui.visit_editor import VisitEditor


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


@pytest.fixture
def editor(qtbot, store: Store) -> VisitEditor:
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    store.visits.save_answer(visit.id, Answer("greeting", value=1.0))  # one suggestion or more
    window = open_active_window(qtbot, store)
    editor = window.open_visit(visit.id)
    assert editor is not None
    return editor


@pytest.fixture
def chooser(monkeypatch, tmp_path) -> list[Path]:
    """The file dialog, replaced: it returns two photos and, like a real one, takes the focus."""
    files = [make_jpeg(tmp_path / "queue.jpg"), make_jpeg(tmp_path / "till.jpg", color=(0, 90, 0))]
    calls: list[Path] = []

    def choose(_parent, _title, *_args):
        focus = QApplication.focusWidget()
        if focus is not None:
            focus.clearFocus()  # a real dialog leaves the window with no focus widget
        calls.extend(files)
        return list(files)

    monkeypatch.setattr(dialogs, "choose_files", choose)
    return calls


def activate(qtbot, window: QWidget) -> None:
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def focus() -> QWidget | None:
    return QApplication.focusWidget()


def test_f3_adds_photos_to_the_question_and_the_focus_comes_back(qtbot, editor, chooser):
    page = editor.section_page(0)
    card = page.card("greeting")
    card.focus_answer()
    answer = card.input.focus_widget()
    qtbot.keyClick(answer, Qt.Key.Key_F3)
    assert chooser, "F3 opened the file chooser"
    store = editor.session.store
    qtbot.waitUntil(lambda: len(store.photos.list(editor.session.visit_id)) == 2)
    assert {p.question_id for p in store.photos.list(editor.session.visit_id)} == {"greeting"}
    assert focus() is answer, "back on the answer, ready for the next key"
    assert card.photo_strip.count() == 2

    # Neighbour: on a read-only visit F3 does nothing.
    chooser.clear()
    card.set_read_only(True)
    qtbot.keyClick(answer, Qt.Key.Key_F3)
    assert chooser == []


def test_the_add_photos_button_gives_the_focus_back_too(qtbot, editor, chooser):
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    answer = card.input.focus_widget()
    qtbot.mouseClick(card.add_photos_button, Qt.MouseButton.LeftButton)
    assert chooser
    assert focus() is answer


def test_f4_opens_the_viewer_next_keeps_the_caption_focused_and_closing_returns(
    qtbot, editor, chooser
):
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    answer = card.input.focus_widget()
    qtbot.keyClick(answer, Qt.Key.Key_F4)
    assert editor.viewer is None, "no photos yet: F4 does nothing"
    qtbot.keyClick(answer, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: card.photo_strip.count() == 2)
    first, second = card.photo_strip.photo_ids()

    qtbot.keyClick(answer, Qt.Key.Key_F4)
    viewer = editor.viewer
    assert viewer is not None and viewer.photo_id == first
    activate(qtbot, viewer)
    viewer.caption.setFocus()
    qtbot.keyClicks(viewer.caption, "Queue <at> the till & door")
    qtbot.mouseClick(viewer.next_button, Qt.MouseButton.LeftButton)
    assert viewer.photo_id == second
    assert focus() is viewer.caption, "Next leaves the focus in the caption"
    store = editor.session.store
    assert store.photos.get(first).caption == "Queue <at> the till & door"
    qtbot.keyClick(viewer.caption, Qt.Key.Key_PageUp)
    assert viewer.photo_id == first
    qtbot.keyClick(viewer.caption, Qt.Key.Key_PageDown)
    assert viewer.photo_id == second
    qtbot.keyClick(viewer.caption, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: editor.viewer is None)
    qtbot.waitUntil(lambda: focus() is answer)


def test_a_finding_gets_new_photos_from_the_keyboard(qtbot, editor, chooser):
    editor.go_to_page(editor.findings_index)
    page = editor.findings_page
    row = focus()
    assert isinstance(row, FindingRow)
    qtbot.keyClick(row, Qt.Key.Key_E)
    dialog = page.dialog
    assert dialog is not None
    activate(qtbot, dialog)
    assert not dialog.photos.isVisible() and dialog.no_photos.isVisible()
    # Tab from the text boxes reaches the button; Space presses it.
    for _ in range(12):
        if focus() is dialog.add_photos_button:
            break
        qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is dialog.add_photos_button
    qtbot.keyClick(dialog.add_photos_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: dialog.photos.count() == 2)
    assert dialog.photos.isVisible() and not dialog.no_photos.isVisible()
    assert focus() is dialog.add_photos_button
    # Space on the list unticks the photo in focus.
    dialog.photos.setFocus()
    dialog.photos.setCurrentRow(1)
    qtbot.keyClick(dialog.photos, Qt.Key.Key_Space)
    kept = dialog.photos.item(0).data(Qt.ItemDataRole.UserRole + 1)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = editor.session.store.visits.findings(editor.session.visit_id)
    assert [f.photo_ids for f in saved] == [[kept]]


def test_the_findings_page_tab_order_starts_on_the_review_not_on_export(qtbot, editor, chooser):
    editor.go_to_page(editor.findings_index)
    page = editor.findings_page
    row = focus()
    assert row is page.suggested_rows[0]
    qtbot.keyClick(row, Qt.Key.Key_Tab)
    assert focus() is row.confirm_button
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is row.edit_button
    assert editor.export_button is not focus()

    # The visit's photos are reachable too, and Enter opens one.
    page.add_photos_button.setFocus()
    qtbot.keyClick(page.add_photos_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.photo_strip.count() == 2)
    assert focus() is page.add_photos_button
    qtbot.keyClick(focus(), Qt.Key.Key_Tab)
    assert focus() is page.photo_strip
    qtbot.keyClick(page.photo_strip, Qt.Key.Key_Return)
    assert editor.viewer is not None
    assert editor.viewer.photo_id == page.photo_strip.photo_ids()[0]


def ring(button: QPushButton) -> QColor:
    """The colour of the button's left border, half way down."""
    image = button.grab().toImage()
    return image.pixelColor(1, image.height() // 2)


@pytest.mark.parametrize("primary", [True, False])
def test_a_focused_button_shows_a_clear_ring(qtbot, qapp, primary):
    sheet = qapp.styleSheet()
    qapp.setStyleSheet(style.STYLE_SHEET)
    try:
        holder = QWidget()
        qtbot.addWidget(holder)
        first = style.mark(QPushButton("Confirm", holder), primary=primary)
        second = style.mark(QPushButton("Confirm", holder), primary=primary)
        second.move(0, 60)
        holder.show()
        qtbot.waitExposed(holder)
        holder.activateWindow()
        qtbot.waitUntil(holder.isActiveWindow)
        first.setFocus()
        qtbot.waitUntil(first.hasFocus)
        focused, plain = ring(first), ring(second)
        amber = QColor(style.FOCUS_RING)
        assert focused == amber
        assert plain != amber
        assert first.size() == second.size(), "the ring does not make the button jump"
    finally:
        qapp.setStyleSheet(sheet)


def test_tab_reaches_next_on_the_findings_page_and_space_goes_on(qtbot, editor):
    editor.go_to_page(editor.findings_index)
    seen = []
    for _ in range(40):
        widget = focus()
        if widget is editor.next_button:
            break
        seen.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert focus() is editor.next_button, "Next is in the Tab order"
    assert editor.export_button not in seen[:3], "the review comes before the header"
    qtbot.keyClick(editor.next_button, Qt.Key.Key_Space)
    assert editor.current_page() == editor.summary_index
    # Neighbour: a click on Next from a question leaves the focus on the questions.
    editor.go_to_page(0)
    answer = editor.section_page(0).cards[0].input.focus_widget()
    assert focus() is answer
    qtbot.mouseClick(editor.next_button, Qt.MouseButton.LeftButton)
    assert editor.current_page() == 1
    assert isinstance(focus(), QWidget) and focus() is not editor.next_button
