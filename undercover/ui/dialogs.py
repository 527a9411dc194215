"""Thin functions in front of Qt's standard dialogs.

Widgets call these through the module (``dialogs.confirm(...)``), never import
the functions themselves, so a test replaces one function instead of a Qt
class. Our own forms (new visit, finding, location) are real widgets that
tests drive directly; these are only the blocking boxes and file choosers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDir
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from undercover.ui import preferences
from undercover.ui.plain_text import plain_box

PHOTO_FILTER = "Photos (*.jpg *.jpeg *.png *.heic *.heif *.webp *.gif *.bmp *.tif *.tiff)"


def _tr(text: str) -> str:
    return QCoreApplication.translate("dialogs", text)


def confirm(parent: QWidget | None, title: str, text: str, action: str) -> bool:
    """Ask before something destructive; ``action`` names the button that does it."""
    box = plain_box(QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent))
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is go


def show_error(parent: QWidget | None, text: str, title: str | None = None) -> None:
    """A problem the user can act on (bad file, busy database): a plain message, no traceback."""
    plain_box(QMessageBox(QMessageBox.Icon.Warning, title or _tr("Undercover"), text,
                          QMessageBox.StandardButton.Ok, parent)).exec()


def show_problems(parent: QWidget | None, title: str, intro: str, lines: Sequence[str]) -> None:
    """Several problems at once (e.g. photos that could not be added), in one box."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, intro, parent=parent)
    box.setInformativeText("\n\n".join(lines))
    plain_box(box).exec()


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    plain_box(QMessageBox(QMessageBox.Icon.Information, title, text,
                          QMessageBox.StandardButton.Ok, parent)).exec()


def ask_open_result(parent: QWidget | None, title: str, text: str) -> bool:
    """After an export: offer to open the file. True means "Open"."""
    box = plain_box(QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent))
    open_button = box.addButton(_tr("Open"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button)
    box.exec()
    return box.clickedButton() is open_button


def file_kind(file_filter: str) -> str:
    """The kind of file a dialog is for, by its filter's first pattern ("pdf", "jpg"…).

    Each kind remembers its own folder: photos come from the camera's folder, PDFs go
    to the reports folder, and one does not move the other.
    """
    found = re.search(r"\*\.(\w+)", file_filter)
    return found.group(1).lower() if found else "files"


def _remember(kind: str, chosen: Path) -> None:
    preferences.remember_folder(kind, chosen.parent)


def choose_files(parent: QWidget | None, title: str, file_filter: str = PHOTO_FILTER) -> list[Path]:
    """Files to open (several at once); an empty list if the user cancelled."""
    kind = file_kind(file_filter)
    start = preferences.last_folder(kind) or Path(QDir.homePath())
    names, _ = QFileDialog.getOpenFileNames(parent, title, str(start), file_filter)
    if names:
        _remember(kind, Path(names[0]))
    return [Path(name) for name in names]


def choose_image(parent: QWidget | None, title: str) -> Path | None:
    start = preferences.last_folder("image") or Path(QDir.homePath())
    name, _ = QFileDialog.getOpenFileName(
        parent, title, str(start), "Images (*.png *.jpg *.jpeg)"
    )
    if name:
        _remember("image", Path(name))
    return Path(name) if name else None


def choose_save_file(
    parent: QWidget | None, title: str, suggested: Path, file_filter: str
) -> Path | None:
    """Where to save; the suggested name, in the folder last used for this kind of file."""
    kind = file_kind(file_filter)
    folder = preferences.last_folder(kind)
    start = folder / suggested.name if folder is not None else suggested
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start), file_filter)
    if name:
        _remember(kind, Path(name))
    return Path(name) if name else None


def choose_database(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """An Undercover database file to open (or a new name to create one)."""
    start = preferences.last_folder("db") or start
    dialog = QFileDialog(parent, title, str(start), "Undercover databases (*.db);;All files (*)")
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, True)
    if not dialog.exec():
        return None
    files = dialog.selectedFiles()
    if files:
        _remember("db", Path(files[0]))
    return Path(files[0]) if files else None
