"""Autosave against the real world: another program holding the database, typing that never
pauses, a kill, photos still in flight when the visit is completed, two windows on one visit."""

from __future__ import annotations

import itertools
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from images import make_jpeg
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from ui_helpers import drop_files

from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store, photo_intake
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.store.database import DatabaseBusy
from undercover.store.photo_adding import PhotoAdder
from undercover.store.visit_writes import VisitGone, VisitWrites
from undercover.ui import dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.question_card import SAVE_MAX_WAIT_MS
from undercover.ui.tasks import SyncPool, TaskRunner
from undercover.ui.visit_editor import VisitEditor

REPO = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).with_name("app_driver.py")

# Another program: takes SQLite's write lock on the file and keeps it for a while.
LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], timeout=10, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("LOCKED", flush=True)
time.sleep(float(sys.argv[2]))
conn.execute("COMMIT")
conn.close()
"""
# The longest the window may stop answering. The issue asks for 100 ms (measured here:
# 30-60 ms); a test machine shared by many jobs (load 5 on 2 cores) sometimes does not
# run the process for a while, so some slack, far below the 5 s a blocked save took.
MAX_STALL_S = 0.25
REQUIRED = {"courtesy": 1.0, "accurate_and_kept": 1.0, "likely_return": 8.0,
            "likely_recommend": 8.0}


@pytest.fixture
def path(tmp_path) -> Path:
    return tmp_path / "visits.db"


@pytest.fixture
def store(path: Path) -> Store:
    store = Store.open(path)
    yield store
    store.close()


@pytest.fixture
def visit(store: Store) -> Visit:
    location = store.locations.add(Location("Harbour Street <&> 🍰"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    return store.visits.create(Visit(location.id, checklist.key, checklist.version))


def open_window(qtbot, store: Store, tasks: TaskRunner | None = None) -> MainWindow:
    window = MainWindow(store, tasks or TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def hold_lock(path: Path, seconds: float) -> subprocess.Popen[str]:
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(path), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )
    assert locker.stdout.readline() == "LOCKED\n"
    return locker


class Heartbeat:
    """A 10 ms timer on the GUI thread: the longest gap between its ticks is the worst stall."""

    def __init__(self) -> None:
        self.worst = 0.0
        self._last = time.monotonic()
        self._timer = QTimer()
        self._timer.setInterval(10)
        self._timer.timeout.connect(self._tick)
        self._timer.start()

    def _tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self._last)
        self._last = now

    def stop(self) -> float:
        self._timer.stop()
        return self.worst


def type_key(widget: QWidget, ch: str) -> None:
    """One key as a keyboard sends it, any character (QTest only knows ASCII)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def stored_answer(other: Store, visit_id: str, question_id: str) -> Answer | None:
    """What another connection (not the window's) reads from the file."""
    return other.visits.answers(visit_id).get(question_id)


@pytest.fixture
def other(path: Path, store: Store) -> Store:
    """A second connection, opened before any test takes the lock."""
    other = Store.open(path)
    yield other
    other.close()


# -- another program holds the database ---------------------------------------------------


def test_typing_while_another_program_holds_the_database_never_stalls_and_loses_nothing(
    qtbot, store, visit, path, other
):
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClicks(card.input, "3")  # saved at once: the database is free
    assert stored_answer(other, visit.id, "greeting").value == 3.0
    locker = hold_lock(path, 3.0)
    beat = Heartbeat()
    try:
        qtbot.keyClicks(card.input, "2")
        qtbot.keyClicks(card.input, "4")  # two answers in a row: the last one must win
        qtbot.keyClick(card.input, Qt.Key.Key_F2)
        note = "Waited <&> 🕰 "
        note += "x" * (40 - len(note))
        for ch in note:
            type_key(card.note, ch)
            qtbot.wait(40)
        assert window.saved_label.text() == "Waiting for the database…"
        assert editor.session.pending_writes > 0
        assert stored_answer(other, visit.id, "greeting").value == 3.0, "nothing written yet"
        qtbot.waitUntil(lambda: editor.session.pending_writes == 0, timeout=15_000)
        worst = beat.stop()
    finally:
        locker.wait(timeout=30)
    print(f"worst stall while the database was held: {worst * 1000:.0f} ms")
    assert worst < MAX_STALL_S, f"the window stalled for {worst * 1000:.0f} ms"
    saved = stored_answer(other, visit.id, "greeting")
    assert saved.value == 4.0 and saved.note == note
    assert window.saved_label.text().startswith("Saved ")
    assert card.answer().note == note and card.answer().value == 4.0


