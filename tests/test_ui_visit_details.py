"""When and where a visit happened, driven through the dialogs as a person would.

The new-visit dialog takes the day and times typed on the keyboard; Visit details
changes them (and the place, channel, scenario, evaluator) afterwards, each change
written through at once; a completed visit stays read-only until Edit visit; a
location's visits move before it is deleted; and completing a visit with suggested
findings nobody reviewed asks first.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDateEdit, QTimeEdit
from window_driver import open_active_window

from undercover.domain.checklist import QuestionKind
from undercover.domain.visit import Answer, Channel, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner
from undercover.ui.unreviewed import UnreviewedBox
from undercover.ui.visit_details import TEXT_SAVE_MS, VisitDetailsDialog
from undercover.ui.visit_editor import VisitEditor
from undercover.ui.visit_times import VisitTimesEdit

OLD = "2026-01-02T03:04:05Z"
HOSTILE = "<b>Asked</b> for the bill & waited 🍰 " + "x" * 300
TYPED, PASTED = HOSTILE.split("🍰")  # keys are typed; the emoji comes in as a paste


def type_hostile(qtbot, edit) -> None:
    """Type the hostile text, pasting the emoji in the middle as a keyboard cannot type it."""
    qtbot.keyClicks(edit, TYPED)
    edit.insertPlainText("🍰") if hasattr(edit, "insertPlainText") else edit.insert("🍰")
    qtbot.keyClicks(edit, PASTED)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


@pytest.fixture
def window(qtbot, store: Store) -> MainWindow:
    return open_active_window(qtbot, store)


def make_visit(store: Store, name: str = "Harbour Street", *, required: bool = True,
               **kw) -> Visit:
    location = store.locations.find(name) or store.locations.add(Location(name))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    answers = {q.id: Answer(q.id, float(q.scale[1])) for q in checklist.questions
               if required and q.required}
    kw.setdefault("started_at", "2026-03-14T10:15:00+01:00")
    kw.setdefault("ended_at", "2026-03-14T10:40:00+01:00")
    return store.visits.create(Visit(location.id, checklist.key, checklist.version,
                                     evaluator_code="MS-014", updated_at=OLD,
                                     answers=answers, **kw))


def active(qtbot, dialog):
    """The dialog as the person sees it: shown, and the window keys go to."""
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def click(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_day(qtbot, edit: QDateEdit, text: str) -> None:
    """Type a day into a date field, section by section, as after a double-click on it."""
    edit.setFocus()
    edit.setSelectedSection(QDateEdit.Section.DaySection)
    qtbot.keyClicks(edit, text)


def type_time(qtbot, edit: QTimeEdit, digits: str, enter: bool = True) -> None:
    """Type a time over the one shown and, with ``enter``, finish it with Enter."""
    edit.setFocus()
    edit.setSelectedSection(QTimeEdit.Section.HourSection)
    qtbot.keyClicks(edit, digits)
    if enter:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def type_times(qtbot, when: VisitTimesEdit, day: str, start: str, end: str | None) -> None:
    """The day, Tab, the start, Tab, Space to give an end, Tab, the end: keyboard only."""
    type_day(qtbot, when.day, day)
    qtbot.keyClick(when.day, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is when.start
    qtbot.keyClicks(when.start, start)
    qtbot.keyClick(when.start, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is when.has_end
    if end is None:
        if when.has_end.isChecked():
            qtbot.keyClick(when.has_end, Qt.Key.Key_Space)
        return
    if not when.has_end.isChecked():
        qtbot.keyClick(when.has_end, Qt.Key.Key_Space)
    qtbot.keyClick(when.has_end, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is when.end
    qtbot.keyClicks(when.end, end)


# -- the new-visit dialog -------------------------------------------------------------


def test_a_visit_written_up_later_keeps_the_day_and_times_typed(
    qtbot, window, store, paris_time
):
    store.locations.add(Location("Harbour Street"))
    dialog = active(qtbot, window.new_visit())
    # Defaults: today, now to the minute, the end left open.
    now = datetime.now().astimezone()
    assert dialog.when.day.date() == QDate(now.year, now.month, now.day)
    assert abs(dialog.when.start.time().secsTo(QTime(now.hour, now.minute))) <= 60
    assert not dialog.when.has_end.isChecked() and not dialog.when.end.isEnabled()
    type_times(qtbot, dialog.when, "13mar2026", "0930", "1005")
    type_hostile(qtbot, dialog.scenario)
    assert not dialog.problem.isVisible()
    click(qtbot, dialog.start_button)
    editor = window.editor
    assert editor is not None
    stored = store.visits.get(editor.session.visit_id)
    # Paris in March is UTC+1: stored in UTC, shown and printed in local time.
    assert (stored.started_at, stored.ended_at) == (
        "2026-03-13T08:30:00Z", "2026-03-13T09:05:00Z")
    assert stored.date == "2026-03-13"
    assert "13 Mar 2026, 09:30–10:05" in editor.subtitle.text()
    summary = editor.summary_page
    summary.refresh()
    assert "visit on 13 Mar 2026, 09:30–10:05" in summary.status_line.text()


def test_a_visit_under_way_starts_now_and_its_end_is_recorded_on_completion(
    qtbot, window, store
):
    store.locations.add(Location("Harbour Street"))
    dialog = active(qtbot, window.new_visit())
    click(qtbot, dialog.start_button)
    stored = store.visits.get(window.editor.session.visit_id)
    assert stored.started_at and stored.ended_at is None
    opened = datetime.fromisoformat(stored.started_at)
    assert timedelta(0) <= datetime.now().astimezone() - opened < timedelta(minutes=2)


@pytest.mark.parametrize("start, end, message", [
    ("1000", "0945", "cannot end (09:45) before it starts (10:00)"),
    ("0900", None, "is still to come"),  # tomorrow
])
def test_impossible_times_are_named_and_no_visit_is_made(
    qtbot, window, store, start, end, message
):
    store.locations.add(Location("Harbour Street"))
    dialog = active(qtbot, window.new_visit())
    day = datetime.now() + (timedelta(days=1) if end is None else timedelta(days=-1))
    type_times(qtbot, dialog.when, f"{day.day}{day:%b}{day.year}", start, end)
    assert dialog.problem.isVisible() and message in dialog.problem.text()
    assert "\n" not in dialog.problem.text()
    click(qtbot, dialog.start_button)
    assert dialog.isVisible() and window.editor is None
    assert store.visits.count() == 0
    # Put right, it goes through.
    type_times(qtbot, dialog.when, f"{day.day}{day:%b}{day.year}", "0800", "0830")
    if end is None:  # tomorrow is still to come: take yesterday instead
        type_day(qtbot, dialog.when.day, f"{(datetime.now() - timedelta(days=1)).day}")
    assert not dialog.problem.isVisible(), dialog.problem.text()
    click(qtbot, dialog.start_button)
    assert store.visits.count() == 1


# -- Visit details, from the visit editor ----------------------------------------------


def test_details_change_as_they_are_typed_and_the_header_follows(
    qtbot, window, store, paris_time
):
    visit = make_visit(store)
    market = store.locations.add(Location("Market Square"))
    editor = window.open_visit(visit.id)
    click(qtbot, editor.details_button)
    dialog = active(qtbot, editor.details_dialog)
    assert isinstance(dialog, VisitDetailsDialog) and dialog.isVisible()
    assert dialog.editable and not dialog.locked_banner.isVisible()
    assert dialog.when.start.time() == QTime(10, 15) and dialog.when.end.time() == QTime(10, 40)

    # The location: a choice is saved as it is made.
    dialog.location.setFocus()
    qtbot.keyClicks(dialog.location, "M")
    assert store.visits.get(visit.id).location_id == market.id
    assert editor.title.text() == "Market Square"

    # Times: a half-typed one is not stored ("09" of "09:30" shows 09:15)...
    type_time(qtbot, dialog.when.start, "09", enter=False)
    assert dialog.when.start.time() == QTime(9, 15)
    assert store.visits.get(visit.id).started_at == "2026-03-14T09:15:00Z"
    type_time(qtbot, dialog.when.start, "1015")  # typed over: back where it was
    assert store.visits.get(visit.id).started_at == "2026-03-14T09:15:00Z"
    # ...a finished one is written through; an impossible one named and not stored.
    type_time(qtbot, dialog.when.end, "1050")
    assert dialog.isVisible(), "Enter finishes the field, not the dialog"
    assert store.visits.get(visit.id).ended_at == "2026-03-14T09:50:00Z"
    assert not dialog.problem.isVisible()
    type_time(qtbot, dialog.when.start, "1100")
    assert "Not saved" in dialog.problem.text() and "before it starts" in dialog.problem.text()
    stored = store.visits.get(visit.id)
    assert (stored.started_at, stored.ended_at) == (
        "2026-03-14T09:15:00Z", "2026-03-14T09:50:00Z")
    type_time(qtbot, dialog.when.end, "1130")  # now they fit together: both are saved
    stored = store.visits.get(visit.id)
    assert (stored.started_at, stored.ended_at) == (
        "2026-03-14T10:00:00Z", "2026-03-14T10:30:00Z")
    assert not dialog.problem.isVisible()
    assert "14 Mar 2026, 11:00–11:30" in editor.subtitle.text()

    # Typed text is saved within a second even while typing goes on.
    dialog.scenario.setFocus()
    dialog.scenario.selectAll()
    type_hostile(qtbot, dialog.scenario)
    qtbot.waitUntil(lambda: store.visits.get(visit.id).scenario == HOSTILE.strip(),
                    timeout=TEXT_SAVE_MS + 1000)
    dialog.evaluator.setFocus()
    dialog.evaluator.selectAll()
    qtbot.keyClicks(dialog.evaluator, "MS-022")
    qtbot.keyClick(dialog.evaluator, Qt.Key.Key_Escape)  # closing saves what is typed
    assert not dialog.isVisible()
    stored = store.visits.get(visit.id)
    assert stored.evaluator_code == "MS-022" and stored.updated_at > OLD
    assert stored.edited_at is None, "a draft's details are not an after-the-fact edit"
    assert window.saved_label.text().startswith("Saved ")
    assert editor.session.visit.scenario == HOSTILE.strip()


def test_a_new_channel_rebuilds_the_checklist_for_it(qtbot, window, store):
    visit = make_visit(store)
    editor = window.open_visit(visit.id)
    questions = editor.session.checklist.questions
    assert window.details_action in window.menuBar().actions()[1].menu().actions()
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # Alt+Enter
    dialog = active(qtbot, editor.details_dialog)
    dialog.channel.setFocus()
    qtbot.keyClicks(dialog.channel, "P")  # "Phone"
    assert store.visits.get(visit.id).channel is Channel.PHONE
    assert dialog.channel_note.isVisible()
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Close))
    reopened = window.editor
    assert isinstance(reopened, VisitEditor) and reopened is not editor
    assert reopened.session.visit.channel is Channel.PHONE
    assert len(reopened.session.checklist.questions) < len(questions)
    assert reopened.session.read_only is False


def test_a_completed_visit_is_read_only_until_edit_visit(qtbot, window, store, paris_time):
    visit = make_visit(store)
    store.visits.complete(visit.id)
    before = store.visits.get(visit.id)
    editor = window.open_visit(visit.id)
    assert editor.session.read_only
    dialog = active(qtbot, editor.edit_details())
    assert not dialog.editable and dialog.locked_banner.isVisible()
    assert not dialog.location.isEnabled() and not dialog.channel.isEnabled()
    assert dialog.scenario.isReadOnly() and dialog.evaluator.isReadOnly()
    assert dialog.when.start.isReadOnly() and not dialog.when.has_end.isEnabled()
    dialog.scenario.setFocus()
    qtbot.keyClicks(dialog.scenario, "typed while locked")
    type_time(qtbot, dialog.when.end, "1059")
    dialog.flush()
    assert store.visits.get(visit.id) == before, "nothing is written while read-only"

    click(qtbot, dialog.edit_button)
    assert dialog.editable and not dialog.locked_banner.isVisible()
    assert not editor.session.read_only, "the editor is unlocked with the dialog"
    assert editor.banner.isVisible()
    type_time(qtbot, dialog.when.end, "1045")
    after = store.visits.get(visit.id)
    assert after.ended_at == "2026-03-14T09:45:00Z", "completing never overwrote the end"
    assert after.edited_at and after.updated_at >= before.updated_at
    assert sum(after.versions.values()) == sum(before.versions.values()) + 1
    assert after.completed


# -- Visit details, from the list --------------------------------------------------------


@pytest.mark.qt_log_ignore(r"does not support (raise|grabbing)")  # a popup, offscreen
def test_the_lists_context_menu_and_shortcut_open_visit_details(qtbot, window, store):
    visit = make_visit(store, scenario="Bought a coffee")
    other = make_visit(store, "Market Square", started_at="2026-03-10T10:00:00Z",
                       ended_at=None)
    window.reload()
    table = window.list_page.table
    row = next(r for r in range(window.list_page.proxy.rowCount())
               if window.list_page.proxy.visit(r).id == visit.id)
    point = table.visualRect(window.list_page.proxy.index(row, 1)).center()
    table.customContextMenuRequested.emit(point)  # a right-click on the row
    menu = window.list_page.context_menu
    assert menu is not None and menu.isVisible()
    assert window.list_page.selected_ids() == [visit.id], "the row clicked is chosen"
    [details] = [a for a in menu.actions() if a.text() == "Visit details…"]
    assert details.shortcut() == QKeySequence("Alt+Return")
    menu.setActiveAction(details)
    qtbot.keyClick(menu, Qt.Key.Key_Return)
    dialog = window.findChild(VisitDetailsDialog)
    qtbot.waitUntil(lambda: dialog is not None and dialog.isVisible())
    assert dialog.visit.id == visit.id and dialog.editable
    dialog.scenario.setFocus()
    qtbot.keyClick(dialog.scenario, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.scenario, " then paid")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert store.visits.get(visit.id).scenario == "Bought a coffee then paid"
    assert store.visits.get(other.id).updated_at == OLD, "only the chosen visit changed"
    assert window.list_page.selected_ids() == [visit.id], "the list keeps the visit chosen"

    # Alt+Enter on the list does the same for the chosen visit.
    window.list_page.select_ids({other.id})
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: any(d.isVisible() and d.visit.id == other.id
                                for d in window.findChildren(VisitDetailsDialog)))
    assert window.editor is None, "Alt+Enter is not Enter: the visit did not open"


def test_refused_times_are_named_before_the_dialog_closes(qtbot, window, store, monkeypatch):
    visit = make_visit(store)
    window.reload()
    dialog = active(qtbot, window.visit_details(visit.id))
    type_time(qtbot, dialog.when.end, "0900")
    # Another field saved meanwhile: the refused times are still named.
    dialog.evaluator.setFocus()
    qtbot.keyClicks(dialog.evaluator, "-B")
    dialog.flush()
    assert store.visits.get(visit.id).evaluator_code == "MS-014-B"
    assert "Not saved" in dialog.problem.text() and dialog.problem.isVisible()
    asked: list[str] = []
    answer = [False]
    monkeypatch.setattr(dialogs, "confirm",
                        lambda _p, _t, text, _a: asked.append(text) or answer[0])
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.isVisible() and asked and "before it starts" in asked[0]
    answer[0] = True
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert store.visits.get(visit.id).ended_at == "2026-03-14T09:40:00Z"


# -- moving a location's visits before deleting it ---------------------------------------


@pytest.mark.parametrize("to_new", [False, True])
def test_a_locations_visits_move_then_it_is_deleted(qtbot, window, store, to_new):
    first = make_visit(store, "Harbour <i>Street</i> & 🍰")
    second = make_visit(store, "Harbour <i>Street</i> & 🍰", started_at="2026-03-15T10:00:00Z",
                        ended_at=None)
    market = make_visit(store, "Market Square")
    settings = window.open_settings()
    items = settings.location_list
    row = next(i for i in range(items.count()) if items.item(i).text().startswith("Harbour"))
    items.setCurrentRow(row)
    click(qtbot, settings.delete_location_button)
    dialog = active(qtbot, settings.delete_location_dialog)
    assert dialog is not None and dialog.isVisible()
    assert dialog.message.text().startswith("Harbour <i>Street</i> & 🍰 has 2 visits.")
    assert dialog.message.textFormat() is Qt.TextFormat.PlainText, "a name is shown as typed"
    assert dialog.move_label.text() == "Move 2 visits to"
    if to_new:
        dialog.target.setFocus()
        qtbot.keyClicks(dialog.target, "N")  # "New location…"
        assert dialog.new_name.isVisible() and not dialog.delete_button.isEnabled()
        qtbot.keyClicks(dialog.new_name, "Station Road")
    else:
        assert dialog.target.currentText() == "Market Square"
    click(qtbot, dialog.delete_button)
    assert not dialog.isVisible()
    target = store.locations.find("Station Road" if to_new else "Market Square")
    assert target is not None
    for visit in (first, second):
        moved = store.visits.get(visit.id)
        assert moved.location_id == target.id and moved.updated_at > OLD
    assert store.visits.get(market.id).updated_at == OLD
    assert store.locations.find("Harbour <i>Street</i> & 🍰") is None
    names = [items.item(i).text() for i in range(items.count())]
    assert not any(n.startswith("Harbour") for n in names)


def test_cancelling_the_move_keeps_everything(qtbot, window, store):
    visit = make_visit(store, "Harbour Street")
    store.locations.add(Location("Market Square"))
    settings = window.open_settings()
    settings.location_list.setCurrentRow(0)
    click(qtbot, settings.delete_location_button)
    dialog = active(qtbot, settings.delete_location_dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert store.locations.find("Harbour Street") is not None
    assert store.visits.get(visit.id).updated_at == OLD


def test_a_location_without_visits_is_deleted_after_a_plain_question(
    qtbot, window, store, monkeypatch
):
    spare = store.locations.add(Location("Spare"))
    settings = window.open_settings()
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: True)
    settings.location_list.setCurrentRow(0)
    click(qtbot, settings.delete_location_button)
    assert settings.delete_location_dialog is None
    assert store.locations.find(spare.name) is None


# -- completing with suggested findings not reviewed --------------------------------------


def low_answers(store: Store, visit: Visit, count: int) -> None:
    """Answer ``count`` rating questions that suggest findings with their lowest point."""
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    hinted = [q for q in checklist.questions
              if q.finding and q.kind is QuestionKind.RATING and not q.required]
    for question in hinted[:count]:
        store.visits.save_answer(visit.id, Answer(question.id, 1.0))


@pytest.mark.parametrize("count", [1, 3])
def test_completing_asks_about_suggested_findings_not_reviewed(qtbot, window, store, count):
    visit = make_visit(store)
    low_answers(store, visit, count)
    editor = window.open_visit(visit.id)
    assert len(editor.session.suggestions()) == count
    summary = editor.summary_page
    editor.go_to_page(editor.summary_index)
    click(qtbot, summary.complete_button)
    box = editor.unreviewed_box
    assert box is not None and box.isVisible()
    expected = ("1 suggested finding is not reviewed." if count == 1
                else f"{count} suggested findings are not reviewed.")
    assert box.text() == expected
    assert box.defaultButton() is box.review_button

    # Cancel: nothing happens.
    click(qtbot, box.cancel_button)
    assert editor.unreviewed_box is None and not store.visits.get(visit.id).completed
    assert editor.current_page() == editor.summary_index

    # Review: the findings page, still a draft.
    click(qtbot, summary.complete_button)
    click(qtbot, editor.unreviewed_box.review_button)
    assert editor.current_page() == editor.findings_index
    assert not store.visits.get(visit.id).completed
    assert len(editor.findings_page.suggested_rows) == count

    # Complete anyway: done, and the suggestions were not turned into findings.
    editor.go_to_page(editor.summary_index)
    click(qtbot, summary.complete_button)
    click(qtbot, editor.unreviewed_box.complete_button)
    done = store.visits.get(visit.id)
    assert done.completed and done.findings == []
    assert editor.session.read_only


def test_reviewed_suggestions_let_the_visit_complete_at_once(qtbot, window, store):
    visit = make_visit(store)
    low_answers(store, visit, 2)
    editor = window.open_visit(visit.id)
    editor.go_to_page(editor.findings_index)
    page = editor.findings_page
    click(qtbot, page.suggested_rows[0].confirm_button)
    click(qtbot, page.suggested_rows[0].dismiss_button)
    assert not editor.session.suggestions()
    editor.go_to_page(editor.summary_index)
    click(qtbot, editor.summary_page.complete_button)
    assert editor.unreviewed_box is None
    assert store.visits.get(visit.id).completed


def test_missing_required_answers_are_named_before_suggestions(
    qtbot, window, store, monkeypatch
):
    visit = make_visit(store, required=False)
    low_answers(store, visit, 2)
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: messages.append(text))
    editor = window.open_visit(visit.id)
    assert not editor.complete()
    assert editor.unreviewed_box is None
    assert messages and messages[0].startswith("Answer the required questions first")


def test_the_details_dialog_fits_the_smallest_window(qtbot, window, store):
    visit = make_visit(store, scenario=HOSTILE)
    window.resize(800, 560)
    dialog = window.visit_details(visit.id)
    assert dialog.sizeHint().height() <= 560 - 40 and dialog.sizeHint().width() <= 800
    new = window.new_visit()
    new.location.setCurrentIndex(new.location.count() - 1)  # New location…: two more rows
    new.problem.setText("The visit cannot end (09:45) before it starts (10:00).")
    new.problem.show()
    assert new.sizeHint().height() <= 560 - 40 and new.sizeHint().width() <= 800


def test_showing_times_with_seconds_changes_nothing(qtbot, window, store, monkeypatch):
    visit = make_visit(store, started_at="2026-03-14T09:15:42Z", ended_at="2026-03-14T09:40:07Z")
    monkeypatch.setattr(dialogs, "confirm", lambda *_a: pytest.fail("nothing to confirm"))
    dialog = active(qtbot, window.visit_details(visit.id))
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert store.visits.get(visit.id).updated_at == OLD
    # Only the end changes: the start keeps its seconds.
    dialog = active(qtbot, window.visit_details(visit.id))
    type_time(qtbot, dialog.when.end, dialog.when.end.time().addSecs(60).toString("HHmm"))
    stored = store.visits.get(visit.id)
    assert stored.started_at == "2026-03-14T09:15:42Z"
    assert stored.ended_at == "2026-03-14T09:41:00Z"


def test_the_open_visit_follows_its_location_when_it_moves(qtbot, window, store):
    visit = make_visit(store, "Harbour Street")
    store.locations.add(Location("Market Square"))
    editor = window.open_visit(visit.id)
    assert editor.title.text() == "Harbour Street"
    settings = window.open_settings()
    settings.location_list.setCurrentRow(0)  # Harbour Street, first by name
    click(qtbot, settings.delete_location_button)
    dialog = active(qtbot, settings.delete_location_dialog)
    click(qtbot, dialog.delete_button)
    assert editor.title.text() == "Market Square"
    assert editor.session.location.name == "Market Square"


# -- typed text shown as typed ------------------------------------------------------------


def test_the_new_dialogs_show_typed_text_as_typed(qtbot, tmp_path):
    from hostile_text import assert_shown_literally, fill_hostile, hostile

    with Store.open(tmp_path / "hostile.db") as store:
        data = fill_hostile(store, tmp_path)
    window = MainWindow(Store.open(tmp_path / "hostile.db"), TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    for visit_id in (data.draft_id, data.completed_id):  # editable, then read-only
        dialog = window.visit_details(visit_id)
        qtbot.waitExposed(dialog)
        assert_shown_literally(dialog)
        assert dialog.location.currentText() == hostile("location")
        assert dialog.evaluator.text() == hostile("visit code")
        dialog.reject()
    editor = window.open_visit(data.draft_id)
    dialog = editor.edit_details()
    qtbot.waitExposed(dialog)
    if not dialog.when.has_end.isChecked():
        click(qtbot, dialog.when.has_end)
    type_time(qtbot, dialog.when.end, "0100")  # refused: its message is walked too
    assert dialog.problem.isVisible()
    assert_shown_literally(dialog)
    dialog.when.set_times(dialog.visit.started_at, dialog.visit.ended_at)
    dialog.reject()
    assert_shown_literally(editor.header)
    box = UnreviewedBox(3, editor)
    box.show()
    qtbot.waitExposed(box)
    assert_shown_literally(box)
    box.reject()
    window.close()


def test_complete_anyway_while_photos_are_prepared_asks_once(qtbot, window, store, tmp_path,
                                                             monkeypatch):
    import threading

    from images import make_jpeg
    from ui_helpers import drop_files

    from undercover.store import photo_intake

    go = threading.Event()
    real = photo_intake.prepare_photo
    monkeypatch.setattr(photo_intake, "prepare_photo",
                        lambda *a, **kw: (go.wait(30), real(*a, **kw))[1])
    visit = make_visit(store)
    low_answers(store, visit, 2)
    window.tasks = TaskRunner()  # real workers, so the photos are in flight
    editor = window.open_visit(visit.id)
    files = [make_jpeg(tmp_path / f"p{i}.jpg", color=(60 * i, 90, 10)) for i in range(2)]
    assert drop_files(editor.section_page(0).cards[0], files)
    editor.go_to_page(editor.summary_index)
    click(qtbot, editor.summary_page.complete_button)
    click(qtbot, editor.unreviewed_box.complete_button)
    assert editor.intake_label.text().startswith("Finishing 2 photos…")
    assert not store.visits.get(visit.id).completed
    go.set()
    qtbot.waitUntil(lambda: store.visits.get(visit.id).completed, timeout=15_000)
    assert editor.unreviewed_box is None, "the question was answered once, not asked again"
    assert len(store.visits.get(visit.id).photos) == 2
