"""Going between databases: File → Open recent, and the way back from the demo business."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from undercover.domain.visit import Location
from undercover.paths import data_dir, default_db_path
from undercover.store import Store
from undercover.ui import preferences
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner


def make_db(path: Path, place: str = "Harbour Street") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with Store.open(path) as store:
        store.locations.add(Location(place))
    return path


def open_window(qtbot, path: Path) -> MainWindow:
    window = MainWindow(Store.open(path), TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot, tmp_path):
    window = open_window(qtbot, make_db(tmp_path / "shop <&> ☕.db"))
    yield window
    window.store.close()


def recent_entries(window: MainWindow) -> list[tuple[str, bool, bool]]:
    """(text, enabled, checked) of each entry, as the menu shows them when opened."""
    window.recent_menu.aboutToShow.emit()
    return [(a.text(), a.isEnabled(), a.isChecked())
            for a in window.recent_menu.actions() if not a.isSeparator()]


def test_the_demo_shows_a_banner_with_the_way_back(qtbot, window, tmp_path):
    own = window.store.path
    make_db(window.demo_path(), "Copperleaf Market")
    assert window.demo_banner.isHidden()
    window.open_demo()
    assert window.store.path == window.demo_path()
    assert window.demo_banner.isVisible()
    assert window.demo_banner.label.text() == (
        "This is the demo business, made up to explore the app. Your own visits stay in "
        "shop <&> ☕.db."
    )
    assert window.demo_banner.label.textFormat() is Qt.TextFormat.PlainText
    qtbot.mouseClick(window.demo_banner.back_button, Qt.MouseButton.LeftButton)
    assert window.store.path.resolve() == own.resolve()
    assert window.demo_banner.isHidden()
    assert preferences.last_database() == own.resolve()


def test_back_from_a_demo_opened_first_goes_to_the_default_database(qtbot, tmp_path):
    demo = make_db(data_dir() / "demo.db", "Copperleaf Market")  # where the app makes it
    window = open_window(qtbot, demo)
    assert window.store.path.resolve() == window.demo_path().resolve()
    assert window.demo_banner.isVisible()
    assert "Your own visits are kept apart from it." in window.demo_banner.label.text()
    assert window.back_to_own_database()
    assert window.store.path.resolve() == default_db_path().resolve()
    assert window.demo_banner.isHidden()
    window.store.close()


def test_recent_databases_newest_first_with_the_missing_ones_greyed(window, tmp_path):
    first = window.store.path
    second = make_db(tmp_path / "b" / "second.db")
    third = make_db(tmp_path / "c" / "third.db")
    assert window.switch_database(second)
    assert window.switch_database(third)
    entries = recent_entries(window)
    assert [text.split("  —  ")[0] for text, _e, _c in entries] == [
        "third.db", "second.db", "shop <&&> ☕.db"  # "&&" shows as "&" in a menu
    ]
    assert [checked for _t, _e, checked in entries] == [True, False, False]
    assert all(enabled for _t, enabled, _c in entries)

    # Choosing one opens it.
    window.recent_menu.aboutToShow.emit()
    chosen = next(a for a in window.recent_menu.actions() if a.text().startswith("shop"))
    chosen.trigger()
    assert window.store.path.resolve() == first.resolve()

    # A database moved away is greyed, then can be taken off the list.
    for suffix in ("", "-wal", "-shm"):
        Path(f"{second}{suffix}").unlink(missing_ok=True)
    entries = recent_entries(window)
    gone = next(e for e in entries if e[0].startswith("second.db"))
    assert gone[0].endswith("(not found)") and not gone[1]
    window.recent_menu.aboutToShow.emit()
    forget = next(a for a in window.recent_menu.actions()
                  if a.text() == "Remove the ones not found")
    forget.trigger()
    assert second.resolve() not in preferences.recent_databases()
    assert [p.name for p in preferences.recent_databases()] == ["shop <&> ☕.db", "third.db"]


def test_the_recent_list_keeps_the_last_eight(window, tmp_path):
    paths = [make_db(tmp_path / f"db{n}" / f"visits-{n}.db") for n in range(10)]
    for path in paths:
        assert window.switch_database(path)
    recent = preferences.recent_databases()
    assert recent == [p.resolve() for p in reversed(paths)][:8]
    assert len(recent_entries(window)) == 8


def test_the_recent_menu_is_in_the_file_menu(window):
    file_menu = window.menuBar().actions()[0].menu()
    assert window.recent_menu.menuAction() in file_menu.actions()
    assert window.recent_menu.title() == "Open recen&t"  # R is Resolve and Restore
