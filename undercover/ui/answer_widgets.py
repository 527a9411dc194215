"""One answer control per question kind, each usable from the keyboard alone.

- rating and bipolar (1-5): digits 1-5
- likelihood (0-10): digits 0-9; "1" then "0" quickly, or → from 9, gives 10
- yes / no: Y or N
- number: type it
- text: type; Ctrl+Enter moves on
Everywhere: A for N/A (one key for every kind, since N means No on yes/no),
← → step through the points, Delete clears; Enter and Tab move on (handled by
the question card, which owns the flow between questions).

The points, N/A and the key hint sit in a flow layout, so they wrap onto a
second line on a narrow window instead of being clipped.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import Question, QuestionKind
from undercover.ui.flow_layout import FlowLayout
from undercover.ui.plain_text import plain, tooltip_text
from undercover.ui.style import mark, refresh_style

TEN_WINDOW_S = 0.8  # "1" then "0" within this time means 10 on a 0-10 scale
NA_KEY = "a"  # the one key for N/A on every kind of question


class AnswerInput(QWidget):
    """What every answer control offers the question card."""

    changed = Signal()  # the user changed the answer
    immediate = True  # False for typed answers: the card waits for a pause before saving

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.read_only = False

    def parts(self) -> tuple[float | None, str, bool]:
        """(value, text, na) of the current answer."""
        raise NotImplementedError

    def set_parts(self, value: float | None, text: str, na: bool) -> None:
        """Show an answer without reporting it as a change."""
        raise NotImplementedError

    def focus_widget(self) -> QWidget:
        return self

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only

    def hint(self) -> str:
        return ""

    def add_hint(self, label: QWidget) -> None:
        """Place the key hint after the controls, wrapping with them."""
        layout = self.layout()
        if layout is not None:
            layout.addWidget(label)


class ChoiceInput(AnswerInput):
    """A row of points to pick from (1-5, 0-10 or Yes/No) plus N/A; the row takes the focus."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._value: float | None = None
        self._na = False
        self._last_one = 0.0
        kind = question.kind
        if kind is QuestionKind.YES_NO:
            options = [(1.0, self.tr("Yes")), (0.0, self.tr("No"))]
        else:
            low, high = question.scale or (1, 5)
            options = [(float(v), str(v)) for v in range(low, high + 1)]
        self._values = [v for v, _ in options]

        layout = FlowLayout(self, spacing=6)
        layout.setContentsMargins(2, 2, 2, 2)
        if kind is QuestionKind.BIPOLAR:
            layout.addWidget(mark(QLabel(self.tr("Scripted")), role="hint"))
        self._group = QButtonGroup(self)
        self._group.setExclusive(False)
        self.buttons: dict[float, QPushButton] = {}
        for value, label in options:
            button = mark(QPushButton(label), choice=True)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setMinimumWidth(64 if kind is QuestionKind.YES_NO else 38)
            anchor = question.anchor(value)
            if anchor:
                button.setToolTip(tooltip_text(anchor))
            button.clicked.connect(lambda _checked=False, v=value: self._clicked(v))
            self.buttons[value] = button
            layout.addWidget(button)
        if kind is QuestionKind.BIPOLAR:
            layout.addWidget(mark(QLabel(self.tr("Authentic")), role="hint"))
        self.na_button: QPushButton | None = None
        if question.allow_na:
            self.na_button = mark(QPushButton(self.tr("N/A")), choice="na")
            self.na_button.setCheckable(True)
            self.na_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.na_button.setToolTip(self.tr("Not applicable: left out of every score (A)"))
            self.na_button.clicked.connect(self._na_clicked)
            layout.addWidget(self.na_button)

    # -- state ----------------------------------------------------------------------

    def parts(self) -> tuple[float | None, str, bool]:
        return (None if self._na else self._value), "", self._na

    def set_parts(self, value: float | None, text: str, na: bool) -> None:
        self._value = None if na else value
        self._na = na
        self._show()

    def _show(self) -> None:
        for value, button in self.buttons.items():
            button.setChecked(not self._na and self._value == value)
        if self.na_button is not None:
            self.na_button.setChecked(self._na)

    def _choose(self, value: float | None, na: bool = False) -> None:
        if self.read_only:
            return
        if na and self.na_button is None:
            return
        if (value, na) == (self._value, self._na):
            self._show()
            return
        self._value, self._na = (None, True) if na else (value, False)
        self._show()
        self.changed.emit()

    def _clicked(self, value: float) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self._choose(value)

    def _na_clicked(self) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if self._na:
            self._choose(None)
        else:
            self._choose(None, na=True)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        for button in [*self.buttons.values(), self.na_button]:
            if button is not None:
                button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)

    # -- keyboard -------------------------------------------------------------------

    def hint(self) -> str:
        kind = self.question.kind
        na = self.question.allow_na
        if kind is QuestionKind.YES_NO:
            return self.tr("Y yes · N no") + (self.tr(" · A n/a") if na else "")
        if kind is QuestionKind.LIKELIHOOD:
            return self.tr("0–9 · 1 0 quickly for 10") + (self.tr(" · A n/a") if na else "")
        return self.tr("1–5") + (self.tr(" · A n/a") if na else "")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            super().keyPressEvent(event)
            return
        key = event.key()
        text = event.text().lower()
        kind = self.question.kind
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._step(-1 if key == Qt.Key.Key_Left else 1)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._choose(None)
        elif text == NA_KEY:
            self._choose(None, na=True)
        elif kind is QuestionKind.YES_NO and text in ("y", "n"):
            self._choose(1.0 if text == "y" else 0.0)
        elif text.isdigit() and len(text) == 1:
            self._digit(int(text))
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def _digit(self, digit: int) -> None:
        now = time.monotonic()
        if self.question.kind is QuestionKind.LIKELIHOOD:
            if digit == 0 and self._value == 1.0 and now - self._last_one <= TEN_WINDOW_S:
                self._choose(10.0)
                self._last_one = 0.0
                return
            self._last_one = now if digit == 1 else 0.0
        if float(digit) in self.buttons:
            self._choose(float(digit))

    def _step(self, delta: int) -> None:
        values = self._values  # in on-screen order, left to right
        if self._value is None:
            target = values[0] if delta > 0 else values[-1]
        else:
            i = values.index(self._value) + delta
            target = values[max(0, min(len(values) - 1, i))]
        self._choose(target)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self._set_focus_look(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._set_focus_look(False)

    def _set_focus_look(self, focused: bool) -> None:
        for button in [*self.buttons.values(), self.na_button]:
            if button is not None:
                button.setProperty("focusRow", focused)
                refresh_style(button)


_NUMBER = QRegularExpression(r"^\d{0,6}([.,]\d{0,2})?$")


class _NumberEdit(QLineEdit):
    """A line edit for numbers that turns "A" into "not applicable"."""

    na_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.text().lower() == NA_KEY and not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        ):
            self.na_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)


