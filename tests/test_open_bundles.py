"""`undercover FILE.undercover...`: what a desktop runs when a bundle is double-clicked.
The app opens with the import preview of those files; anything else gets a one-line message."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from exchange_helpers import add_visit
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QApplication

from undercover import cli
from undercover.cli import main, split_files
from undercover.exchange.bundle import export_bundle
from undercover.store import Store
from undercover.ui import app, dialogs
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import TaskRunner

COMMANDS = {"list", "import", "demo"}


@pytest.mark.parametrize(("argv", "options", "files"), [
    (["/home/ana/visits.undercover"], [], ["/home/ana/visits.undercover"]),
    (["--db", "shop.db", "a.undercover", "b.undercover"], ["--db", "shop.db"],
     ["a.undercover", "b.undercover"]),
    (["a.undercover", "--db=shop.db"], ["--db=shop.db"], ["a.undercover"]),
    (["--", "-odd name.undercover"], [], ["-odd name.undercover"]),
    # Commands, and a mistyped one, are left to the commands as before.
    (["list", "--db", "shop.db"], ["list", "--db", "shop.db"], []),
    (["--db", "import", "list"], ["--db", "import", "list"], []),
    (["--db", "shop.db", "import", "a.undercover"], ["--db", "shop.db", "import", "a.undercover"],
     []),
    (["lsit"], ["lsit"], []),
    (["--db"], ["--db"], []),
    ([], [], []),
])
def test_files_are_told_from_commands(argv, options, files):
    assert split_files(argv, COMMANDS) == (options, files)


@pytest.fixture
def opened(monkeypatch) -> list[tuple]:
    """What the app would have been started with, instead of starting it."""
    calls: list[tuple] = []
    monkeypatch.setattr(app, "run_app", lambda db=None, bundles=(): calls.append((db, bundles))
                        or 0)
    return calls


def test_bundles_given_on_the_command_line_go_to_the_app(tmp_path, opened, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("a.undercover", "B.UNDERCOVER"):
        (tmp_path / name).write_bytes(b"checked later, by the import preview")
    assert main(["--db", str(tmp_path / "shop.db"), "a.undercover", "B.UNDERCOVER"]) == 0
    assert opened == [(tmp_path / "shop.db", [tmp_path / "a.undercover",
                                              tmp_path / "B.UNDERCOVER"])]
    assert main([str(tmp_path / "a.undercover")]) == 0  # no --db: the last database used
    assert opened[-1] == (None, [tmp_path / "a.undercover"])
    assert main([]) == 0
    assert opened[-1] == (None, [])


@pytest.mark.parametrize(("name", "make", "message"), [
    ("notes.txt", "file", "notes.txt is not an Undercover bundle: the app opens files ending "
     "in .undercover (visits sent by a shopper)."),
    ("shop.db", "file", "shop.db is not an Undercover bundle: the app opens files ending in "
     ".undercover (visits sent by a shopper); to open a database, use --db shop.db."),
    ("gone.undercover", None, "There is no file gone.undercover."),
    ("folder.undercover", "dir", "folder.undercover is not a file."),
])
def test_anything_but_a_bundle_is_a_one_line_message(tmp_path, opened, monkeypatch, capsys,
                                                      name, make, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.undercover").write_bytes(b"x")
    if make == "file":
        (tmp_path / name).write_text("mine")
    elif make == "dir":
        (tmp_path / name).mkdir()
    assert main(["good.undercover", name]) == 1
    assert capsys.readouterr().err == f"undercover: {message}\n"
    assert opened == []
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({"good.undercover", name} - {
        "gone.undercover"})


def test_self_test_opens_no_files(tmp_path, opened, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--self-test", str(tmp_path / "a.undercover")])
    assert stopped.value.code == 2
    last = capsys.readouterr().err.splitlines()[-1]
    assert last == "undercover: error: --self-test opens no files"


def test_a_mistyped_command_is_still_bad_usage(opened, capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["lsit"])
    assert stopped.value.code == 2
    assert "invalid choice: 'lsit'" in capsys.readouterr().err


# -- the app, started as a desktop starts it ---------------------------------------------


@pytest.fixture
def bundles(tmp_path: Path) -> list[Path]:
    made = []
    with Store.open(tmp_path / "shopper.db") as store:
        for n in range(2):
            visit = add_visit(store, f"Harbour Street <&> {'☕' * (n + 1)}", photos=1, seed=n)
            made.append(export_bundle(store, [visit.id], tmp_path / f"visit-{n}.undercover").path)
    return made


def test_double_clicked_bundles_open_the_app_in_the_import_preview(
    qtbot, tmp_path, bundles, monkeypatch
):
    monkeypatch.setattr(app, "install_excepthook", lambda _log: None)
    monkeypatch.setattr(dialogs, "show_error", lambda _p, text, *_a: pytest.fail(text))
    owner = tmp_path / "owner.db"
    seen: dict[str, object] = {}
    deadline = time.monotonic() + 60

    def import_when_previewed() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        window = windows[0] if windows else None
        if time.monotonic() > deadline:  # no preview came: stop the app, fail below
            for w in windows:
                w.close()
            return
        if window is None or window.import_preview is None:
            QTimer.singleShot(20, import_when_previewed)
            return
        preview = window.import_preview
        # Every status line, since the day's backup may report after the import does.
        messages: list[str] = []
        seen["status"] = messages
        window.statusBar().messageChanged.connect(messages.append)
        seen["title"] = preview.windowTitle()
        seen["headline"] = preview.headline.text()
        seen["lines"] = list(preview.lines)
        preview.grab().save(str(tmp_path / "preview.png"))
        qtbot.mouseClick(preview.import_button, Qt.MouseButton.LeftButton)
        close_when_imported(window)

    def close_when_imported(window: MainWindow) -> None:
        if ((window.list_page.model.rowCount() == 2 and window.exchange_progress is None)
                or time.monotonic() > deadline):
            window.close()
        else:
            QTimer.singleShot(20, lambda: close_when_imported(window))

    QTimer.singleShot(0, import_when_previewed)
    assert main(["--db", str(owner), *map(str, bundles)]) == 0
    assert seen.get("title") == "Import visits", "no import preview showed"
    assert seen["headline"] == ("visit-0.undercover, visit-1.undercover are complete and "
                                "undamaged.")
    assert seen["lines"] == ["2 new visits will be added."]
    assert any(line.startswith("Imported: 2 visits added, 0 updated, 0 unchanged.")
               for line in seen["status"]), seen["status"]
    with Store.open(owner, read_only=True) as store:
        assert sorted(v.location for v in store.visits.summaries()) == [
            "Harbour Street <&> ☕", "Harbour Street <&> ☕☕"]


def test_files_the_system_hands_to_the_running_app_open_one_preview(qtbot, tmp_path,
                                                                    bundles):
    window = MainWindow(Store.open(tmp_path / "owner.db"), TaskRunner())
    qtbot.addWidget(window)
    window.show()
    opener = app.OpenedFiles(window, QApplication.instance())
    try:
        for path in [*bundles, tmp_path / "notes.txt"]:
            QApplication.sendEvent(QApplication.instance(), QFileOpenEvent(str(path)))
        qtbot.waitUntil(lambda: window.import_preview is not None, timeout=60_000)
        assert window.import_preview.headline.text() == (
            "visit-0.undercover, visit-1.undercover are complete and undamaged.")
    finally:
        QApplication.instance().removeEventFilter(opener)


def test_the_cli_module_names_every_command_it_has():
    assert {"list", "import", "export", "sync", "restore", "checklist"} <= cli._commands(
        cli.build_parser())
