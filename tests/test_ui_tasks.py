"""run_task: work off the GUI thread, results and errors back on it; bugs go to the bug report."""

from __future__ import annotations

import logging
import sys
import threading

import pytest
from PySide6.QtCore import QObject

from undercover.errors import UndercoverError
from undercover.ui import dialogs
from undercover.ui.errors import BugReportDialog, install_excepthook
from undercover.ui.tasks import SyncPool, TaskRunner


def test_results_and_progress_arrive_on_the_gui_thread(qtbot):
    runner = TaskRunner()
    gui = threading.get_ident()
    events: list[tuple] = []

    def work(handle):
        for i in range(3):
            handle.report(i + 1, 3)
        return threading.get_ident()

    runner.run_task(
        work,
        lambda worker: events.append(("done", worker != gui, threading.get_ident() == gui)),
        on_progress=lambda done, total: events.append(("progress", done, total,
                                                       threading.get_ident() == gui)),
    )
    qtbot.waitUntil(lambda: not runner.busy)
    assert events == [
        ("progress", 1, 3, True), ("progress", 2, 3, True), ("progress", 3, 3, True),
        ("done", True, True),
    ]


def test_errors_go_to_on_error_and_a_cancel_is_seen_by_the_task(qtbot):
    runner = TaskRunner()
    errors: list[BaseException] = []
    runner.run_task(lambda: 1 / 0, lambda _r: None, errors.append)
    started = threading.Event()
    release = threading.Event()
    seen: list[bool] = []

    def long_task(handle):
        started.set()
        release.wait(5)
        return handle.cancelled()

    handle = runner.run_task(long_task, seen.append, on_progress=lambda *_: None)
    started.wait(5)
    handle.cancel()
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert isinstance(errors[0], ZeroDivisionError)
    assert seen == [True]


def test_the_sync_pool_runs_a_task_at_once_for_tests(qtbot):
    runner = TaskRunner(SyncPool())
    results: list[int] = []
    runner.run_task(lambda: 42, results.append)
    assert results == [42] and not runner.busy


def test_nothing_is_delivered_to_a_window_deleted_meanwhile(qtbot):
    runner = TaskRunner()
    context = QObject()
    release = threading.Event()
    results: list[object] = []
    runner.run_task(lambda: release.wait(5), results.append, context=context)
    context.deleteLater()
    qtbot.waitUntil(lambda: not _valid(context))
    release.set()
    qtbot.waitUntil(lambda: not runner.busy)
    assert results == []


def _valid(obj: QObject) -> bool:
    import shiboken6

    return shiboken6.isValid(obj)


@pytest.fixture
def hook(monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    reports: list[str] = []
    install_excepthook(None, lambda details, _log: reports.append(details))
    return reports


def test_a_bug_is_logged_and_reported_and_a_user_error_is_a_plain_message(
    qtbot, hook, monkeypatch, caplog
):
    messages: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, title=None: messages.append(text))
    try:
        raise UndercoverError("The disk is full.")
    except UndercoverError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert messages == ["The disk is full."] and hook == []
    with caplog.at_level(logging.ERROR):
        try:
            raise KeyError("oops")
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    assert len(hook) == 1 and "KeyError: 'oops'" in hook[0]
    assert "unexpected error" in caplog.text

    dialog = BugReportDialog(hook[0], None)
    qtbot.addWidget(dialog)
    assert "KeyError" in dialog.details.toPlainText()


def test_a_bug_on_a_worker_thread_is_reported_on_the_gui_thread(qtbot, hook, monkeypatch):
    """A dialog built on a worker thread hangs the app: the report must reach the GUI thread."""
    import threading

    from PySide6.QtCore import QCoreApplication, QThread

    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    install_excepthook(None, lambda details, _log: hook.append(
        (details, QThread.currentThread() is QCoreApplication.instance().thread())))

    def buggy() -> None:
        raise ValueError("worker bug")

    worker = threading.Thread(target=buggy)
    worker.start()
    worker.join()
    qtbot.waitUntil(lambda: len(hook) == 1, timeout=5000)
    details, on_gui_thread = hook[0]
    assert "ValueError: worker bug" in details and on_gui_thread


def test_a_result_for_a_relay_already_gone_is_dropped_quietly(qtbot, caplog):
    """The app closing while a task finishes: the task's result has nobody to go to."""
    from undercover.ui.tasks import _Relay, _Task

    relay = _Relay(lambda _r: None, None, None, lambda _r: None, None)
    leftovers: list = []
    task = _Task(lambda: 42, relay, leftovers)
    task.setAutoDelete(False)
    import shiboken6

    shiboken6.delete(relay)
    with caplog.at_level(logging.INFO, logger="undercover.ui.tasks"):
        task.run()  # must not raise: an escaping error would reach the hook on the worker
    assert "dropped" in caplog.text
    assert len(leftovers) == 1  # kept for the GUI thread to free


class _Probe:
    """Records the thread it is freed on."""

    def __init__(self, freed_on: list[str]) -> None:
        self._freed_on = freed_on

    def __del__(self) -> None:
        self._freed_on.append(threading.current_thread().name)


@pytest.mark.parametrize("fails", [False, True], ids=["result", "error"])
def test_what_a_task_holds_is_freed_on_the_gui_thread(qtbot, fails):
    """Freed on a worker, an object whose method is connected to a dialog's signal makes
    PySide disconnect there, which deadlocked against the GUI thread closing that dialog."""
    runner = TaskRunner()
    freed_on: list[str] = []
    delivered: list[object] = []
    for _ in range(20):  # the worker would usually win the race: try it many times
        probe = _Probe(freed_on)

        def work(probe: _Probe = probe) -> _Probe:
            if fails:
                raise UndercoverError("no luck")
            return probe

        runner.run_task(work, delivered.append, delivered.append)
        del probe, work
        qtbot.waitUntil(lambda: bool(delivered), timeout=10_000)
        delivered.clear()
        runner.wait()
    runner.wait()
    qtbot.waitUntil(lambda: len(freed_on) == 20, timeout=10_000)
    assert set(freed_on) == {threading.main_thread().name}


def test_the_qt_binding_does_not_leak_references_to_none_or_true():
    """PySide6 6.12.0 on Python 3.11 lost a reference to None on every void call and to True
    on every emit, until Python aborted mid-session; pyproject.toml excludes that release.
    This catches a binding with the same fault before a user does."""
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QTimer, Signal

    class Chatty(QObject):
        changed = Signal()

    chatty, timer = Chatty(), QTimer()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(1000):
        timer.setInterval(5)
        chatty.changed.emit()
    lost = {"None": none_before - sys.getrefcount(None),
            "True": true_before - sys.getrefcount(True)}
    assert max(lost.values()) < 100, (
        f"PySide6 {pyside_version} loses references {lost}; exclude it in pyproject.toml"
    )
