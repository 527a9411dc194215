"""Export findings (Ctrl+P) and Export summary: a worker with its own Store writes the PDF,
a progress dialog can cancel it, and the user is offered to open the result."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import QRunnable, Qt

import undercover.report as report
from undercover.demo import create_demo
from undercover.store import Store
from undercover.ui import dialogs, export
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import TaskRunner

pytestmark = pytest.mark.skipif(
    not hasattr(report, "export_visits"),
    reason="undercover.report has no export_visits yet (the reports work is in progress)",
)


class HeldPool:
    """Starts tasks on a real thread, but only when the test says so."""

    def __init__(self) -> None:
        self.held: list[QRunnable] = []
        self.threads: list[threading.Thread] = []

    def start(self, runnable: QRunnable) -> None:
        self.held.append(runnable)

    def release(self) -> None:
        for runnable in self.held:
            thread = threading.Thread(target=runnable.run)
            thread.start()
            self.threads.append(thread)
        self.held.clear()

    def waitForDone(self, msecs: int = -1) -> bool:
        for thread in self.threads:
            thread.join()
        return True

    def maxThreadCount(self) -> int:
        return 1


@pytest.fixture
def demo_db(tmp_path):
    path = tmp_path / "demo.db"
    with Store.open(path) as store:
        create_demo(store, visits=3, seed=5)
    return path


def open_window(qtbot, path, pool=None) -> MainWindow:
    window = MainWindow(Store.open(path), TaskRunner(pool))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window


def test_ctrl_p_exports_the_chosen_visits_and_offers_to_open_the_pdf(
    qtbot, demo_db, tmp_path, monkeypatch
):
    window = open_window(qtbot, demo_db)
    page = window.list_page
    ids = [v.id for v in page.model.visits()[:2]]
    page.select_ids(set(ids))
    target = tmp_path / "out" / "findings"
    target.parent.mkdir()
    asked: list[str] = []
    opened: list = []
    monkeypatch.setattr(dialogs, "choose_save_file",
                        lambda _p, _t, suggested, _f: asked.append(suggested.name) or target)
    monkeypatch.setattr(dialogs, "ask_open_result", lambda *_args: True)
    monkeypatch.setattr(export, "open_file", opened.append)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert window.export_progress is not None and window.export_progress.isVisible()
    qtbot.waitUntil(lambda: bool(opened), timeout=60_000)
    pdf = target.with_suffix(".pdf")
    assert opened == [pdf]
    assert pdf.read_bytes().startswith(b"%PDF")
    assert asked[0].startswith("findings-2-visits-")
    assert window.export_progress is None


def test_cancel_stops_the_export_and_writes_nothing(qtbot, demo_db, tmp_path, monkeypatch):
    pool = HeldPool()
    window = open_window(qtbot, demo_db, pool)
    visit_id = window.list_page.model.visits()[0].id
    editor = window.open_visit(visit_id)
    assert editor is not None
    target = tmp_path / "cancelled.pdf"
    monkeypatch.setattr(dialogs, "choose_save_file", lambda *_args: target)
    qtbot.mouseClick(editor.export_button, Qt.MouseButton.LeftButton)
    progress = window.export_progress
    assert progress is not None
    qtbot.mouseClick(progress.findChild(type(editor.export_button)), Qt.MouseButton.LeftButton)
    pool.release()
    qtbot.waitUntil(lambda: window.export_progress is None, timeout=60_000)
    assert "cancelled" in window.statusBar().currentMessage()
    assert not target.exists()


def test_export_summary_writes_one_pdf_for_the_filtered_scope(
    qtbot, demo_db, tmp_path, monkeypatch
):
    window = open_window(qtbot, demo_db)
    page = window.list_page
    page.location_filter.setCurrentIndex(page.location_filter.findText("Harbour Street"))
    target = tmp_path / "summary.pdf"
    names: list[str] = []
    monkeypatch.setattr(dialogs, "choose_save_file",
                        lambda _p, _t, suggested, _f: names.append(suggested.name) or target)
    monkeypatch.setattr(dialogs, "ask_open_result", lambda *_args: False)
    window.summary_action.trigger()
    qtbot.waitUntil(lambda: window.export_progress is None, timeout=60_000)
    assert target.read_bytes().startswith(b"%PDF")
    assert names[0].startswith("summary-harbour-street-")
