"""Typed text is shown as typed, never as markup, on every page and dialog.

A database whose every typed field holds tags, entities, emoji, "[*]" and 5,000-character
strings is opened in the app; each window is walked widget by widget (see hostile_text).
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest
from hostile_text import (
    HOSTILE,
    assert_shown_literally,
    fill_hostile,
    hostile,
    labels_showing,
    long_hostile,
    markup_problems,
    walk_modal,
)
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from undercover.domain.visit import Answer
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.store import Store
from undercover.ui import dialogs, exchange, restore
from undercover.ui.conflict_dialog import ConflictDialog
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner

HOSTILE_NAME = "<b>shop &amp; <i>co [*] 😀"  # a file name cannot hold "/"


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    """The data folder (backups, logs) under a hostile name too."""
    folder = tmp_path / f"home {HOSTILE_NAME}"
    folder.mkdir()
    monkeypatch.setenv("UNDERCOVER_HOME", str(folder))
    return folder


@pytest.fixture
def db(tmp_path, home) -> tuple[Path, object]:
    path = tmp_path / f"{HOSTILE_NAME}.db"
    with Store.open(path) as store:
        data = fill_hostile(store, tmp_path)
    return path, data


@pytest.fixture
def window(qtbot, db) -> MainWindow:
    path, _data = db
    window = MainWindow(Store.open(path), TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def shown(root: QWidget, text: str) -> None:
    """The hostile text is really on screen, as typed (else the walk proves nothing)."""
    assert labels_showing(root, text), f"no label shows {text[:40]!r}"


def test_the_walk_finds_a_label_a_tooltip_a_button_and_a_title_that_read_markup(qtbot):
    """The checker itself: each kind of mistake is caught, and the fixes pass."""
    root = QWidget()
    qtbot.addWidget(root)
    rich = QLabel(hostile("label"), root)
    tipped = QLabel("plain", root)
    tipped.setToolTip(hostile("tooltip"))
    button = QPushButton(hostile("button"), root)
    root.setWindowTitle(hostile("title"))
    problems = markup_problems(root)
    assert len(problems) == 4, problems
    rich.setTextFormat(Qt.TextFormat.PlainText)
    from undercover.ui.plain_text import button_text, title_text, tooltip_text

    tipped.setToolTip(tooltip_text(hostile("tooltip")))
    button.setText(button_text(hostile("button")))
    root.setWindowTitle(title_text(hostile("title")))
    assert markup_problems(root) == []
    root.show()
    qtbot.waitExposed(root)
    assert root.windowHandle().title() == hostile("title"), "the title shows as typed"


def test_the_visit_list_shows_names_scenarios_and_codes_as_typed(qtbot, window):
    assert window.stack.currentWidget() is window.list_page
    assert_shown_literally(window)
    shown(window, hostile("business"))
    assert window.windowHandle().title().startswith(hostile("business"))
    assert HOSTILE_NAME in window.windowHandle().title()


def test_every_page_of_a_visit_shows_typed_text_as_typed(qtbot, window, db):
    _path, data = db
    for visit_id, finding in ((data.draft_id, "finding summary <b>x</b>"),
                              (data.completed_id, hostile("completed finding"))):
        editor = window.open_visit(visit_id)
        assert editor is not None
        for index in range(editor.summary_index + 1):
            editor.go_to_page(index)
            qtbot.wait(1)
            assert_shown_literally(window)
        editor.go_to_page(0)
        shown(editor, hostile("section one"))
        shown(editor, hostile("rating question"))
        shown(editor, hostile("rating help"))
        shown(editor, hostile("location"))
        card = editor.section_page(0).card("greeted")
        assert card.note.text().startswith("rating note <b>x</b>")
        editor.go_to_page(editor.findings_index)
        shown(editor, finding)
        editor.go_to_page(editor.summary_index)
        if visit_id == data.draft_id:  # the required question left open, as a link
            links = editor.summary_page.missing.findChildren(QPushButton)
            assert [b.text() for b in links] == [hostile("yes/no question").replace("&", "&&")]
        window.show_list()
    editor = window.open_visit(data.draft_id)
    assert editor.subtitle.toolTip() and markup_problems(editor) == []
    editor.show_notice(hostile("notice with photo names"))
    assert_shown_literally(window)


def test_the_dialogs_of_a_visit_show_typed_text_as_typed(qtbot, window, db, tmp_path):
    _path, data = db
    editor = window.open_visit(data.draft_id)
    editor.go_to_page(editor.findings_index)
    form = editor.findings_page.edit(data.finding)
    qtbot.waitExposed(form)
    assert_shown_literally(form)
    form.reject()
    for visit_id in (data.draft_id, data.completed_id):  # Visit details, editable and read-only
        details = window.open_visit(visit_id).edit_details()
        qtbot.waitExposed(details)
        assert_shown_literally(details)
        assert details.location.currentText() == hostile("location")  # on screen, as typed
        details.reject()
        window.show_list()
    editor = window.open_visit(data.draft_id)
    viewer = editor.show_photo(data.photo_ids[0])
    qtbot.waitExposed(viewer)
    assert_shown_literally(viewer)
    shown(viewer, "<b>IMG &amp; 😀 [*] 0")
    viewer.reject()
    # A file that is not a photo, under a hostile name: the problem box names it.
    bad = tmp_path / f"{HOSTILE_NAME}.jpg"
    bad.write_bytes(b"not a photo at all")
    _result, problems, seen = walk_modal(lambda: (editor.add_photo_files([bad]),
                                                  qtbot.waitUntil(lambda: not editor.intake.busy)))
    assert problems == []
    assert any(HOSTILE_NAME in text for text in seen), seen


def test_the_list_dialogs_show_typed_text_as_typed(qtbot, window, db, monkeypatch):
    _path, data = db
    new = window.new_visit()
    qtbot.waitExposed(new)
    assert_shown_literally(new)
    new.location.setCurrentIndex(new.location.count() - 1)  # New location…
    new.problem.setText(hostile("a problem naming the location"))
    new.problem.show()
    assert_shown_literally(new)
    new.reject()
    settings = window.open_settings()
    qtbot.waitExposed(settings)
    for tab in range(settings.tabs.count()):
        settings.tabs.setCurrentIndex(tab)
        assert_shown_literally(settings)
    location = settings.edit_location(data.location)
    qtbot.waitExposed(location)
    assert_shown_literally(location)
    location.reject()
    # Deleting a location with visits: offered to move them first, the name as typed.
    row = next(i for i in range(settings.location_list.count())
               if settings.location_list.item(i).data(Qt.ItemDataRole.UserRole).id
               == data.location.id)
    settings.location_list.setCurrentRow(row)
    settings._delete_location()
    move = settings.delete_location_dialog
    qtbot.waitExposed(move)
    assert_shown_literally(move)
    assert labels_showing(move, hostile("location"))
    move.reject()
    settings.reject()
    # Deleting a visit: the question names the location as typed.
    _r, problems, seen = walk_modal(lambda: window.delete_visits([data.draft_id]))
    assert problems == []
    assert any(hostile("location") in text for text in seen), seen
    # An error message holding typed text.
    _r, problems, seen = walk_modal(lambda: dialogs.show_error(window, hostile("error")))
    assert problems == [] and hostile("error") in seen[0]
    _r, problems, seen = walk_modal(lambda: dialogs.show_info(window, hostile("t"), hostile("i")))
    assert problems == [] and hostile("i") in seen[0]
    _r, problems, _seen = walk_modal(window.about)
    assert problems == []
    restore_dialog = restore.open_restore_dialog(window)
    qtbot.waitExposed(restore_dialog)
    assert_shown_literally(restore_dialog)
    restore_dialog.reject()


def test_import_preview_and_the_conflict_dialog_show_typed_text_as_typed(
    qtbot, window, db, tmp_path
):
    path, data = db
    bundle = tmp_path / f"{HOSTILE_NAME}.undercover"
    with Store.open(path) as store:
        export_bundle(store, [data.draft_id], bundle)
    other = tmp_path / "other.db"
    with Store.open(other) as store:
        import_bundles([bundle], store)
        store.visits.save_answer(data.draft_id, Answer("greeted", 5.0, note=hostile("theirs")))
        store.visits.update(data.draft_id, scenario=hostile("their scenario"))
        export_bundle(store, [data.draft_id], tmp_path / "theirs.undercover")
    window.store.visits.save_answer(data.draft_id, Answer("greeted", 2.0, note=hostile("ours")))
    exchange.import_visits(window, [bundle])
    qtbot.waitUntil(lambda: window.import_preview is not None, timeout=30_000)
    assert_shown_literally(window.import_preview)
    shown(window.import_preview, HOSTILE_NAME)
    window.import_preview.reject()
    import_bundles([tmp_path / "theirs.undercover"], window.store)
    window.reload()
    assert window.store.merger.conflicts(data.draft_id)
    assert_shown_literally(window)  # the list's "in conflict" tooltips
    dialog = ConflictDialog(window.store, data.draft_id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert_shown_literally(dialog)
    shown(dialog, "their scenario <b>x</b>")
    dialog.reject()


def test_every_window_left_open_is_walked_too(qtbot, window):
    """Whatever top-level windows the app has at the end, none reads markup."""
    for top in QApplication.topLevelWidgets():
        if top.isVisible():
            assert markup_problems(top) == [], type(top).__name__
    assert HOSTILE.startswith("<b>")


def test_a_long_name_in_the_visit_header_ends_in_an_ellipsis_at_any_width(qtbot, window, db):
    _path, data = db
    window.store.locations.update(replace(data.location, name=long_hostile("location name")))
    editor = window.open_visit(data.draft_id)
    for width in (1366, 1024, 800):
        window.resize(width, 700)
        qtbot.waitUntil(lambda w=width: window.width() <= w + 1)
        qtbot.wait(10)
        for label in (editor.title, editor.subtitle):
            assert label.text().startswith(("location name <b>x</b>", "In person"))
            shown_text = label.shown_text()
            assert shown_text.endswith("…") and len(shown_text) < len(label.text())
            assert label.fontMetrics().horizontalAdvance(shown_text) <= label.width()
            assert label.geometry().right() < editor.status_chip.geometry().left()
    assert editor.title.text() == long_hostile("location name"), "the whole name is kept"
    assert long_hostile("location name")[:200] in html.unescape(editor.title.toolTip())
    assert window.width() <= 800 + 1, "the window is not pushed wider than asked"
    assert_shown_literally(window)
