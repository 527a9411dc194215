"""Choosing between versions of a visit changed on two computers, part by part.

Only the parts that differ are listed (the visit's details, each answer, finding
and photo); for each, the owner picks the version to keep. Keeping writes one
new version that has seen all of them, so none comes back with a later import.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import Checklist
from undercover.domain.findings import describe_answer
from undercover.domain.times import local_clock, local_day, now_utc
from undercover.domain.visit import Answer
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.merge import combine, parts
from undercover.ui import dialogs
from undercover.ui.plain_text import button_text, plain

# Details that say when or where the evaluator was in the form, not what they recorded.
_BOOKKEEPING = {"updated_at", "edited_at", "current_section", "location_id"}


def _content(key: str, part: Any) -> Any:
    if part is None:
        return None
    if key == "visit":
        return {k: v for k, v in part.items() if k not in _BOOKKEEPING}
    return {k: v for k, v in part.items() if k != "updated_at"}


class ConflictDialog(QDialog):
    """One row per differing part, each with the versions to choose from."""

    def __init__(self, store: Store, visit_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.visit_id = visit_id
        main = store.merger.read(visit_id)
        if main is None:
            raise UndercoverError("That visit no longer exists.")
        self.versions = [main, *store.merger.conflicts(visit_id)]
        self.checklist = store.checklists.get(main["checklist_key"], main["checklist_version"])
        self.setWindowTitle(self.tr("Resolve conflict"))
        self.resize(760, 560)

        layout = QVBoxLayout(self)
        intro = QLabel(self.tr(
            "This visit was changed on two computers after it was sent. Both versions are "
            "kept. For each difference, choose the version to keep; the rest stays as shown."
        ))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.names = [self._version_name(n, v) for n, v in enumerate(self.versions)]
        form_widget = QWidget()
        form = QVBoxLayout(form_widget)
        self.choices: dict[str, QButtonGroup] = {}
        self.descriptions: dict[str, list[str]] = {}
        every = [parts(v) for v in self.versions]
        for key in self._ordered_keys(every):
            contents = [_content(key, p.get(key)) for p in every]
            if all(c == contents[0] for c in contents):
                continue
            box = QGroupBox(button_text(self._label(key, every)))
            rows = QVBoxLayout(box)
            group = QButtonGroup(box)
            self.descriptions[key] = []
            for n, version in enumerate(every):
                text = self._describe(key, version.get(key))
                self.descriptions[key].append(text)
                button = QRadioButton(button_text(self.names[n]))
                button.setChecked(n == 0)
                group.addButton(button, n)
                label = plain(QLabel(text))
                label.setWordWrap(True)
                label.setContentsMargins(24, 0, 0, 6)
                rows.addWidget(button)
                rows.addWidget(label)
            self.choices[key] = group
            form.addWidget(box)
        form.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_widget)
        layout.addWidget(scroll)
        buttons = QDialogButtonBox()
        self.keep_button = buttons.addButton(
            self.tr("Keep these"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.keep)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _version_name(self, n: int, version: dict) -> str:
        when = f"{local_day(version['updated_at'])} {local_clock(version['updated_at'])}"
        who = version["evaluator_code"] or self.tr("no evaluator code")
        if n == 0:
            return self.tr("Shown ({0}, {1})").format(who, when)
        return self.tr("Other ({0}, {1})").format(who, when)

    def _ordered_keys(self, every: list[dict]) -> list[str]:
        found = {k for p in every for k in p}
        order = ["visit"] + [f"answer:{q.id}" for q in self.checklist.questions]
        order += sorted(k for k in found if k.startswith("finding:"))
        order += sorted(k for k in found if k.startswith("photo:"))
        order += sorted(found - set(order))
        return [k for k in order if k in found]

    def _label(self, key: str, every: list[dict]) -> str:
        kind, _, ident = key.partition(":")
        if kind == "visit":
            return self.tr("Details")
        if kind == "answer":
            return self._question_text(ident)
        part = next(p[key] for p in every if key in p)
        if kind == "finding":
            return self.tr("Finding")
        return self.tr("Photo {0}").format(part["file_name"])

    def _question_text(self, question_id: str) -> str:
        try:
            return self.checklist.question(question_id).text
        except (KeyError, ValueError):
            return question_id

    def _describe(self, key: str, part: Any) -> str:
        if part is None:
            return self.tr("not in this version")
        kind, _, ident = key.partition(":")
        if kind == "answer":
            answer = Answer(ident, part["value"], part["text"], part["na"], part["note"])
            text = _describe_answer(self.checklist, ident, answer)
            return f"{text} · {part['note']}" if part["note"] else text
        if kind == "finding":
            return part["summary"] or self.tr("(no summary)")
        if kind == "photo":
            return part["caption"] or self.tr("photo")
        started = part["started_at"]
        when = f"{local_day(started)} {local_clock(started)}" if started else self.tr("no time")
        status = self.tr("completed") if part["status"] == "completed" else self.tr("draft")
        scenario = part["scenario"] or self.tr("(no scenario)")
        return self.tr("{0} · {1} · started {2}").format(scenario, status, when)

    def keep(self) -> None:
        record = self.versions[0]
        for n, other in enumerate(self.versions[1:], 1):
            take = [k for k, group in self.choices.items() if group.checkedId() == n]
            record = combine(record, other, take)
        try:
            self.store.merger.resolve(
                self.visit_id, record, self.store.settings.get(keys.MACHINE_ID), now_utc()
            )
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            return
        self.accept()


def _describe_answer(checklist: Checklist, question_id: str, answer: Answer) -> str:
    try:
        question = checklist.question(question_id)
    except (KeyError, ValueError):
        return answer.text or ("N/A" if answer.na else f"{answer.value:g}")
    return describe_answer(question, answer)