def test_closing_waits_for_writes_held_by_another_program_and_saves_them(
    qtbot, store, visit, path, other
):
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    locker = hold_lock(path, 1.5)
    qtbot.keyClicks(card.input, "5")
    messages: list[str] = []
    QTimer.singleShot(300, lambda: messages.append(window.statusBar().currentMessage()))
    window.close()  # waits, saying so, until the lock is gone
    locker.wait(timeout=30)
    assert messages == ["Waiting for the database… changes not saved yet: 1"]
    assert stored_answer(other, visit.id, "greeting").value == 5.0


def test_a_write_waiting_for_the_lock_fails_at_once_instead_of_waiting(path, store, visit):
    writes = VisitWrites(store, visit.id)
    locker = hold_lock(path, 2.0)
    try:
        started = time.monotonic()
        with pytest.raises(DatabaseBusy):
            writes.attempt(lambda s: s.visits.save_answer(visit.id, Answer("greeting", 2.0)))
        assert time.monotonic() - started < 0.1
    finally:
        locker.wait(timeout=30)
    written = writes.attempt(lambda s: s.visits.save_answer(visit.id, Answer("greeting", 2.0)))
    assert not written.changed_elsewhere
    assert store.visits.answers(visit.id)["greeting"].value == 2.0
    assert store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000, "put back"


# -- typing that never pauses -----------------------------------------------------------


def test_steady_typing_is_saved_within_a_second_of_the_first_key(qtbot, store, visit):
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClick(card.input, Qt.Key.Key_F2)
    saves: list[tuple[float, str]] = []
    card.answer_changed.connect(lambda a: saves.append((time.monotonic(), a.note)))
    started = time.monotonic()
    for i in range(25):  # 2.5 s, never a 300 ms pause
        qtbot.keyClicks(card.note, "abcdefghij"[i % 10])
        qtbot.wait(100)
    assert saves, "nothing saved while typing"
    first = saves[0][0] - started
    # A second at most (timers on a busy shared test machine get a quarter second more).
    assert first <= SAVE_MAX_WAIT_MS / 1000 + 0.25 <= 1.05
    gaps = [b[0] - a[0] for a, b in itertools.pairwise(saves)]
    assert max(gaps, default=0) <= 1.0 + 0.25
    assert len(saves) >= 2


def test_a_pause_still_saves_soon_and_an_unchanged_note_is_not_written_again(
    qtbot, store, visit, other
):
    window = open_window(qtbot, store)
    editor = window.open_visit(visit.id)
    card = editor.section_page(0).card("greeting")
    card.focus_answer()
    qtbot.keyClick(card.input, Qt.Key.Key_F2)
    qtbot.keyClicks(card.note, "ok")
    qtbot.waitUntil(lambda: (stored_answer(other, visit.id, "greeting") or Answer("")).note
                    == "ok", timeout=600)  # the 300 ms pause, not the one-second limit
    versions = store.visits.get(visit.id).versions
    card.flush()  # nothing new typed: nothing written
    assert store.visits.get(visit.id).versions == versions


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")
def test_killed_while_typing_loses_at_most_the_last_second(tmp_path, path, store, visit):
    store.close()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNDERCOVER_HOME": str(tmp_path),
           "PYTHONUNBUFFERED": "1"}
    app = subprocess.Popen(
        [sys.executable, str(DRIVER), "type-note", str(path), visit.id],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )
    typed: list[float] = []  # when each key was typed
    try:
        assert app.stdout.readline() == "READY\n"
        while len(typed) < 80:  # about 3 s of steady typing
            line = app.stdout.readline()
            assert line.startswith("TYPED "), line + app.stderr.read()
            typed.append(float(line.split()[2]))
    finally:
        app.send_signal(signal.SIGKILL)
        out, _err = app.communicate(timeout=30)
    typed += [float(line.split()[2]) for line in out.splitlines() if line.startswith("TYPED ")]
    with Store.open(path) as after:
        first = after.visits.get(visit.id)
        question = next(iter(after.checklists.get(first.checklist_key, first.checklist_version)
                             .for_channel(first.channel).sections[0].questions))
        note = after.visits.answers(visit.id)[question.id].note
    text = "Twelve minutes at the counter before anyone looked up; " * 10
    assert note == text[:len(note)], "what is saved is what was typed, in order"
    assert len(note) >= 20
    lost = typed[len(note):]
    assert lost, "the kill came while typing"
    span = typed[-1] - lost[0]
    print(f"killed after {len(typed)} keys: {len(note)} saved, the last {span:.2f} s lost")
    assert span <= 1.0 + 0.2, f"{len(lost)} keys over {span:.2f} s were lost"


