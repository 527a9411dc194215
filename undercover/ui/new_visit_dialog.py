"""Starting a visit: where, how (in person, phone...), which checklist and what the scenario is.

The visit is created when the user presses Start, with the start time
recorded then; a new location can be typed in place, so a first visit needs
no trip to the settings.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Assessment, Channel, Location, Visit, now_iso
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui.labels import domain_label
from undercover.ui.plain_text import plain
from undercover.ui.style import mark

_NEW_LOCATION = "__new__"


class NewVisitDialog(QDialog):
    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.created_visit: Visit | None = None
        self.setWindowTitle(self.tr("New visit"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        heading = mark(QLabel(self.tr("Start a visit")), role="heading")
        layout.addWidget(heading)
        intro = mark(
            QLabel(self.tr("The start time is recorded when you press Start.")), role="muted"
        )
        layout.addWidget(intro)

        form = QFormLayout()
        form.setSpacing(8)
        self.location = QComboBox()
        locations = store.locations.all()
        for location in locations:
            self.location.addItem(location.name, location.id)
        self.location.addItem(self.tr("New location…"), _NEW_LOCATION)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name of the new location, e.g. Harbour Street"))
        self.new_address = QLineEdit()
        self.new_address.setPlaceholderText(self.tr("Address (optional)"))
        self.channel = QComboBox()
        for channel in Channel:
            self.channel.addItem(domain_label(channel), channel.value)
        self.checklist = QComboBox()
        default_key = store.settings.get(keys.DEFAULT_CHECKLIST) or DEFAULT_CHECKLIST
        for checklist in store.checklists.latest():
            self.checklist.addItem(
                f"{checklist.title} (v{checklist.version})", (checklist.key, checklist.version)
            )
            if checklist.key == default_key:
                self.checklist.setCurrentIndex(self.checklist.count() - 1)
        self.scenario = QPlainTextEdit()
        self.scenario.setPlaceholderText(
            self.tr("What will you do or ask? e.g. Buy a coffee and ask which cake goes with it")
        )
        self.scenario.setFixedHeight(72)
        self.scenario.setTabChangesFocus(True)
        self.evaluator = QLineEdit(store.settings.get(keys.EVALUATOR_CODE) or "")
        self.evaluator.setPlaceholderText(self.tr("Your evaluator code, e.g. MS-014"))

        form.addRow(self.tr("Location"), self.location)
        self.new_name_label = QLabel(self.tr("New location"))
        form.addRow(self.new_name_label, self.new_name)
        self.new_address_label = QLabel(self.tr("Address"))
        form.addRow(self.new_address_label, self.new_address)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Checklist"), self.checklist)
        form.addRow(self.tr("Scenario"), self.scenario)
        form.addRow(self.tr("Evaluator"), self.evaluator)
        # The reality check: the owner fills the same checklist as they believe a visit goes.
        self.self_assessment = QCheckBox(self.tr("Self-assessment (how I believe a visit goes)"))
        self.self_assessment.setToolTip(self.tr(
            "Kept out of every observed score; summaries set it beside what evaluators saw."))
        form.addRow("", self.self_assessment)
        layout.addLayout(form)

        self.problem = plain(QLabel())
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = mark(
            self.buttons.addButton(self.tr("Start visit"), QDialogButtonBox.ButtonRole.AcceptRole),
            primary=True,
        )
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.location.currentIndexChanged.connect(self._location_changed)
        self.new_name.textChanged.connect(self._check)
        self._location_changed()
        (self.new_name if not locations else self.scenario).setFocus()

    def _adding_location(self) -> bool:
        return self.location.currentData() == _NEW_LOCATION

    def _location_changed(self) -> None:
        adding = self._adding_location()
        for widget in (self.new_name, self.new_name_label, self.new_address,
                       self.new_address_label):
            widget.setVisible(adding)
        self._check()

    def _check(self) -> None:
        self.problem.hide()
        self.start_button.setEnabled(
            not self._adding_location() or bool(self.new_name.text().strip())
        )

    def accept(self) -> None:
        try:
            if self._adding_location():
                location = self._store.locations.add(
                    Location(self.new_name.text(), self.new_address.text().strip())
                )
                location_id = location.id
            else:
                location_id = self.location.currentData()
            key, version = self.checklist.currentData()
            now = now_iso()
            visit = Visit(
                location_id=location_id,
                checklist_key=key,
                checklist_version=version,
                channel=Channel(self.channel.currentData()),
                scenario=self.scenario.toPlainText().strip(),
                evaluator_code=self.evaluator.text().strip(),
                started_at=now,
                planned_start=now,
                assessment=(Assessment.SELF if self.self_assessment.isChecked()
                            else Assessment.OBSERVED),
            )
            self.created_visit = self._store.visits.create(visit)
        except UndercoverError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()
