"""Files in and out of the main window: names suggested from the user's words, the folder each
kind of file was last saved to or opened from, and a word for every file dropped in vain."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from ui_helpers import drop_files
from window_driver import open_active_window

from undercover.domain.visit import Answer, Location, Visit
from undercover.filenames import file_slug
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs, export, preferences
from undercover.ui.main_window import MainWindow


@pytest.mark.parametrize(("typed", "slug"), [
    ("Harbour Street Café Łódź", "harbour-street-cafe-lodz"),
    ("Straße № 5", "strasse-no-5"),
    ("東京 駅前", "東京-駅前"),
    ("がぎぐ", "がぎぐ"),  # Japanese keeps its voicing marks
    ("서울 카페", "서울-카페"),
    ("Ελληνικό Καφέ", "ελληνικό-καφέ"),
    ("☕ Coffee & Cake 🎉", "coffee-cake"),
    ("../../etc/passwd", "etc-passwd"),
    ("C:\\Windows\\System32", "c-windows-system32"),
    ("a<b>c:d\"e|f?g*h", "a-b-c-d-e-f-g-h"),
    ("CON", "con-visits"),
    ("lpt1", "lpt1-visits"),
    ("con.txt", "con-txt"),
    ("🎉🎉", "visits"),
    ("", "visits"),
    ("Ｆｕｌｌ ﬁne", "full-fine"),
])
def test_a_file_name_keeps_the_letters_of_what_was_typed(typed, slug):
    assert file_slug(typed) == slug


def test_a_very_long_name_is_cut_to_a_short_file_name():
    slug = file_slug("Harbour " * 5000)
    assert len(slug) <= 40 and not slug.endswith("-") and slug.startswith("harbour-harbour")
    assert len(file_slug("東" * 5000).encode()) <= 120  # far below every file system's 255


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def open_window(qtbot, store: Store) -> MainWindow:
    return open_active_window(qtbot, store)


def add_visit(store: Store, name: str = "Harbour Street Café Łódź") -> Visit:
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    place = store.locations.add(Location(name))
    return store.visits.create(Visit(place.id, checklist.key, checklist.version,
                                     started_at="2026-03-14T10:00:00+00:00",
                                     answers={"greeting": Answer("greeting", value=4)}))


def test_the_suggested_pdf_name_keeps_the_locations_letters(qtbot, store, monkeypatch):
    add_visit(store)
    window = open_window(qtbot, store)
    asked: list[Path] = []
    monkeypatch.setattr(dialogs, "choose_save_file",
                        lambda _p, _t, suggested, _f: asked.append(suggested))
    table = window.list_page.table
    table.selectRow(0)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert [p.name for p in asked] == ["findings-harbour-street-cafe-lodz-2026-03-14.pdf"]


class FakeFileDialogs:
    """Qt's file dialogs answered by the test: what folder each opened in, and the answer."""

    def __init__(self, monkeypatch) -> None:
        self.started: list[str] = []
        self.answer = ""
        monkeypatch.setattr(QFileDialog, "getSaveFileName", self._one)
        monkeypatch.setattr(QFileDialog, "getOpenFileName", self._one)
        monkeypatch.setattr(QFileDialog, "getOpenFileNames", self._many)

    def _one(self, _parent, _title, start, _filter):
        self.started.append(start)
        return self.answer, ""

    def _many(self, _parent, _title, start, _filter):
        self.started.append(start)
        return ([self.answer] if self.answer else []), ""


def test_each_kind_of_file_opens_in_the_folder_last_used_for_it(tmp_path, monkeypatch):
    fake = FakeFileDialogs(monkeypatch)
    reports, camera = tmp_path / "Reports ☕", tmp_path / "DCIM"
    reports.mkdir()
    camera.mkdir()
    suggested = tmp_path / "Documents" / "findings-x.pdf"
    assert dialogs.choose_save_file(None, "Export", suggested, export.PDF_FILTER) is None
    assert fake.started == [str(suggested)]  # cancelled: nothing remembered
    fake.answer = str(reports / "mine.pdf")
    assert dialogs.choose_save_file(None, "Export", suggested, export.PDF_FILTER) == \
        reports / "mine.pdf"
    fake.answer = str(camera / "IMG_1.jpg")
    assert dialogs.choose_files(None, "Add photos") == [camera / "IMG_1.jpg"]

    fake.started.clear()
    fake.answer = ""
    dialogs.choose_save_file(None, "Export", suggested, export.PDF_FILTER)
    dialogs.choose_files(None, "Add photos")
    dialogs.choose_files(None, "Import", "Undercover files (*.undercover)")  # not used yet
    assert fake.started[0] == str(reports / "findings-x.pdf")  # the new name, the old folder
    assert fake.started[1] == str(camera)
    assert fake.started[2] != str(camera) and Path(fake.started[2]).is_dir()
    assert preferences.last_folder("pdf") == reports.resolve()

    # A folder that has gone is forgotten, not offered.
    camera.rmdir()
    fake.started.clear()
    dialogs.choose_files(None, "Add photos")
    assert fake.started != [str(camera)]


def test_a_dropped_text_file_is_named_with_the_reason(qtbot, store, tmp_path):
    add_visit(store)
    window = open_window(qtbot, store)
    note = tmp_path / "notes <&>.txt"
    note.write_text("not a visit")
    assert drop_files(window, [note])
    assert window.statusBar().currentMessage() == (
        "notes <&>.txt was not added: only photos (in an open visit) and .undercover files "
        "can be dropped."
    )
    photo = tmp_path / "IMG_2.jpg"
    photo.write_bytes(b"\xff\xd8")
    other = tmp_path / "IMG_3.JPG"
    other.write_bytes(b"\xff\xd8")
    assert drop_files(window, [photo, other])
    assert window.statusBar().currentMessage() == (
        "IMG_2.jpg and 1 more were not added: open a visit to add photos; the list takes "
        ".undercover files."
    )
    assert store.visits.count() == 1


def test_photos_dropped_on_a_completed_visit_say_to_edit_it_first(qtbot, store, tmp_path):
    visit = add_visit(store)
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    for question in checklist.questions:
        if question.required:
            store.visits.save_answer(visit.id, Answer(question.id, value=1.0))
    store.visits.complete(visit.id)
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    assert editor is not None and editor.session.read_only
    photo = tmp_path / "IMG_4.jpg"
    photo.write_bytes(b"\xff\xd8")
    assert drop_files(window, [photo])
    assert window.statusBar().currentMessage() == (
        "IMG_4.jpg was not added: this visit is read-only: use Edit visit first."
    )
    assert store.photos.list(visit.id) == []


def test_csv_and_logo_dialogs_remember_their_own_folders(tmp_path, monkeypatch):
    from undercover.ui import csv_export

    fake = FakeFileDialogs(monkeypatch)
    sheets, logos = tmp_path / "Sheets", tmp_path / "Brand"
    sheets.mkdir()
    logos.mkdir()
    fake.answer = str(sheets / "march.csv")
    assert csv_export.choose_csv_file(None, tmp_path / "visits-2026.csv") is not None
    fake.answer = str(logos / "logo.png")
    assert dialogs.choose_image(None, "Logo") == logos / "logo.png"
    fake.started.clear()
    fake.answer = ""
    csv_export.choose_csv_file(None, tmp_path / "Documents" / "visits-2027.csv")
    dialogs.choose_image(None, "Logo")
    dialogs.choose_files(None, "Add photos")
    assert fake.started[:2] == [str(sheets / "visits-2027.csv"), str(logos)]
    assert fake.started[2] not in (str(sheets), str(logos))
