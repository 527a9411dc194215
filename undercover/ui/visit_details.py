"""Visit details: where, when and how a visit happened, changed after it was started.

Every change is written through at once, like the rest of the form: a choice as it
is made, typed text within a second, a time once it is typed (Enter, or the next
field) and makes sense with the other. A
completed visit opens read-only, as it does in the editor; "Edit visit" unlocks it
and each change then records when the visit was edited.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Channel, Visit
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.ui import dialogs
from undercover.ui.labels import domain_label
from undercover.ui.style import mark
from undercover.ui.visit_times import VisitTimesEdit, chain_focus

# Typed text is saved at most this long after the first unsaved keystroke.
TEXT_SAVE_MS = 700


def _plain(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


class VisitDetailsDialog(QDialog):
    """The details of one visit; ``changed`` names the fields just saved."""

    changed = Signal(list)  # field names, e.g. ["channel"]
    editing_started = Signal()  # a completed visit was unlocked here

    def __init__(
        self, store: Store, visit_id: str, editing: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.visit: Visit = store.visits.get(visit_id)
        self.changed_fields: set[str] = set()
        self._problem = ""
        self.setWindowTitle(self.tr("Visit details"))
        self.setMinimumWidth(540)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(mark(QLabel(self.tr("Visit details")), role="heading"))

        self.locked_banner = QFrame()
        self.locked_banner.setObjectName("banner")
        banner_row = QHBoxLayout(self.locked_banner)
        banner_row.setContentsMargins(12, 6, 8, 6)
        self.locked_label = _plain(QLabel(self.tr(
            "This visit is complete. Press Edit visit to change its details; the change "
            "is recorded with its time.")))
        banner_row.addWidget(self.locked_label, 1)
        self.edit_button = QPushButton(self.tr("Edit visit"))
        self.edit_button.clicked.connect(self.start_editing)
        banner_row.addWidget(self.edit_button)
        layout.addWidget(self.locked_banner)
        self.intro = mark(_plain(QLabel(self.tr(
            "Each change is saved as you make it. Reports print these times."))), role="muted")
        layout.addWidget(self.intro)

        form = QFormLayout()
        form.setSpacing(8)
        self.location = QComboBox()
        for location in store.locations.all():
            self.location.addItem(location.name, location.id)
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(domain_label(channel), channel.value)
        self.when = VisitTimesEdit()
        self.scenario = QPlainTextEdit()
        self.scenario.setPlaceholderText(self.tr("What did you do or ask?"))
        self.scenario.setFixedHeight(72)
        self.scenario.setTabChangesFocus(True)
        self.evaluator = QLineEdit()
        self.evaluator.setPlaceholderText(self.tr("Evaluator code, e.g. MS-014"))
        form.addRow(self.tr("Location"), self.location)
        form.addRow(self.tr("When"), self.when)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Scenario"), self.scenario)
        form.addRow(self.tr("Evaluator"), self.evaluator)
        layout.addLayout(form)
        chain_focus([self.location, *self.when.focus_chain(), self.channel, self.scenario,
                     self.evaluator])
        self.channel_note = mark(_plain(QLabel(self.tr(
            "The checklist shows the questions that apply to the new channel; answers "
            "already given are kept."))), role="muted")
        self.channel_note.hide()
        layout.addWidget(self.channel_note)

        self.problem = _plain(QLabel())
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)
        bottom = QHBoxLayout()
        self.saved_label = mark(QLabel(), role="muted")
        bottom.addWidget(self.saved_label, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter in a field finishes the field, not the dialog
        self.buttons.rejected.connect(self.reject)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self._text_timer = QTimer(self)
        self._text_timer.setSingleShot(True)
        self._text_timer.setInterval(TEXT_SAVE_MS)
        self._text_timer.timeout.connect(self.flush)
        self._show_visit()
        self.set_editable(editing or not self.visit.completed)

        self.location.currentIndexChanged.connect(self._location_chosen)
        self.channel.currentIndexChanged.connect(self._channel_chosen)
        self.when.changed.connect(self._times_typed)
        self.when.committed.connect(self._times_changed)
        self.scenario.textChanged.connect(self._text_typed)
        self.evaluator.textEdited.connect(self._text_typed)
        self.evaluator.editingFinished.connect(self.flush)
        self.location.setFocus()

    # -- showing --------------------------------------------------------------------------

    def _show_visit(self) -> None:
        visit = self.visit
        for widget in (self.location, self.channel, self.scenario, self.evaluator):
            widget.blockSignals(True)
        index = self.location.findData(visit.location_id)
        self.location.setCurrentIndex(index)
        self.channel.setCurrentIndex(self.channel.findData(visit.channel.value))
        self.scenario.setPlainText(visit.scenario)
        self.evaluator.setText(visit.evaluator_code)
        for widget in (self.location, self.channel, self.scenario, self.evaluator):
            widget.blockSignals(False)
        self.when.set_times(visit.started_at, visit.ended_at)

    @property
    def editable(self) -> bool:
        return self._editable

    def set_editable(self, editable: bool) -> None:
        self._editable = editable
        self.locked_banner.setVisible(not editable)
        self.intro.setVisible(editable)
        self.location.setEnabled(editable)
        self.channel.setEnabled(editable)
        self.scenario.setReadOnly(not editable)
        self.evaluator.setReadOnly(not editable)
        self.when.set_read_only(not editable)

    def start_editing(self) -> None:
        """Unlock a completed visit here, as Edit visit does in the editor."""
        if not self._editable:
            self.set_editable(True)
            self.editing_started.emit()
            self.location.setFocus()

    # -- writing --------------------------------------------------------------------------

    def _save(self, **changes: object) -> bool:
        """Write changes through; a refusal is shown in place and nothing is stored."""
        if not self._editable or not changes:
            return False
        try:
            self._store.visits.update(self.visit.id, **changes)
            fresh = self._store.visits.get(self.visit.id)  # deleted meanwhile: said plainly
        except UndercoverError as exc:
            self._show_problem(str(exc))
            return False
        for name in ("location_id", "channel", "scenario", "evaluator_code", "started_at",
                     "ended_at", "updated_at", "edited_at"):
            setattr(self.visit, name, getattr(fresh, name))
        problem = self._times_problem()  # times refused earlier are still not saved
        self._show_problem(problem, problem and self.tr("Not saved: {0}").format(problem))
        self.saved_label.setText(self.tr("Saved {0}").format(datetime.now().strftime("%H:%M:%S")))
        self.changed_fields.update(changes)
        self.changed.emit(sorted(changes))
        return True

    def _show_problem(self, text: str | None, shown: str | None = None) -> None:
        self._problem = text or ""
        self.problem.setText(shown or text or "")
        self.problem.setVisible(bool(text))

    def _location_chosen(self) -> None:
        chosen = self.location.currentData()
        if chosen != self.visit.location_id and not self._save(location_id=chosen):
            self._revert(self.location, self.visit.location_id)

    def _channel_chosen(self) -> None:
        chosen = self.channel.currentData()
        if chosen == self.visit.channel.value:
            return
        if self._save(channel=Channel(chosen)):
            self.channel_note.show()
        else:
            self._revert(self.channel, self.visit.channel.value)

    def _revert(self, combo: QComboBox, value: object) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(value))
        combo.blockSignals(False)

    def _times_typed(self) -> None:
        """While a time is typed, say at once if it cannot be right; save it when finished."""
        problem = self._times_problem()
        self._show_problem(problem, problem and self.tr("Not saved: {0}").format(problem))

    def _times_changed(self) -> None:
        problem = self._times_problem()
        if problem:
            self._show_problem(problem, self.tr("Not saved: {0}").format(problem))
            return
        self._save(**self._time_changes())

    def _times_problem(self) -> str | None:
        """Why the times shown, where they differ from those stored, cannot be saved."""
        changes = self._time_changes()
        if not changes:
            return None
        new = tuple(name for name, key in (("start", "started_at"), ("end", "ended_at"))
                    if key in changes)
        return self.when.problem(new=new)

    def _time_changes(self) -> dict[str, object]:
        shown = {"started_at": self.when.started_at(), "ended_at": self.when.ended_at()}
        return {k: v for k, v in shown.items() if v != getattr(self.visit, k)}

    def _text_typed(self) -> None:
        if self._editable and not self._text_timer.isActive():
            self._text_timer.start()

    def flush(self) -> None:
        """Save typed text not saved yet (the scenario, the evaluator code)."""
        self._text_timer.stop()
        changes: dict[str, object] = {}
        scenario = self.scenario.toPlainText().strip()
        if scenario != self.visit.scenario:
            changes["scenario"] = scenario
        code = self.evaluator.text().strip()
        if code != self.visit.evaluator_code:
            changes["evaluator_code"] = code
        self._save(**changes)

    # -- closing --------------------------------------------------------------------------

    def done(self, result: int) -> None:
        """Close, saving typed text and times; times that cannot be saved are named first."""
        self.flush()
        if self._editable and self._time_changes() and not self._times_problem():
            self._times_changed()
        pending = self._time_changes() if self._editable else {}
        if pending and not dialogs.confirm(
            self, self.tr("Times not saved"),
            self.tr("The times you entered are not saved. {0}").format(
                self._times_problem() or self._problem),
            self.tr("Close without them"),
        ):
            return
        super().done(result)
