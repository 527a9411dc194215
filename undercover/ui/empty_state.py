"""What a new user sees before the first visit: two big, friendly ways to begin."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from undercover.ui.style import mark


class EmptyState(QWidget):
    """Shown instead of an empty visit list: "Start a visit" or "Open the demo business"."""

    start_visit = Signal()
    open_demo = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        outer = QVBoxLayout(self)
        outer.addStretch(2)
        row = QHBoxLayout()
        row.addStretch(1)
        card = QFrame()
        card.setObjectName("card")
        card.setMaximumWidth(640)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(48, 40, 48, 40)
        layout.setSpacing(14)

        title = mark(QLabel(self.tr("Welcome to Undercover")), role="title")
        layout.addWidget(title)
        text = mark(
            QLabel(
                self.tr(
                    "See your business the way your customers do. Visit, phone or chat as a "
                    "customer would, then record what happened: the guided checklist scores "
                    "empathy, service and attention, your photos become evidence, and every "
                    "leak and missed opportunity turns into a clear finding."
                )
            ),
            role="muted",
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        layout.addSpacing(12)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        self.start_button = mark(
            QPushButton(self.tr("Start a visit")), primary=True, big=True
        )
        self.start_button.setToolTip(self.tr("Choose a location and begin the checklist (Ctrl+N)"))
        self.demo_button = mark(QPushButton(self.tr("Open the demo business")), big=True)
        self.demo_button.setToolTip(
            self.tr("A made-up coffee shop with three branches and a few months of visits")
        )
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.demo_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        note = mark(
            QLabel(
                self.tr(
                    "The demo business is kept in its own file, apart from your visits. "
                    "Everything you enter is saved as you type."
                )
            ),
            role="hint",
        )
        note.setWordWrap(True)
        layout.addWidget(note)

        row.addWidget(card, 3)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)
        outer.setAlignment(row, Qt.AlignmentFlag.AlignHCenter)

        self.start_button.clicked.connect(self.start_visit)
        self.demo_button.clicked.connect(self.open_demo)
