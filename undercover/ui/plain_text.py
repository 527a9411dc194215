"""Typed text shown as typed: never read as markup, mnemonics or title placeholders.

People type ``<b>``, ``&amp;`` and ``[*]`` into scenarios, notes and names, and
checklists and file names carry them too. Qt guesses: a label or tooltip that
looks like HTML is rendered as HTML, "&" in a button underlines the next letter,
and "[*]" in a window title disappears. Every place that shows such text goes
through one of these.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox

L = TypeVar("L", bound=QLabel)


def plain(label: L) -> L:
    """A label that shows its text exactly, whatever it looks like."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_box(box: QMessageBox) -> QMessageBox:
    """A message box that shows its text and details as given, wrapped over lines
    (a plain-text message box would otherwise keep each paragraph on one line)."""
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setWindowTitle(title_text(box.windowTitle()))
    for name in ("qt_msgbox_label", "qt_msgbox_informativelabel"):
        label = box.findChild(QLabel, name)
        if label is not None:
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
    return box


def tooltip_text(text: str) -> str:
    """A tooltip that shows ``text`` as typed: tooltips are always guessed, so text
    that looks like markup is escaped into a rich text that says it literally."""
    if not text or not GuiQt.mightBeRichText(text):
        return text
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpacePre)


def button_text(text: str) -> str:
    """Text for a button, check box or tab: "&" shown, not taken as a shortcut key."""
    return text.replace("&", "&&")


def title_text(text: str) -> str:
    """Text for a window title: "[*]" shown, not taken as the unsaved-changes marker."""
    return text.replace("[*]", "[*][*]")