class NumberInput(AnswerInput):
    """Minutes, counts: typed in, with the unit and the target beside it."""

    immediate = False

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self._na = False
        layout = FlowLayout(self, spacing=8)
        layout.setContentsMargins(2, 2, 2, 2)
        self.edit = _NumberEdit()
        self.edit.setValidator(QRegularExpressionValidator(_NUMBER, self.edit))
        self.edit.setFixedWidth(110)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.setPlaceholderText("–")
        layout.addWidget(self.edit)
        if question.unit:
            layout.addWidget(plain(QLabel(question.unit)))
        self.na_button: QPushButton | None = None
        if question.allow_na:
            self.na_button = mark(QPushButton(self.tr("N/A")), choice="na")
            self.na_button.setCheckable(True)
            self.na_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.na_button.setToolTip(self.tr("Not applicable: left out of every score (A)"))
            self.na_button.clicked.connect(self._toggle_na)
            layout.addWidget(self.na_button)
        if question.target is not None:
            better = self.tr("or less") if question.better and question.better.value == "lower" \
                else self.tr("or more")
            unit = question.unit
            if question.target == 1 and unit.endswith("s"):
                unit = unit[:-1]  # "1 minute", not "1 minutes"
            target = f"{question.target:g} {unit}".strip()
            layout.addWidget(mark(QLabel(self.tr("target: {0} {1}").format(target, better)),
                                  role="hint"))
        self.setFocusProxy(self.edit)
        self.edit.textEdited.connect(self._edited)
        self.edit.na_pressed.connect(self._toggle_na)

    def focus_widget(self) -> QWidget:
        return self.edit

    def parts(self) -> tuple[float | None, str, bool]:
        if self._na:
            return None, "", True
        text = self.edit.text().replace(",", ".").strip(".")
        try:
            return (float(text) if text else None), "", False
        except ValueError:
            return None, "", False

    def set_parts(self, value: float | None, text: str, na: bool) -> None:
        self._na = na
        self.edit.setText("" if na or value is None else f"{value:g}")
        self.edit.setPlaceholderText(self.tr("N/A") if na else "–")
        if self.na_button is not None:
            self.na_button.setChecked(na)

    def _edited(self) -> None:
        if self._na and self.edit.text():
            self._na = False
            self.edit.setPlaceholderText("–")
            if self.na_button is not None:
                self.na_button.setChecked(False)
        self.changed.emit()

    def _toggle_na(self) -> None:
        if self.read_only or self.na_button is None:
            if self.na_button is not None:
                self.na_button.setChecked(self._na)
            return
        self.set_parts(None, "", not self._na)
        self.edit.setFocus()
        self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)
        if self.na_button is not None:
            self.na_button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)

    def hint(self) -> str:
        return self.tr("type a number") + (self.tr(" · A n/a") if self.question.allow_na else "")


class TextInput(AnswerInput):
    """Free text: what happened, in the evaluator's words."""

    immediate = False

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.setSpacing(2)
        self.edit = QPlainTextEdit()
        self.edit.setPlaceholderText(self.tr("Write what happened, in your own words…"))
        self.edit.setFixedHeight(76)
        self.edit.setTabChangesFocus(True)
        layout.addWidget(self.edit)
        self.setFocusProxy(self.edit)
        self._showing = False
        self.edit.textChanged.connect(self._edited)

    def focus_widget(self) -> QWidget:
        return self.edit

    def parts(self) -> tuple[float | None, str, bool]:
        return None, self.edit.toPlainText(), False

    def set_parts(self, value: float | None, text: str, na: bool) -> None:
        if self.edit.toPlainText() != text:
            self._showing = True
            self.edit.setPlainText(text)
            self._showing = False

    def _edited(self) -> None:
        if not self._showing:
            self.changed.emit()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)

    def hint(self) -> str:
        return self.tr("Ctrl+Enter to move on")

    def add_hint(self, label: QWidget) -> None:
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.addWidget(label, 0, Qt.AlignmentFlag.AlignRight)


def make_input(question: Question, parent: QWidget | None = None) -> AnswerInput:
    """The right control for a question's kind."""
    if question.kind is QuestionKind.NUMBER:
        return NumberInput(question, parent)
    if question.kind is QuestionKind.TEXT:
        return TextInput(question, parent)
    return ChoiceInput(question, parent)
