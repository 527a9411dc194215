"""The app in its own process: Ctrl+C and SIGTERM close it like the close button, hard crashes
leave a crash log, and a windowed build (no terminal) still reports bugs in a dialog."""

from __future__ import annotations

import configparser
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from undercover import __version__
from undercover.domain.visit import Location, Visit
from undercover.paths import log_dir
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST

REPO = Path(__file__).resolve().parents[1]
DRIVER = Path(__file__).with_name("app_driver.py")
NOTE = "Queue of nine at the till, one of two tills open"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="POSIX signals")


def start(mode: str, db: Path, home: Path, *extra: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNDERCOVER_HOME": str(home),
           "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, str(DRIVER), mode, str(db), *extra],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO,
    )


def finish(process: subprocess.Popen[str], timeout: float = 60) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, out, err


def wait_ready(process: subprocess.Popen[str]) -> None:
    line = process.stdout.readline()  # blocks until the driver is where the test wants it
    if line != "READY\n":
        process.kill()
        _, err = process.communicate()
        pytest.fail(f"driver said {line!r}; stderr: {err}")


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "visits.db"
    with Store.open(path) as store:
        store.locations.add(Location("Market Square"))
    return path


def new_visit(db: Path) -> str:
    with Store.open(db) as store:
        location = store.locations.find("Market Square")
        checklist = store.checklists.get(DEFAULT_CHECKLIST)
        return store.visits.create(Visit(location.id, checklist.key, checklist.version)).id


def saved_window_geometry(home: Path) -> bool:
    """Only closing the window saves its geometry: proof the close button's path ran."""
    settings = configparser.ConfigParser()
    settings.read(home / "data" / "ui-settings.ini")
    return bool(settings.get("main_window", "geometry", fallback=""))


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_saving_the_pending_note(db, _private_home, signum):
    for _attempt in range(3):  # a few times over: a race with the event loop would show
        visit_id = new_visit(db)
        settings = _private_home / "data" / "ui-settings.ini"
        settings.unlink(missing_ok=True)
        process = start("note-then-wait", db, _private_home, visit_id)
        wait_ready(process)
        process.send_signal(signum)
        code, _out, err = finish(process)
        assert code == 128 + signum, err
        assert err == ""
        with Store.open(db) as store:
            answers = store.visits.get(visit_id).answers
        assert [answer.note for answer in answers.values()] == [NOTE]
        assert saved_window_geometry(_private_home)


@pytest.mark.slow
def test_sigterm_with_a_dialog_open_cancels_it_and_closes(db, _private_home):
    process = start("about-then-wait", db, _private_home)
    wait_ready(process)
    process.send_signal(signal.SIGTERM)
    code, out, err = finish(process)
    assert code == 128 + signal.SIGTERM, err
    assert out == "ABOUT CLOSED\n"
    assert saved_window_geometry(_private_home)


@pytest.mark.slow
def test_a_hard_crash_leaves_its_stack_in_the_crash_log(db, _private_home):
    code, _out, _err = finish(start("segfault", db, _private_home))
    assert code == -signal.SIGSEGV
    crash_log = (_private_home / "logs" / "crash.log").read_text(encoding="utf-8")
    assert crash_log.startswith(f"Undercover {__version__} started ")
    assert "Fatal Python error: Segmentation fault" in crash_log
    assert "app_driver.py" in crash_log  # the Python stack of the crash, file by file


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "bug", "exit_code"),
    [("slot-bug", "a bug in a slot", 0), ("startup-bug", "a bug while building the window", 1)],
)
def test_without_a_terminal_a_bug_still_shows_the_report_dialog(
    db, _private_home, tmp_path, mode, bug, exit_code
):
    status = tmp_path / "status.txt"
    code, out, err = finish(start(mode, db, _private_home, str(status)))
    assert (code, out) == (exit_code, "")
    # Python wrote nothing (it had nowhere to); only Qt's offscreen platform, from C++.
    assert [line for line in err.splitlines() if "propagateSizeHints" not in line] == []
    shown = status.read_text(encoding="utf-8")
    assert shown.startswith(f"Something went wrong | Undercover {__version__}\nTraceback")
    assert f"RuntimeError: {bug}" in shown
    log = (_private_home / "logs" / "undercover.log").read_text(encoding="utf-8")
    assert f"RuntimeError: {bug}" in log


class FolderOpener(QObject):
    """Stands in for the desktop's file manager: Qt hands it the URLs to open."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.opened.append(url)


def test_help_menu_shows_the_log_folder(qtbot, tmp_path):
    from undercover.ui.main_window import MainWindow

    window = MainWindow(Store.open(tmp_path / "visits.db"))
    qtbot.addWidget(window)
    opener = FolderOpener()
    QDesktopServices.setUrlHandler("file", opener, "open")
    try:
        (help_menu,) = [a.menu() for a in window.menuBar().actions() if a.text() == "&Help"]
        (action,) = [a for a in help_menu.actions() if "log folder" in a.text()]
        action.trigger()
    finally:
        QDesktopServices.unsetUrlHandler("file")
    assert [url.toLocalFile() for url in opener.opened] == [str(log_dir())]
    assert log_dir().is_dir()
    window.close()


def test_a_full_crash_log_is_kept_as_one_older_generation(_private_home):
    logs = _private_home / "logs"
    logs.mkdir()
    old = "Fatal Python error: an old crash\n" * 40_000  # over 1 MB
    (logs / "crash.log").write_text(old, encoding="utf-8")
    (logs / "crash.log.1").write_text("an even older one\n", encoding="utf-8")
    script = "from undercover.ui.app import enable_crash_log; print(enable_crash_log())"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNDERCOVER_HOME": str(_private_home)},
    )
    assert done.stdout.strip() == str(logs / "crash.log"), done.stderr
    assert (logs / "crash.log.1").read_text(encoding="utf-8") == old
    (header,) = (logs / "crash.log").read_text(encoding="utf-8").splitlines()
    assert header.startswith(f"Undercover {__version__} started ")
