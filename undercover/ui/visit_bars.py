"""The bars around a visit's page: the header (where, when, status), a notice banner and
the footer (Back / Next, where you are, photos still being added)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.ui import style
from undercover.ui.labels import domain_label
from undercover.ui.plain_text import ElidedLabel, plain, tooltip_text
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession
from undercover.ui.visit_times import visit_when
from undercover.ui.visits_model import format_day


class VisitHeader(QFrame):
    """Back to the list, the location and visit facts, the status chip, Details, Edit and
    Export."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("header")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        self.back_to_list = mark(QPushButton(self.tr("← Visits")), flat=True)
        self.back_to_list.setToolTip(self.tr("Back to the list of visits (everything is saved)"))
        row.addWidget(self.back_to_list)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = mark(ElidedLabel(), role="heading")
        self.subtitle = mark(ElidedLabel(), role="muted")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        row.addLayout(titles, 1)
        self.status_chip = mark(QLabel(), role="chip")
        row.addWidget(self.status_chip)
        self.details_button = QPushButton(self.tr("Details…"))
        self.details_button.setToolTip(self.tr(
            "Location, date and times, channel, scenario and evaluator (Alt+Enter)"))
        row.addWidget(self.details_button)
        self.edit_button = QPushButton(self.tr("Edit visit"))
        self.edit_button.setToolTip(
            self.tr("Change this completed visit; the change is recorded with its time")
        )
        row.addWidget(self.edit_button)
        self.export_button = QPushButton(self.tr("Export findings…"))
        self.export_button.setToolTip(self.tr("A PDF of this visit's findings (Ctrl+P)"))
        row.addWidget(self.export_button)

    def refresh(self, session: VisitSession) -> None:
        visit = session.visit
        self.title.setText(session.location.name)
        self.title.setToolTip(tooltip_text(session.location.name))
        parts = [domain_label(visit.channel),
                 visit_when(visit.started_at, visit.ended_at) or format_day(visit.date)]
        if visit.evaluator_code:
            parts.append(visit.evaluator_code)
        if visit.scenario:
            scenario = visit.scenario if len(visit.scenario) < 90 else visit.scenario[:88] + "…"
            parts.append(scenario)
        self.subtitle.setText("  ·  ".join(parts))
        self.subtitle.setToolTip(tooltip_text(visit.scenario))
        if visit.completed and session.read_only:
            text, tone = self.tr("Completed · read-only"), "good"
        elif visit.completed:
            text, tone = self.tr("Completed · editing"), "warn"
        else:
            text, tone = self.tr("Draft"), "warn"
        self.status_chip.setText(text)
        self.status_chip.setProperty("tone", tone)
        style.refresh_style(self.status_chip)
        self.edit_button.setVisible(visit.completed and session.read_only)


class NoticeBanner(QFrame):
    """One line of news over the foot of the page (duplicates skipped, editing a completed visit).

    It floats over the page instead of taking a place in the layout: the page under the
    reader's eyes never moves when a notice comes or goes. At the foot, it leaves the
    section's title and the question in hand in view.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("banner")
        self._anchor: QWidget | None = None
        row = QHBoxLayout(self)
        row.setContentsMargins(14, 6, 8, 6)
        self.label = plain(QLabel())  # names files and photos as they are named
        self.label.setWordWrap(True)
        row.addWidget(self.label, 1)
        close = mark(QPushButton(self.tr("Dismiss")), flat=True)
        close.clicked.connect(self.hide)
        row.addWidget(close)
        self.hide()

    def float_over(self, anchor: QWidget) -> None:
        """Float over the foot of ``anchor`` (a sibling in the same parent), following it."""
        self._anchor = anchor
        anchor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._anchor and event.type() in (QEvent.Type.Resize, QEvent.Type.Move):
            self._place()
        return super().eventFilter(watched, event)

    def _place(self) -> None:
        anchor = self._anchor
        if anchor is None:
            return
        area = anchor.geometry()
        width = max(0, area.width() - 48)  # clear of the page's scroll bar
        height = max(self.heightForWidth(width) if self.hasHeightForWidth() else -1,
                     self.sizeHint().height())
        self.setGeometry(area.left() + 16, area.bottom() - height - 8, width, height)

    def show_text(self, text: str) -> None:
        self.label.setText(text)
        self._place()
        self.show()
        self.raise_()


class VisitFooter(QFrame):
    """Back and Next, which page this is, and the photos still being added."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("footer")
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 16, 8)
        self.back_button = QPushButton(self.tr("← Back"))
        # Tab reaches Back and Next (from the findings and summary pages); a click keeps
        # the focus on the question.
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.addWidget(self.back_button)
        self.position_label = mark(QLabel(), role="muted")
        row.addWidget(self.position_label)
        row.addStretch(1)
        self.intake_label = mark(QLabel(), role="muted")
        self.intake_bar = QProgressBar()
        self.intake_bar.setTextVisible(False)
        self.intake_bar.setFixedWidth(160)
        row.addWidget(self.intake_label)
        row.addWidget(self.intake_bar)
        row.addStretch(1)
        self.next_button = mark(QPushButton(), primary=True)
        self.next_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row.addWidget(self.next_button)

    def show_position(self, index: int, section_count: int) -> None:
        """Label Back, Next and the position for page ``index`` (sections, findings, summary)."""
        summary_index = section_count + 1
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < summary_index)
        if index < section_count - 1:
            self.next_button.setText(self.tr("Next →"))
        elif index == section_count - 1:
            self.next_button.setText(self.tr("Findings →"))
        else:
            self.next_button.setText(self.tr("Summary →"))
        if index < section_count:
            self.position_label.setText(
                self.tr("Section {0} of {1}").format(index + 1, section_count)
            )
        else:
            self.position_label.setText(
                self.tr("Findings") if index == section_count else self.tr("Summary")
            )

    def show_intake(self, done: int, total: int) -> None:
        running = total > 0 and done < total
        self.intake_label.setVisible(running)
        self.intake_bar.setVisible(running)
        if running:
            self.intake_label.setText(self.tr("Adding photos… {0} of {1}").format(done, total))
            self.intake_bar.setRange(0, total)
            self.intake_bar.setValue(done)