# -- photos still in flight -------------------------------------------------------------


@pytest.fixture
def slow_photos(monkeypatch) -> threading.Event:
    """Photos wait on a worker until the test lets them go."""
    go = threading.Event()
    real = photo_intake.prepare_photo

    def held(*args, **kwargs):
        go.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(photo_intake, "prepare_photo", held)
    return go


def test_completing_while_photos_are_prepared_waits_for_them(
    qtbot, store, visit, tmp_path, slow_photos
):
    for question_id, value in REQUIRED.items():
        store.visits.save_answer(visit.id, Answer(question_id, value))
    window = open_window(qtbot, store, TaskRunner())  # real workers
    editor = window.open_visit(visit.id)
    files = [make_jpeg(tmp_path / f"p{i}.jpg", color=(60 * i, 90, 10)) for i in range(3)]
    assert drop_files(editor.section_page(0).card("greeting"), files)
    editor.go_to_page(editor.summary_index)
    qtbot.mouseClick(editor.summary_page.complete_button, Qt.MouseButton.LeftButton)
    assert editor.intake_label.text().startswith("Finishing 3 photos…")
    assert not store.visits.get(visit.id).completed, "held until the photos are in"
    slow_photos.set()
    qtbot.waitUntil(lambda: store.visits.get(visit.id).completed, timeout=15_000)
    done = store.visits.get(visit.id)
    assert len(done.photos) == 3
    assert done.edited_at is None, "no photo landed in the completed visit"
    assert editor.session.read_only and editor.current_page() == editor.summary_index


def test_closing_while_photos_are_prepared_says_so_and_keeps_them(
    qtbot, store, visit, tmp_path, slow_photos, path
):
    window = open_window(qtbot, store, TaskRunner())
    editor = window.open_visit(visit.id)
    files = [make_jpeg(tmp_path / f"p{i}.jpg", color=(60 * i, 90, 10)) for i in range(3)]
    assert drop_files(editor.section_page(0).card("greeting"), files)
    seen: list[str] = []
    QTimer.singleShot(200, lambda: seen.append(window.statusBar().currentMessage()))
    QTimer.singleShot(300, slow_photos.set)
    window.close()
    assert seen == ["Finishing 3 photos…"]
    with Store.open(path) as after:
        assert len(after.photos.list(visit.id)) == 3


def test_photo_intake_opens_the_database_once_and_stores_a_twin_once(tmp_path, store, visit):
    files = [make_jpeg(tmp_path / f"p{i}.jpg", color=(50 * i, 20, 90)) for i in range(3)]
    twin = tmp_path / "twin.jpg"
    twin.write_bytes(files[0].read_bytes())
    adder = PhotoAdder(store.path, visit.id)
    results = []
    threads = [threading.Thread(target=lambda f=f: results.append(adder.add(f, None)))
               for f in [*files, twin]]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    adder.close()
    assert adder.opened == 1
    assert sum(r.added.duplicate for r in results) == 1
    assert len(store.photos.list(visit.id)) == 3


# -- the same visit in two windows ------------------------------------------------------


def two_editors(qtbot, path: Path, visit_id: str) -> tuple[VisitEditor, VisitEditor]:
    editors = []
    for _ in range(2):
        store = Store.open(path)
        editor = VisitEditor(store, visit_id, TaskRunner(SyncPool()))
        qtbot.addWidget(editor)
        editor.destroyed.connect(store.close)
        editor.show()
        editors.append(editor)
    return editors[0], editors[1]


def rate(qtbot, editor: VisitEditor, question_id: str, key: str) -> None:
    card = editor.section_page(0).card(question_id)
    card.focus_answer()
    qtbot.keyClicks(card.input.focus_widget(), key)
    card.flush()  # a number waits for a pause in typing; saved now


