"""Photos: many at once off the GUI thread, bad files reported together, duplicates flagged,
the viewer's caption and delete."""

from __future__ import annotations

import threading

import pytest
from images import make_jpeg, make_truncated
from PySide6.QtCore import Qt
from ui_helpers import drop_files

from undercover.domain.visit import Location, Visit
from undercover.store import Store, photo_intake
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.visit_editor import VisitEditor


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


@pytest.fixture
def editor(qtbot, store: Store) -> VisitEditor:
    location = store.locations.add(Location("Station Road"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))
    window = MainWindow(store)  # the real thread pool
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    editor = window.open_visit(visit.id)
    assert editor is not None
    return editor


@pytest.fixture
def problems(monkeypatch) -> list[tuple[str, list[str]]]:
    shown: list[tuple[str, list[str]]] = []
    monkeypatch.setattr(
        dialogs, "show_problems",
        lambda _parent, _title, intro, lines: shown.append((intro, list(lines))),
    )
    return shown


def test_files_chosen_in_the_dialog_are_prepared_off_the_gui_thread(
    qtbot, editor, tmp_path, monkeypatch, problems
):
    files = [make_jpeg(tmp_path / f"p{i}.jpg", color=(30 * i, 80, 200)) for i in range(4)]
    monkeypatch.setattr(dialogs, "choose_files", lambda _parent, _title: files)
    threads: set[int] = set()
    real_prepare = photo_intake.prepare_photo

    def recording_prepare(*args, **kwargs):
        threads.add(threading.get_ident())
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(photo_intake, "prepare_photo", recording_prepare)
    card = editor.section_page(0).card("greeting")
    qtbot.mouseClick(card.add_photos_button, Qt.MouseButton.LeftButton)
    assert editor.intake.busy and editor.intake_bar.isVisible()
    qtbot.waitUntil(lambda: not editor.intake.busy, timeout=10_000)
    assert threading.get_ident() not in threads
    stored = editor.session.store.photos.list(editor.session.visit_id)
    assert sorted(p.file_name for p in stored) == [f.name for f in files]
    assert {p.question_id for p in stored} == {"greeting"}
    assert card.photo_strip.count() == 4
    assert not editor.intake_bar.isVisible() and problems == []
    assert editor.intake.adder.opened == 1, "the database is opened once, not once per photo"


def test_bad_files_are_reported_together_and_the_good_ones_kept(
    qtbot, editor, tmp_path, problems
):
    good = make_jpeg(tmp_path / "good.jpg")
    other = make_jpeg(tmp_path / "other.jpg", color=(10, 200, 10))
    text = tmp_path / "notes.txt"
    text.write_text("not a photo")
    damaged = make_truncated(make_jpeg(tmp_path / "whole.jpg", size=(800, 600)),
                             tmp_path / "damaged.jpg")
    editor.go_to_page(editor.findings_index)
    page = editor.findings_page
    assert drop_files(page, [good, text, damaged, other, tmp_path / "missing.jpg"])
    qtbot.waitUntil(lambda: not editor.intake.busy, timeout=10_000)
    assert sorted(p.file_name for p in editor.session.photos) == ["good.jpg", "other.jpg"]
    assert {p.question_id for p in editor.session.photos} == {None}, "a drop on the visit"
    assert page.photo_strip.count() == 2
    assert len(problems) == 1, "one message for all the problems"
    intro, lines = problems[0]
    assert intro.startswith("3 of 5 files could not be added")
    assert any("notes.txt" in line and "not a photo" in line for line in lines)
    assert any("damaged.jpg" in line for line in lines)
    assert any("missing.jpg" in line for line in lines)


def test_a_photo_added_twice_is_stored_once_and_flagged(qtbot, editor, tmp_path, problems):
    photo = make_jpeg(tmp_path / "queue.jpg")
    copy = tmp_path / "queue-copy.jpg"
    copy.write_bytes(photo.read_bytes())
    card = editor.section_page(0).card("greeting")
    drop_files(card, [photo])
    qtbot.waitUntil(lambda: not editor.intake.busy, timeout=10_000)
    assert not editor.banner.isVisible()
    drop_files(card, [copy])
    qtbot.waitUntil(lambda: not editor.intake.busy, timeout=10_000)
    assert len(editor.session.store.photos.list(editor.session.visit_id)) == 1
    assert editor.banner.isVisible()
    assert "queue-copy.jpg" in editor.banner_label.text()
    assert "not added again" in editor.banner_label.text()
    assert card.photo_strip.count() == 1 and problems == []


def test_the_viewer_saves_captions_and_deletes_after_asking(
    qtbot, editor, tmp_path, monkeypatch
):
    files = [make_jpeg(tmp_path / f"{name}.jpg", color=c)
             for name, c in (("a", (200, 0, 0)), ("b", (0, 200, 0)))]
    card = editor.section_page(0).card("greeting")
    drop_files(card, files)
    qtbot.waitUntil(lambda: len(editor.session.photos) == 2, timeout=10_000)
    first, second = (p.id for p in editor.session.photos)
    rect = card.photo_strip.visualItemRect(card.photo_strip.item(0))
    qtbot.mouseClick(card.photo_strip.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    viewer = editor.viewer
    assert viewer is not None and viewer.photo_id == first
    assert not viewer.image.pixmap().isNull()
    qtbot.keyClicks(viewer.caption, "Queue at the counter")
    qtbot.keyClick(viewer.caption, Qt.Key.Key_Return)
    store = editor.session.store
    assert store.photos.get(first).caption == "Queue at the counter"

    monkeypatch.setattr(dialogs, "confirm", lambda *_args: False)
    qtbot.mouseClick(viewer.delete_button, Qt.MouseButton.LeftButton)
    assert len(store.photos.list(editor.session.visit_id)) == 2, "cancelled: nothing deleted"
    monkeypatch.setattr(dialogs, "confirm", lambda *_args: True)
    qtbot.mouseClick(viewer.delete_button, Qt.MouseButton.LeftButton)
    assert [p.id for p in store.photos.list(editor.session.visit_id)] == [second]
    assert card.photo_strip.photo_ids() == [second]
    assert viewer.photo_id == second
