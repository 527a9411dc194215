"""Typed text shown as typed: never read as markup, mnemonics or title placeholders.

People type ``<b>``, ``&amp;`` and ``[*]`` into scenarios, notes and names, and
checklists and file names carry them too. Qt guesses: a label or tooltip that
looks like HTML is rendered as HTML, "&" in a button underlines the next letter,
and "[*]" in a window title disappears. Every place that shows such text goes
through one of these.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import QLabel, QMessageBox, QSizePolicy, QWidget

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
    return GuiQt.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)  # wraps


def button_text(text: str) -> str:
    """Text for a button, check box or tab: "&" shown, not taken as a shortcut key."""
    return text.replace("&", "&&")


def title_text(text: str) -> str:
    """Text for a window title: "[*]" shown, not taken as the unsaved-changes marker."""
    return text.replace("[*]", "[*][*]")


class ElidedLabel(QLabel):
    """One line of typed text that ends in "…" when it is wider than the room it has,
    instead of being cut mid-letter or pushing the window wider than the screen.

    ``text()`` is the whole text; what is drawn is ``shown_text()``.
    """

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self.setText(text)

    def text(self) -> str:
        return self._full

    def shown_text(self) -> str:
        return super().text()

    def setText(self, text: str) -> None:
        self._full = text
        self._elide()

    def minimumSizeHint(self) -> QSize:
        return QSize(0, super().minimumSizeHint().height())

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance(" ".join(self._full.splitlines()))
        return QSize(width + 2, super().sizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        line = " ".join(self._full.splitlines())  # one line: line breaks as spaces
        shown = self.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, self.width())
        if shown != super().text():
            super().setText(shown)
