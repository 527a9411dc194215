"""Checklists added with `checklist add` in the app: offered for new visits, newest first.

A bad bundled checklist file shows a one-line warning and the app carries on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from undercover.cli import main
from undercover.store import Store
from undercover.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "resources" / "examples" / "quick-cafe-check.toml"
INTERNAL = ROOT / "resources" / "checklists" / "internal-customer.toml"


def open_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_a_new_visit_offers_the_newest_version_of_each_checklist(qtbot, tmp_path):
    db = tmp_path / "shop.db"
    Store.open(db).close()
    changed = tmp_path / "internal.toml"
    changed.write_text(INTERNAL.read_text(encoding="utf-8").replace(
        'title = "Internal customer"', 'title = "Colleagues"', 1), encoding="utf-8")
    assert main(["checklist", "add", "--db", str(db), str(changed)]) == 0
    assert main(["checklist", "add", "--db", str(db), str(EXAMPLE)]) == 0

    window = open_window(qtbot, Store.open(db))
    qtbot.mouseClick(window.empty_state.start_button, Qt.MouseButton.LeftButton)
    dialog = window.new_visit_dialog
    assert dialog is not None and dialog.isVisible()
    offered = [dialog.checklist.itemText(i) for i in range(dialog.checklist.count())]
    assert offered == ["Customer-centric visit (v2)", "Colleagues (v3)", "Quick café check (v1)"]

    qtbot.keyClicks(dialog.new_name, "Harbour Street")
    dialog.checklist.setFocus()
    qtbot.keyClicks(dialog.checklist, "Q")  # keyboard search picks "Quick café check"
    assert dialog.checklist.currentText() == "Quick café check (v1)"
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    editor = window.editor
    assert editor is not None
    assert (editor.session.checklist.key, editor.session.checklist.version) == (
        "quick-cafe-check", 1)
    assert [s.title for s in editor.session.checklist.sections] == ["Welcome", "Leaving"]
    window.close()
    window.store.close()


def test_a_bad_bundled_checklist_is_a_one_line_warning_and_the_app_carries_on(
    qtbot, tmp_path, monkeypatch
):
    folder = tmp_path / "resources"
    shutil.copytree(ROOT / "resources" / "checklists", folder / "checklists")
    (folder / "checklists" / "broken.toml").write_text('key = "broken\n', encoding="utf-8")
    monkeypatch.setattr("undercover.store.checklists.resource_dir", lambda: folder)

    window = open_window(qtbot, Store.open(tmp_path / "shop.db"))
    message = window.statusBar().currentMessage()
    assert message.startswith("Skipped: bundled checklist broken.toml: not valid TOML")
    assert "\n" not in message
    qtbot.mouseClick(window.empty_state.start_button, Qt.MouseButton.LeftButton)
    dialog = window.new_visit_dialog
    offered = [dialog.checklist.itemText(i) for i in range(dialog.checklist.count())]
    assert offered == ["Customer-centric visit (v2)", "Internal customer (v2)"]
    dialog.reject()
    window.close()
    window.store.close()
