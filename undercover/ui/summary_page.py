"""The visit's summary: scores, the scripted-versus-authentic reading, flags, what needs work.

Completing the visit happens here, once the required questions are answered.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QMouseEvent, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import Pillar
from undercover.domain.findings import actions
from undercover.domain.times import local_clock, local_day
from undercover.domain.visit import Assessment, FindingStatus
from undercover.ui import style
from undercover.ui.checklist_page import CONTENT_WIDTH
from undercover.ui.labels import domain_label
from undercover.ui.plain_text import button_text, plain, tooltip_text
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession
from undercover.ui.visit_times import visit_when
from undercover.ui.visits_model import format_day


class ScoreBar(QWidget):
    """A label, a horizontal bar coloured by how good the score is, and the number."""

    clicked = Signal()

    def __init__(self, label: str, score: float | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = label
        self.score = score
        self.label_width = 250
        self.setMinimumHeight(26)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(400, 26)

    def set_score(self, score: float | None) -> None:
        self.score = score
        self.setToolTip("" if score is None else tooltip_text(f"{self.label}: {score:.0f}/100"))
        self.update()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked.emit()
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect()
        metrics = painter.fontMetrics()
        label_rect = QRectF(0, 0, self.label_width - 12, rect.height())
        painter.setPen(QColor(style.TEXT))
        painter.drawText(
            label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            metrics.elidedText(self.label, Qt.TextElideMode.ElideRight, int(label_rect.width())),
        )
        value_width = 44
        bar = QRectF(
            self.label_width, rect.height() / 2 - 5,
            max(10, rect.width() - self.label_width - value_width - 8), 10,
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#e6e9ed"))
        painter.drawRoundedRect(bar, 5, 5)
        if self.score is not None:
            filled = QRectF(bar)
            filled.setWidth(max(10.0, bar.width() * self.score / 100))
            painter.setBrush(QColor(style.score_color(self.score)))
            painter.drawRoundedRect(filled, 5, 5)
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor(style.score_color(self.score)))
        painter.drawText(
            QRectF(rect.width() - value_width, 0, value_width, rect.height()),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            "–" if self.score is None else f"{self.score:.0f}",
        )
        painter.end()


def _card(title: str) -> tuple[QFrame, QVBoxLayout]:
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(18, 14, 18, 16)
    layout.setSpacing(8)
    if title:
        layout.addWidget(mark(QLabel(title), role="heading"))
    return card, layout


def _when(iso: str | None) -> str:
    if not iso:
        return ""
    return f"{format_day(local_day(iso))} {local_clock(iso)}".strip()


class SummaryPage(QScrollArea):
    go_to_section = Signal(int)
    go_to_question = Signal(str)
    go_to_findings = Signal()

    def __init__(self, session: VisitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.session = session
        self._stale = False

        content = QWidget()
        content.setObjectName("pageContent")
        outer = QHBoxLayout(content)
        outer.setContentsMargins(24, 20, 24, 24)
        holder = QWidget()
        holder.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(12)
        outer.addStretch(1)
        outer.addWidget(holder, 20)
        outer.addStretch(1)

        column.addWidget(mark(QLabel(self.tr("SUMMARY")), role="hint"))
        column.addWidget(mark(QLabel(self.tr("How the visit went")), role="title"))

        # Overall score beside the one sentence that matters most.
        top, top_layout = _card("")
        row = QHBoxLayout()
        row.setSpacing(24)
        score_box = QVBoxLayout()
        score_box.setSpacing(0)
        score_box.addWidget(mark(QLabel(self.tr("Overall")), role="muted"))
        self.overall = mark(QLabel("–"), role="big")
        score_box.addWidget(self.overall)
        self.answered = mark(QLabel(), role="muted")
        score_box.addWidget(self.answered)
        row.addLayout(score_box)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setStyleSheet(f"color: {style.BORDER};")
        row.addWidget(line)
        work_box = QVBoxLayout()
        work_box.addWidget(mark(QLabel(self.tr("Which part of the model needs work")),
                                role="muted"))
        self.needs_work = mark(QLabel(), role="question")  # a sentence with its evidence
        self.needs_work.setWordWrap(True)
        work_box.addWidget(self.needs_work)
        self.status_line = mark(QLabel(), role="hint")
        work_box.addWidget(self.status_line)
        work_box.addStretch(1)
        row.addLayout(work_box, 1)
        top_layout.addLayout(row)
        column.addWidget(top)

        # Critical flags and what still blocks completing.
        self.flags = QFrame()
        self.flags.setObjectName("badBanner")
        flags_layout = QVBoxLayout(self.flags)
        flags_layout.setContentsMargins(14, 10, 14, 10)
        self.flags_label = plain(QLabel())
        self.flags_label.setWordWrap(True)
        self.flags_label.setStyleSheet(f"color: {style.BAD};")
        flags_layout.addWidget(self.flags_label)
        column.addWidget(self.flags)

        self.missing = QFrame()
        self.missing.setObjectName("banner")
        self.missing_layout = QVBoxLayout(self.missing)
        self.missing_layout.setContentsMargins(14, 10, 14, 10)
        self.missing_layout.setSpacing(2)
        column.addWidget(self.missing)

        # Pillars and authenticity side by side.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        pillars, pillars_layout = _card(self.tr("The three pillars"))
        self.pillar_bars: dict[Pillar, ScoreBar] = {}
        for pillar in Pillar:
            bar = ScoreBar(domain_label(pillar))
            bar.label_width = 150
            self.pillar_bars[pillar] = bar
            pillars_layout.addWidget(bar)
        self.belief_label = mark(QLabel(), role="muted")
        self.belief_label.setWordWrap(True)
        pillars_layout.addWidget(self.belief_label)
        pillars_layout.addStretch(1)
        grid.addWidget(pillars, 0, 0)
        # The reality check: the owner's self-assessments, read once (they do not change here).
        self._belief, self._beliefs = session.store.visits.pillar_averages(Assessment.SELF)
        authentic, authentic_layout = _card(self.tr("Scripted or authentic"))
        self.authenticity_label = mark(QLabel(), role="question")
        self.authenticity_sentence = mark(QLabel(), role="help")
        self.authenticity_sentence.setWordWrap(True)
        self.authenticity_bar = ScoreBar(self.tr("Authenticity"))
        self.authenticity_bar.label_width = 110
        authentic_layout.addWidget(self.authenticity_label)
        authentic_layout.addWidget(self.authenticity_sentence)
        authentic_layout.addWidget(self.authenticity_bar)
        authentic_layout.addStretch(1)
        grid.addWidget(authentic, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        column.addLayout(grid)

        sections, sections_layout = _card(self.tr("Sections"))
        self.section_bars: list[ScoreBar] = []
        for i, section in enumerate(session.checklist.sections):
            bar = ScoreBar(section.title)
            bar.setCursor(Qt.CursorShape.PointingHandCursor)
            bar.clicked.connect(lambda i=i: self.go_to_section.emit(i))
            self.section_bars.append(bar)
            sections_layout.addWidget(bar)
        column.addWidget(sections)

        served, served_layout = _card(self.tr("Who served you"))
        self.served_by = QLineEdit(session.visit.served_by)
        self.served_by.setPlaceholderText(
            self.tr("Name badge or a short description, to recognise them (optional)"))
        self.served_by.editingFinished.connect(self._save_served_by)
        served_layout.addWidget(self.served_by)
        column.addWidget(served)

        actions, actions_layout = _card(self.tr("What to do next"))
        self.actions_label = plain(QLabel())
        self.actions_label.setWordWrap(True)
        actions_layout.addWidget(self.actions_label)
        findings_row = QHBoxLayout()
        self.findings_line = mark(QLabel(), role="muted")
        findings_row.addWidget(self.findings_line, 1)
        self.review_button = mark(QPushButton(self.tr("Review findings")), flat=True)
        self.review_button.clicked.connect(self.go_to_findings)
        findings_row.addWidget(self.review_button)
        actions_layout.addLayout(findings_row)
        column.addWidget(actions)

        bottom = QHBoxLayout()
        self.complete_hint = mark(QLabel(), role="muted")
        self.complete_hint.setWordWrap(True)
        bottom.addWidget(self.complete_hint, 1)
        self.complete_button = mark(QPushButton(self.tr("Complete visit")), primary=True, big=True)
        bottom.addWidget(self.complete_button)
        column.addLayout(bottom)
        column.addStretch(1)
        self.setWidget(content)

        for signal in (session.answer_saved, session.findings_changed, session.status_changed,
                       session.read_only_changed):
            signal.connect(self._changed)
        self.refresh()

    def _changed(self, *_args: object) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _save_served_by(self) -> None:
        text = self.served_by.text().strip()
        visit = self.session.visit
        if text != visit.served_by and not self.session.read_only:
            self.session.store.visits.update(visit.id, served_by=text)
            visit.served_by = text

    def _belief_text(self) -> str:
        """Belief beside what this visit showed, pillar by pillar."""
        if self.session.visit.assessment is Assessment.SELF:
            return self.tr("A self-assessment: how you believe a visit goes. It is kept out of "
                           "every observed score and set beside them in summaries.")
        if not self._beliefs:
            return self.tr("No self-assessment yet: start one from New visit to compare what "
                           "you believe with what customers experience.")
        n = self._beliefs
        lines = [self.tr("Belief (your self-assessment) against this visit:") if n == 1
                 else self.tr("Belief (your %n self-assessments) against this visit:", "", n)]
        for pillar in Pillar:
            believed = self._belief.get(pillar)
            seen = self.session.scorecard.pillars.get(pillar)
            if believed is None or seen is None:
                continue
            gap = believed - seen
            if abs(gap) < 5:
                words = self.tr("about as believed")
            elif gap > 0:
                words = self.tr("{0} lower than believed").format(f"{gap:.0f}")
            else:
                words = self.tr("{0} higher than believed").format(f"{-gap:.0f}")
            lines.append(self.tr("{0}: believed {1}, seen {2}, {3}").format(
                domain_label(pillar), f"{believed:.0f}", f"{seen:.0f}", words))
        return "\n".join(lines)

    def refresh(self) -> None:
        self._stale = False
        session = self.session
        card = session.scorecard
        visit = session.visit
        headline = card.headline
        self.overall.setText("–" if headline is None else f"{headline:.0f}")
        self.overall.setStyleSheet(f"color: {style.score_color(headline)};")
        answered = self.tr("{0} of {1} scored questions answered").format(
            card.scored_answered, card.scored_total)
        if not card.enough:
            answered += self.tr(": not enough for a score yet")
        self.answered.setText(answered)
        self.needs_work.setText(card.needs_work)
        when = visit_when(visit.started_at, visit.ended_at)
        status = self.tr("Completed") if visit.completed else self.tr("Draft")
        if when:
            status += self.tr(" · visit on {0}").format(when)
        if visit.completed and visit.edited_at:
            status += self.tr(" · edited {0}").format(_when(visit.edited_at))
        self.status_line.setText(status)

        failures = [session.checklist.question(qid).text for qid in card.critical_failures]
        self.flags.setVisible(bool(failures))
        self.flags_label.setText(
            self.tr("⚑ Critical: this visit is flagged whatever its average, because of:")
            + "".join(f"\n  •  {text}" for text in failures)
        )

        while self.missing_layout.count():
            item = self.missing_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        missing = session.missing_required()
        self.missing.setVisible(bool(missing) and not visit.completed)
        if missing:
            self.missing_layout.addWidget(
                QLabel(self.tr("Answer these required questions before completing the visit:"))
            )
            for question in missing:
                link = mark(QPushButton(button_text(question.text)), flat=True)
                link.setStyleSheet("text-align: left; padding: 2px 0;")
                link.clicked.connect(lambda _=False, qid=question.id: self.go_to_question.emit(qid))
                self.missing_layout.addWidget(link)

        for pillar, bar in self.pillar_bars.items():
            bar.set_score(card.pillars.get(pillar))
        self.belief_label.setText(self._belief_text())
        reading = card.authenticity
        self.authenticity_label.setText(reading.label)
        self.authenticity_sentence.setText(reading.sentence)
        self.authenticity_bar.set_score(reading.score)
        for bar, section in zip(self.section_bars, session.checklist.sections, strict=True):
            bar.set_score(card.sections.get(section.id))

        chosen = actions(session.checklist, session.answers, session.findings)
        self.actions_label.setText(
            "\n".join(self.tr("{0}.  {1}\n      Because: {2}").format(i, a.text, a.evidence)
                      for i, a in enumerate(chosen, 1))
            or self.tr("Nothing stands out yet: answer more questions or confirm findings.")
        )
        confirmed = [f for f in session.findings if f.status is FindingStatus.CONFIRMED]
        leaks = sum(1 for f in confirmed if f.kind.value == "leak")
        waiting = 0 if visit.completed else len(session.suggestions())
        missed = len(confirmed) - leaks
        line = self.tr("{0} and {1} confirmed").format(
            self.tr("%n leak", "", leaks) if leaks == 1 else self.tr("%n leaks", "", leaks),
            self.tr("%n missed opportunity", "", missed) if missed == 1
            else self.tr("%n missed opportunities", "", missed),
        )
        if waiting:
            line += (self.tr(" · %n suggestion waiting", "", waiting) if waiting == 1
                     else self.tr(" · %n suggestions waiting", "", waiting))
        self.findings_line.setText(line)

        self.served_by.setReadOnly(session.read_only)
        self.complete_button.setVisible(not visit.completed)
        self.complete_button.setEnabled(not missing)
        if visit.completed:
            self.complete_hint.setText(
                self.tr("This visit is complete. Use Edit visit at the top to change it; "
                        "the change is recorded with its time.")
            )
        elif missing:
            self.complete_hint.setText(
                self.tr("%n required question still to answer.", "", len(missing))
                if len(missing) == 1
                else self.tr("%n required questions still to answer.", "", len(missing))
            )
        else:
            self.complete_hint.setText(
                self.tr("Completing records the end time; the visit then opens read-only.")
            )
