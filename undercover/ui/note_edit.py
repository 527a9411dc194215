"""A note field that starts as one line and grows with what is typed.

A note is usually a few words, sometimes a paragraph: a one-line field hides
most of a long note, a fixed box wastes room on every question. This field
is one line until the text needs more, grows a line at a time up to a few,
then scrolls. It speaks like a QLineEdit (``text``, ``setText``,
``textEdited``, a clear button), so the cards that save notes need not care.
Enter is left to whoever owns the flow (the question card moves on);
Shift+Enter starts a new line. In a form of text boxes (a finding) Enter can
stay a new line instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QToolButton, QWidget

_PARAGRAPH = "\u2029"


class NoteEdit(QPlainTextEdit):
    """Plain text, ``min_lines`` high when short, up to ``max_lines`` before it scrolls."""

    textEdited = Signal(str)  # the user changed the text, as in QLineEdit

    def __init__(
        self, min_lines: int = 1, max_lines: int = 5, enter_moves_on: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.enter_moves_on = enter_moves_on  # False: Enter is a new line, as in a text box
        self._showing = False
        self._fitting = False
        self._lines = 0
        self.setTabChangesFocus(True)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(2)
        self.clear_button = QToolButton(self)
        self.clear_button.setObjectName("noteClear")
        self.clear_button.setText("×")
        self.clear_button.setToolTip(self.tr("Clear the note"))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.clear_button.setCursor(Qt.CursorShape.ArrowCursor)
        self.clear_button.setAutoRaise(True)
        self.clear_button.setStyleSheet(
            "QToolButton#noteClear { border: none; padding: 0; background: transparent;"
            " color: #8a94a0; font-size: 12pt; min-height: 0; }"
            "QToolButton#noteClear:hover { color: #1f2933; }"
        )
        self.clear_button.clicked.connect(self._clear_clicked)
        self._clear_enabled = False
        self.clear_button.hide()
        self.textChanged.connect(self._text_changed)
        self.document().documentLayout().documentSizeChanged.connect(lambda _s: self._fit())
        self._fit()

    # -- a QLineEdit's words --------------------------------------------------------

    def text(self) -> str:
        """The note exactly as typed (no-break spaces kept), lines joined with "\\n"."""
        return self.document().toRawText().replace(_PARAGRAPH, "\n")

    def setText(self, text: str) -> None:
        """Show a stored note without reporting it as an edit."""
        self._showing = True
        try:
            self.setPlainText(text)
        finally:
            self._showing = False

    def setClearButtonEnabled(self, enabled: bool) -> None:
        self._clear_enabled = enabled
        self._place_clear_button()

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self._place_clear_button()

    # -- keys and edits -------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.enter_moves_on:
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and not self.isReadOnly():
                self.textCursor().insertBlock()  # a real line break, not a line separator
                self.ensureCursorVisible()
            else:
                event.ignore()  # Enter belongs to the form: the card moves on
            return
        super().keyPressEvent(event)

    def _text_changed(self) -> None:
        self._place_clear_button()
        if not self._showing:
            self.textEdited.emit(self.text())

    def _clear_clicked(self) -> None:
        if self.isReadOnly():
            return
        self.selectAll()
        self.textCursor().removeSelectedText()  # undoable with Ctrl+Z, like QLineEdit's
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    # -- size -----------------------------------------------------------------------

    def _height_for(self, lines: int) -> int:
        margins = self.contentsMargins()
        viewport = self.viewportMargins()
        text = lines * self.fontMetrics().lineSpacing() + 2 * int(self.document().documentMargin())
        return text + margins.top() + margins.bottom() + viewport.top() + viewport.bottom() + 2

    def _fit(self) -> None:
        """One line per line of text, between min_lines and max_lines; scroll past that."""
        if self._fitting:  # laying the text out again below reports a new size
            return
        self._fitting = True
        try:
            lines = self._line_count()
            policy = (Qt.ScrollBarPolicy.ScrollBarAsNeeded if lines > self.max_lines
                      else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            if policy != self.verticalScrollBarPolicy():
                self.setVerticalScrollBarPolicy(policy)
                # The scroll bar changes the width the text has: lay it out again for
                # that width, or the first lines keep the old one and run under the edge.
                self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
                self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
                self._place_clear_button()
                lines = self._line_count()
            shown = min(max(lines, self.min_lines), self.max_lines)
            height = self._height_for(shown)
            if height != self.height() or self._lines != shown:
                self._lines = shown
                self.setFixedHeight(height)
                self.updateGeometry()
            if lines <= self.max_lines:
                self.verticalScrollBar().setValue(0)
        finally:
            self._fitting = False

    def _line_count(self) -> int:
        return max(1, int(self.document().documentLayout().documentSize().height()))

    def shown_lines(self) -> int:
        """How many lines of text the field is high now."""
        return self._lines

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height_for(max(self._lines, 1)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self._height_for(self.min_lines))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_clear_button()
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()  # a new line height

    def _place_clear_button(self) -> None:
        """The clear button where a line edit has it, only while there is text to clear
        and the note can be changed."""
        show = self._clear_enabled and not self.isReadOnly() and bool(self.toPlainText())
        side = self.fontMetrics().height() + 4
        room = side if self._clear_enabled and not self.isReadOnly() else 0
        if self.viewportMargins().right() != room:
            self.setViewportMargins(0, 0, room, 0)
        if show:  # in the room kept beside the text, left of a scroll bar
            viewport = self.viewport().geometry()
            self.clear_button.setGeometry(viewport.right() + 1, viewport.top(), side, side)
        self.clear_button.setVisible(show)