def test_an_answer_changed_in_another_window_is_shown_not_trusted_from_the_cache(
    qtbot, path, visit, store
):
    a, b = two_editors(qtbot, path, visit.id)
    rate(qtbot, a, "greeting", "2")
    rate(qtbot, b, "greeting", "5")
    assert store.visits.answers(visit.id)["greeting"].value == 5.0
    a_card = a.section_page(0).card("greeting")
    qtbot.waitUntil(lambda: a_card.answer().value == 5.0, timeout=5000)  # A looks again
    assert a.banner.isVisible() and "another window" in a.banner_label.text()
    rate(qtbot, a, "greeting", "2")  # A's old copy said 2: pressing 2 is a change now
    assert store.visits.answers(visit.id)["greeting"].value == 2.0


def test_a_note_typed_over_a_change_made_elsewhere_keeps_both(qtbot, path, visit, store):
    a, b = two_editors(qtbot, path, visit.id)
    rate(qtbot, a, "greeting", "2")
    rate(qtbot, b, "greeting", "5")  # and A has not looked again yet
    a_card = a.section_page(0).card("greeting")
    qtbot.keyClick(a_card.input, Qt.Key.Key_F2)
    for ch in "Slow <&> 🐢":
        type_key(a_card.note, ch)
    a_card.flush()
    saved = store.visits.answers(visit.id)["greeting"]
    assert (saved.value, saved.note) == (5.0, "Slow <&> 🐢"), "B's rating and A's note"
    qtbot.waitUntil(lambda: a_card.answer().value == 5.0, timeout=1000)
    assert a_card.note.text() == "Slow <&> 🐢"


def test_a_change_made_elsewhere_is_shown_before_the_next_write(qtbot, path, visit, store):
    a, b = two_editors(qtbot, path, visit.id)
    a.session._watch.stop()  # only the write itself may notice
    b_card = b.section_page(0).card("greeting")
    b_card.focus_answer()
    qtbot.keyClick(b_card.input, Qt.Key.Key_F2)
    for ch in "From B <b>&</b> 🙂":
        type_key(b_card.note, ch)
    b_card.flush()
    rate(qtbot, a, "acknowledged_minutes", "4")  # A writes something else
    qtbot.waitUntil(lambda: a.section_page(0).card("greeting").note.text()
                    == "From B <b>&</b> 🙂", timeout=2000)
    answers = store.visits.answers(visit.id)
    assert answers["greeting"].note == "From B <b>&</b> 🙂", "B's change kept"
    assert answers["acknowledged_minutes"].value == 4.0, "A's change kept"
    assert a.banner.isVisible()
    assert not b.banner.isVisible(), "B changed nothing made elsewhere"


def test_a_visit_completed_in_another_window_turns_read_only_before_a_write(
    qtbot, path, visit, store, monkeypatch
):
    for question_id, value in REQUIRED.items():
        store.visits.save_answer(visit.id, Answer(question_id, value))
    a, b = two_editors(qtbot, path, visit.id)
    assert b.complete()
    rate(qtbot, a, "greeting", "3")
    assert a.session.read_only
    assert "greeting" not in store.visits.answers(visit.id)
    assert store.visits.get(visit.id).edited_at is None


def test_a_visit_deleted_elsewhere_says_the_change_was_not_saved(
    qtbot, path, visit, store, monkeypatch
):
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, message: errors.append(message))
    writes = VisitWrites(store, visit.id)
    a, _b = two_editors(qtbot, path, visit.id)
    store.visits.delete(visit.id)
    with pytest.raises(VisitGone):
        writes.attempt(lambda s: s.visits.save_answer(visit.id, Answer("greeting", 2.0)))
    rate(qtbot, a, "greeting", "3")
    assert errors and "deleted elsewhere" in errors[-1]
    assert a.session.pending_writes == 0


def test_opening_the_file_again_while_another_program_writes_keeps_the_first_connection(
    path, store, visit
):
    """A second open used to read the file's header with a plain file, whose closing
    dropped this process's locks: the other program then removed the -wal from under
    the first connection, and every later open failed with "disk I/O error"."""
    locker = hold_lock(path, 1.0)
    with Store.open(path) as second:
        assert second.visits.get(visit.id).id == visit.id
    locker.wait(timeout=30)
    store.visits.save_answer(visit.id, Answer("greeting", 2.0))
    with Store.open(path) as third:
        assert third.visits.answers(visit.id)["greeting"].value == 2.0
