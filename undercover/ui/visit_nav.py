"""The visit's side panel: every section with how far along it is, findings and summary.

Moving around is never blocked; the panel only shows what is still open
(answered counts, a dot where a required question waits, new suggestions).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from undercover.ui import style
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession

Index = QModelIndex | QPersistentModelIndex
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
TONE_ROLE = Qt.ItemDataRole.UserRole + 2
_TONES = {"done": style.GOOD, "todo": style.MUTED, "required": style.BAD, "info": style.ACCENT}


class NavDelegate(QStyledItemDelegate):
    """A section's title on the left and how far along it is on the right ("2/6", "✓")."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        detail = index.data(DETAIL_ROLE) or ""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = opt.widget
        title = opt.text
        opt.text = ""
        widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        rect = option.rect.adjusted(10, 0, -10, 0)
        detail_width = painter.fontMetrics().horizontalAdvance(detail) + 4 if detail else 0
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.setPen(QColor(style.ACCENT_DARK if selected else style.TEXT))
        text_rect = QRect(rect.left(), rect.top(), rect.width() - detail_width - 6, rect.height())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
            painter.fontMetrics().elidedText(title, Qt.TextElideMode.ElideRight, text_rect.width()),
        )
        if detail:
            painter.setPen(QColor(_TONES.get(index.data(TONE_ROLE), style.MUTED)))
            painter.drawText(
                rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, detail
            )
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), 34))


class SectionNav(QFrame):
    """The side panel; ``nav.currentRowChanged`` says which page the evaluator picked."""

    def __init__(self, session: VisitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        section_count = len(session.checklist.sections)
        self.findings_index = section_count
        self.summary_index = section_count + 1
        self.setObjectName("sidePanel")
        self.setFixedWidth(280)
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 16, 12, 12)
        column.setSpacing(8)
        self.progress_label = mark(QLabel(), role="muted")
        column.addWidget(self.progress_label)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        column.addWidget(self.progress_bar)
        column.addSpacing(6)
        self.nav = QListWidget()
        self.nav.setObjectName("sectionNav")
        self.nav.setItemDelegate(NavDelegate(self.nav))
        self.nav.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.nav.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # The delegate shortens a long section title with "…": never a sideways scroll bar.
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for i, section in enumerate(session.checklist.sections, 1):
            self.nav.addItem(QListWidgetItem(f"{i}. {section.title}"))
        self.nav.addItem(QListWidgetItem(self.tr("Findings")))
        self.nav.addItem(QListWidgetItem(self.tr("Summary")))
        column.addWidget(self.nav, 1)
        self.undo_hint = mark(
            QLabel(self.tr("Ctrl+Z puts back the previous answer")), role="hint"
        )
        column.addWidget(self.undo_hint)

    def select(self, row: int) -> None:
        """Show ``row`` as the current page without announcing it as a click."""
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(row)
        self.nav.blockSignals(False)

    def refresh(self) -> None:
        """Counts, required dots, new suggestions and the overall score, from the session."""
        session = self.session
        answers = session.answers
        answered_total = 0
        for i, section in enumerate(session.checklist.sections):
            questions = section.questions
            answered = sum(1 for q in questions if (a := answers.get(q.id)) and a.given)
            answered_total += answered
            missing = any(
                q.required and not ((a := answers.get(q.id)) and a.given and not a.na)
                for q in questions
            )
            item = self.nav.item(i)
            if answered == len(questions):
                detail, tone = "✓", "done"
            else:
                detail, tone = f"{answered}/{len(questions)}", "required" if missing else "todo"
                if missing:
                    detail = "• " + detail
            item.setData(DETAIL_ROLE, detail)
            item.setData(TONE_ROLE, tone)
            tip = self.tr("{0} of {1} answered").format(answered, len(questions))
            if missing:
                tip += self.tr("; a required question is still open")
            item.setToolTip(tip)
        total = session.scorecard.total
        self.progress_label.setText(
            self.tr("{0} of {1} questions answered").format(answered_total, total)
        )
        self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(answered_total)
        waiting = 0 if session.read_only else len(session.suggestions())
        findings = self.nav.item(self.findings_index)
        findings.setData(DETAIL_ROLE, self.tr("{0} new").format(waiting) if waiting else "")
        findings.setData(TONE_ROLE, "info")
        # None below the minimum coverage, as the summary says.
        headline = session.scorecard.headline
        summary = self.nav.item(self.summary_index)
        summary.setData(DETAIL_ROLE, "" if headline is None else f"{headline:.0f}")
        summary.setData(TONE_ROLE, "info")
        self.undo_hint.setVisible(not session.read_only)
