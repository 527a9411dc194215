"""Completing a visit with suggested findings nobody looked at: ask before they are dropped.

Low answers on leak and missed-opportunity questions suggest findings; a suggestion
that was neither confirmed nor dismissed never becomes a finding. Completing the visit
would leave it out of the report's findings silently, so the evaluator is asked first.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

REVIEW, COMPLETE, CANCEL = "review", "complete", "cancel"


class UnreviewedBox(QMessageBox):
    """Review (the default), Complete anyway, or Cancel; ``choice`` says which, once closed."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setIcon(QMessageBox.Icon.Question)
        self.setWindowTitle(self.tr("Complete visit"))
        self.setTextFormat(Qt.TextFormat.PlainText)
        if count == 1:
            self.setText(self.tr("1 suggested finding is not reviewed."))
        else:
            self.setText(self.tr("{0} suggested findings are not reviewed.").format(count))
        self.setInformativeText(self.tr(
            "Completed now, they are not in the report as findings, only as low answers "
            "not raised. Review them to confirm or dismiss each one."))
        self.review_button = self.addButton(
            self.tr("Review findings"), QMessageBox.ButtonRole.AcceptRole)
        self.complete_button = self.addButton(
            self.tr("Complete anyway"), QMessageBox.ButtonRole.DestructiveRole)
        self.cancel_button = self.addButton(QMessageBox.StandardButton.Cancel)
        self.setDefaultButton(self.review_button)
        self.setEscapeButton(self.cancel_button)

    @property
    def choice(self) -> str:
        clicked = self.clickedButton()
        if clicked is self.review_button:
            return REVIEW
        if clicked is self.complete_button:
            return COMPLETE
        return CANCEL
