"""One question on a checklist page: its text, help, answer, anchor, note and photos.

The card owns the keyboard flow around its answer (Enter and Tab move on,
Shift+Tab goes back, F2 jumps to the note, F3 adds photos, F4 shows them)
and the timing of saves: picked points are saved at once, typed text after
a short pause or when the focus leaves, so a half-typed word is never lost
for long and never written on every keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent, QKeyEvent, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import Question, QuestionKind
from undercover.domain.scoring import LOW_SCORE, question_score
from undercover.domain.visit import Answer, Photo
from undercover.ui.answer_widgets import AnswerInput, make_input
from undercover.ui.note_edit import NoteEdit
from undercover.ui.photos import PhotoStrip, accept_photo_drop
from undercover.ui.style import mark, refresh_style

SAVE_DELAY_MS = 300  # typing paused this long: save
SAVE_MAX_WAIT_MS = 800  # however fast the typing, save this long after the first unsaved key


class QuestionCard(QFrame):
    answer_changed = Signal(object)  # Answer, to be written through
    advance = Signal()  # Enter or Tab: on to the next question
    retreat = Signal()  # Shift+Tab: back to the previous one
    photos_dropped = Signal(list)  # list[Path] dropped on this question
    add_photos_clicked = Signal()
    photo_clicked = Signal(str)  # photo id

    def __init__(
        self,
        number: int,
        question: Question,
        answer: Answer | None,
        photos: list[Photo],
        thumbnail: Callable[[str], QPixmap],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.setAcceptDrops(True)
        self.question = question
        self.read_only = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self._emit_answer)
        # Each key restarts the pause timer; this one is not restarted, so steady typing
        # is still saved within a second (a crash then loses at most that second).
        self._max_wait = QTimer(self)
        self._max_wait.setSingleShot(True)
        self._max_wait.setTimerType(Qt.TimerType.PreciseTimer)
        self._max_wait.setInterval(SAVE_MAX_WAIT_MS)
        self._max_wait.timeout.connect(self._emit_answer)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 14)
        layout.setSpacing(6)

        top = QHBoxLayout()
        top.setSpacing(8)
        self.number_label = mark(QLabel(f"{number}."), role="question")
        self.number_label.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text_label = mark(QLabel(question.text), role="question")
        self.text_label.setWordWrap(True)
        top.addWidget(self.number_label, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text_label, 1)
        if question.required:
            chip = mark(QLabel(self.tr("Required")), role="chip", tone="warn")
            chip.setToolTip(self.tr("Needed before the visit can be completed"))
            top.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        if question.critical:
            chip = mark(QLabel(self.tr("⚑ Critical")), role="chip", tone="bad")
            chip.setToolTip(self.tr("A bad answer here flags the whole visit"))
            top.addWidget(chip, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        if question.help:
            self.help_label = mark(QLabel(question.help), role="help")
            self.help_label.setWordWrap(True)
            layout.addWidget(self.help_label)

        self.input: AnswerInput = make_input(question)
        self.hint_label = mark(QLabel(self.input.hint()), role="hint")
        self.input.add_hint(self.hint_label)  # wraps with the points on a narrow window
        layout.addWidget(self.input)

        self.anchor_label = mark(QLabel(), role="anchor")
        self.anchor_label.setWordWrap(True)
        layout.addWidget(self.anchor_label)

        bottom = QHBoxLayout()
        bottom.setSpacing(8)
        self.note = NoteEdit(min_lines=1, max_lines=5)
        self.note.setPlaceholderText(self.tr("Note (F2): what you saw or heard…"))
        self.note.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.note.setClearButtonEnabled(True)
        bottom.addWidget(self.note, 1)
        self.add_photos_button = QPushButton(self.tr("Add photos…"))
        self.add_photos_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # F3 from the keyboard
        self.add_photos_button.setToolTip(
            self.tr("F3; or drop photo files on this question. F4 shows its photos.")
        )
        bottom.addWidget(self.add_photos_button)
        layout.addLayout(bottom)

        self.photo_strip = PhotoStrip(thumbnail, edge=64, wrap=True)
        self.photo_strip.set_photos(photos)
        layout.addWidget(self.photo_strip)

        self.set_answer(answer or Answer(question.id))

        self.input.changed.connect(self._input_changed)
        self.note.textEdited.connect(lambda _text: self._save_later())
        self.add_photos_button.clicked.connect(self.add_photos_clicked)
        self.photo_strip.photo_clicked.connect(self.photo_clicked)
        self.input.focus_widget().installEventFilter(self)
        self.note.installEventFilter(self)

    # -- the answer -----------------------------------------------------------------

    def answer(self) -> Answer:
        value, text, na = self.input.parts()
        return Answer(self.question.id, value=value, text=text, na=na, note=self.note.text())

    def set_answer(self, answer: Answer) -> None:
        """Show a stored answer (on opening, or after undo) without saving it again."""
        self._save_timer.stop()
        self._max_wait.stop()
        self.input.set_parts(answer.value, answer.text, answer.na)
        if self.note.text() != answer.note:
            self.note.setText(answer.note)
        self._show_anchor()

    def _input_changed(self) -> None:
        self._show_anchor()
        if self.input.immediate:
            self._emit_answer()
        else:
            self._save_later()

    def _save_later(self) -> None:
        """After a pause in typing, and at the latest SAVE_MAX_WAIT_MS after the first key."""
        self._save_timer.start()
        if not self._max_wait.isActive():
            self._max_wait.start()

    @property
    def unsaved(self) -> bool:
        """Something typed here is waiting for the pause before it is saved."""
        return self._save_timer.isActive() or self._max_wait.isActive()

    def flush(self) -> None:
        """Save now anything typed but not yet saved (focus moves, page changes, closing)."""
        if self._save_timer.isActive() or self._max_wait.isActive():
            self._emit_answer()

    def _emit_answer(self) -> None:
        self._save_timer.stop()
        self._max_wait.stop()
        if not self.read_only:
            self.answer_changed.emit(self.answer())

    def _show_anchor(self) -> None:
        value, _text, na = self.input.parts()
        q = self.question
        text = ""
        if na:
            text = self.tr("Not applicable: left out of the scores")
        elif value is not None:
            if q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
                anchor = q.anchor(value)
                text = f"{value:g} of 5" + (f" — {anchor}" if anchor else "")
            elif q.kind is QuestionKind.LIKELIHOOD:
                text = self.tr("{0} of 10").format(f"{value:g}")
            elif q.kind is QuestionKind.YES_NO and (value >= 0.5) != q.good_answer:
                text = self.tr("Not what a customer should get")
            elif q.kind is QuestionKind.NUMBER and q.target is not None:
                score = question_score(q, Answer(q.id, value=value))
                if score is not None and score < LOW_SCORE:
                    text = self.tr("Well short of the target")
                elif score is not None and score >= 100:
                    text = self.tr("On target")
        self.anchor_label.setText(text)
        self.anchor_label.setVisible(bool(text))

    # -- photos ---------------------------------------------------------------------

    def add_photo(self, photo: Photo) -> None:
        self.photo_strip.add_photo(photo)

    def remove_photo(self, photo_id: str) -> None:
        self.photo_strip.remove_photo(photo_id)

    def update_photo(self, photo: Photo) -> None:
        self.photo_strip.update_photo(photo)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if accept_photo_drop(event, self.read_only):
            self._set_property("current", True)

    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._set_property("current", self.input.focus_widget().hasFocus())
        super().dragLeaveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        files = accept_photo_drop(event, self.read_only)
        if files:
            self.photos_dropped.emit(files)

    # -- focus and keys -------------------------------------------------------------

    def focus_answer(self) -> None:
        self.input.focus_widget().setFocus(Qt.FocusReason.TabFocusReason)

    def has_focus_inside(self) -> bool:
        return self.input.focus_widget().hasFocus() or self.note.hasFocus()

    def set_read_only(self, read_only: bool) -> None:
        self.flush()
        self.read_only = read_only
        self.input.set_read_only(read_only)
        self.note.setReadOnly(read_only)
        self.add_photos_button.setVisible(not read_only)
        self.hint_label.setVisible(not read_only)
        self.note.setVisible(not read_only or bool(self.note.text()))
        placeholder = "" if read_only else self.tr("Note (F2): what you saw or heard…")
        self.note.setPlaceholderText(placeholder)

    def _set_property(self, name: str, value: object) -> None:
        if self.property(name) != value:
            self.setProperty(name, value)
            refresh_style(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn:
            self._set_property("current", True)
        elif kind == QEvent.Type.FocusOut:
            self._set_property("current", False)
            self.flush()
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._key(watched, event)
        return super().eventFilter(watched, event)

    def _key(self, watched: QObject, event: QKeyEvent) -> bool:
        key = event.key()
        ctrl = bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Backtab or (
            key == Qt.Key.Key_Tab and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        ):
            self.flush()
            self.retreat.emit()
            return True
        if key == Qt.Key.Key_Tab and not ctrl:
            self.flush()
            self.advance.emit()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if watched is self.note and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                return False  # a new line in the note; plain Enter moves on
            if isinstance(watched, QPlainTextEdit) and watched is not self.note and not ctrl:
                return False  # a new line in free text; Ctrl+Enter moves on
            self.flush()
            self.advance.emit()
            return True
        if key == Qt.Key.Key_F2 and watched is not self.note and not self.read_only:
            self.note.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return True
        if key == Qt.Key.Key_F3 and not self.read_only:
            self.flush()
            self.add_photos_clicked.emit()
            return True
        if key == Qt.Key.Key_F4 and self.photo_strip.count():
            self.photo_clicked.emit(self.photo_strip.photo_ids()[0])
            return True
        if key == Qt.Key.Key_Escape and watched is self.note:
            self.focus_answer()
            return True
        return False
