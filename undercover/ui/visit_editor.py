"""An open visit: the guided checklist, one section per page, then findings and the summary.

Layout: a header (where, when, status, Edit, Export), a side list of every
section showing what is still unanswered, the current page, and a footer
with Back / Next and the photo intake's progress. Moving around is never
blocked; only completing the visit needs the required answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Photo
from undercover.store import Store
from undercover.ui import dialogs, style
from undercover.ui.checklist_page import SectionPage
from undercover.ui.findings_page import FindingsPage
from undercover.ui.labels import domain_label
from undercover.ui.photos import IntakeReport, PhotoIntake, PhotoViewer, accept_photo_drop
from undercover.ui.style import mark
from undercover.ui.summary_page import SummaryPage
from undercover.ui.tasks import TaskRunner
from undercover.ui.visit_session import VisitSession
from undercover.ui.visits_model import format_day

Index = QModelIndex | QPersistentModelIndex
DETAIL_ROLE = Qt.ItemDataRole.UserRole + 1
TONE_ROLE = Qt.ItemDataRole.UserRole + 2
_TONES = {"done": style.GOOD, "todo": style.MUTED, "required": style.BAD, "info": style.ACCENT}


def _give_focus_back(widget: QWidget | None) -> None:
    """Return the focus to where it was before a dialog, if that widget is still there."""
    if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
        widget.window().activateWindow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


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


class VisitEditor(QWidget):
    back_requested = Signal()
    visit_changed = Signal(str)  # visit id: the list's row is out of date
    saved = Signal(str)  # "14:03:22"
    save_failed = Signal(str)
    export_requested = Signal(list)  # [visit id]
    undo_changed = Signal(bool)

    def __init__(
        self, store: Store, visit_id: str, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAcceptDrops(True)
        self.session = session = VisitSession(store, visit_id, self)
        self.intake = PhotoIntake(
            tasks, store.path, visit_id, session.photo_stored, self
        )
        self.viewer: PhotoViewer | None = None
        sections = session.checklist.sections
        self.section_count = len(sections)
        self.findings_index = self.section_count
        self.summary_index = self.section_count + 1
        self._pages: dict[int, QWidget] = {}
        self._first_numbers = []
        number = 1
        for section in sections:
            self._first_numbers.append(number)
            number += len(section.questions)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self._build_header())
        self.banner = self._build_banner()
        layout.addWidget(self.banner)

        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self._build_side_panel())
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        layout.addLayout(body, 1)
        layout.addWidget(self._build_footer())

        session.answer_saved.connect(self._answer_saved)
        session.answer_restored.connect(self._answer_restored)
        session.findings_changed.connect(self._refresh_nav)
        session.findings_changed.connect(self._changed)
        session.photo_added.connect(self._photo_added)
        session.photo_removed.connect(self._photo_removed)
        session.photo_changed.connect(self._photo_changed)
        session.status_changed.connect(self._status_changed)
        session.read_only_changed.connect(self._read_only_changed)
        session.saved.connect(self.saved)
        session.save_failed.connect(self._save_failed)
        session.refused.connect(lambda message: dialogs.show_error(self, message))
        self.intake.progress.connect(self._intake_progress)
        self.intake.batch_finished.connect(self._intake_finished)

        self._refresh_header()
        self._refresh_nav()
        self._intake_progress(0, 0)
        start = self.summary_index if session.read_only else session.visit.current_section
        self.go_to_page(max(0, min(self.summary_index, start)))

    # -- building -------------------------------------------------------------------

    def _build_header(self) -> QWidget:
        header = QFrame()
        header.setObjectName("header")
        row = QHBoxLayout(header)
        row.setContentsMargins(16, 10, 16, 10)
        row.setSpacing(12)
        self.back_to_list = mark(QPushButton(self.tr("← Visits")), flat=True)
        self.back_to_list.setToolTip(self.tr("Back to the list of visits (everything is saved)"))
        self.back_to_list.clicked.connect(self.back_requested)
        row.addWidget(self.back_to_list)
        titles = QVBoxLayout()
        titles.setSpacing(0)
        self.title = mark(QLabel(), role="heading")
        self.subtitle = mark(QLabel(), role="muted")
        self.subtitle.setWordWrap(True)  # a long scenario wraps on a narrow window
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        row.addLayout(titles, 1)
        self.status_chip = mark(QLabel(), role="chip")
        row.addWidget(self.status_chip)
        self.edit_button = QPushButton(self.tr("Edit visit"))
        self.edit_button.setToolTip(
            self.tr("Change this completed visit; the change is recorded with its time")
        )
        self.edit_button.clicked.connect(self.session.start_editing)
        row.addWidget(self.edit_button)
        self.export_button = QPushButton(self.tr("Export findings…"))
        self.export_button.setToolTip(self.tr("A PDF of this visit's findings (Ctrl+P)"))
        self.export_button.clicked.connect(
            lambda: self.export_requested.emit([self.session.visit_id])
        )
        row.addWidget(self.export_button)
        return header

    def _build_banner(self) -> QFrame:
        banner = QFrame()
        banner.setObjectName("banner")
        row = QHBoxLayout(banner)
        row.setContentsMargins(14, 6, 8, 6)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        row.addWidget(self.banner_label, 1)
        close = mark(QPushButton(self.tr("Dismiss")), flat=True)
        close.clicked.connect(banner.hide)
        row.addWidget(close)
        banner.hide()
        return banner

    def _build_side_panel(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("sidePanel")
        panel.setFixedWidth(280)
        column = QVBoxLayout(panel)
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
        for i, section in enumerate(self.session.checklist.sections, 1):
            self.nav.addItem(QListWidgetItem(f"{i}. {section.title}"))
        self.nav.addItem(QListWidgetItem(self.tr("Findings")))
        self.nav.addItem(QListWidgetItem(self.tr("Summary")))
        self.nav.currentRowChanged.connect(self._nav_clicked)
        column.addWidget(self.nav, 1)
        self.undo_hint = mark(
            QLabel(self.tr("Ctrl+Z puts back the previous answer")), role="hint"
        )
        column.addWidget(self.undo_hint)
        return panel

    def _build_footer(self) -> QWidget:
        footer = QFrame()
        footer.setObjectName("footer")
        row = QHBoxLayout(footer)
        row.setContentsMargins(16, 8, 16, 8)
        self.back_button = QPushButton(self.tr("← Back"))
        # Tab reaches Back and Next (from the findings and summary pages); a click keeps
        # the focus on the question.
        self.back_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.back_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
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
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        row.addWidget(self.next_button)
        return footer

    # -- pages ----------------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The page at ``index`` (sections, then findings, then summary), built on first use."""
        page = self._pages.get(index)
        if page is not None:
            return page
        if index < self.section_count:
            page = SectionPage(self.session, index, self._first_numbers[index])
            page.finished.connect(lambda i=index: self.go_to_page(i + 1, focus="first"))
            page.backed_out.connect(
                lambda i=index: i > 0 and self.go_to_page(i - 1, focus="last")
            )
            page.photos_dropped.connect(self.add_photo_files)
            page.add_photos_requested.connect(self.choose_photos)
            page.photo_clicked.connect(self.show_photo)
        elif index == self.findings_index:
            page = FindingsPage(self.session)
            page.photos_dropped.connect(self.add_photo_files)
            page.add_photos_requested.connect(self.choose_photos)
            page.photo_clicked.connect(self.show_photo)
        else:
            page = SummaryPage(self.session)
            page.go_to_section.connect(lambda i: self.go_to_page(i, focus="first"))
            page.go_to_question.connect(self.go_to_question)
            page.go_to_findings.connect(lambda: self.go_to_page(self.findings_index))
            page.complete_button.clicked.connect(self.complete)
        self._pages[index] = page
        self.stack.addWidget(page)
        return page

    def current_page(self) -> int:
        widget = self.stack.currentWidget()
        for index, page in self._pages.items():
            if page is widget:
                return index
        return 0

    def section_page(self, index: int) -> SectionPage:
        page = self.page(index)
        assert isinstance(page, SectionPage)
        return page

    @property
    def findings_page(self) -> FindingsPage:
        page = self.page(self.findings_index)
        assert isinstance(page, FindingsPage)
        return page

    @property
    def summary_page(self) -> SummaryPage:
        page = self.page(self.summary_index)
        assert isinstance(page, SummaryPage)
        return page

    def go_to_page(self, index: int, focus: str = "first") -> None:
        """Show a page; on a section, focus its first unanswered (or first/last) question."""
        if not 0 <= index <= self.summary_index:
            return
        self.flush()
        page = self.page(index)
        self.stack.setCurrentWidget(page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(index)
        self.nav.blockSignals(False)
        self.session.set_section(index)
        self.back_button.setEnabled(index > 0)
        self.next_button.setVisible(index < self.summary_index)
        if index < self.section_count - 1:
            self.next_button.setText(self.tr("Next →"))
        elif index == self.section_count - 1:
            self.next_button.setText(self.tr("Findings →"))
        else:
            self.next_button.setText(self.tr("Summary →"))
        if index < self.section_count:
            self.position_label.setText(
                self.tr("Section {0} of {1}").format(index + 1, self.section_count)
            )
            assert isinstance(page, SectionPage)
            if focus == "last":
                page.focus_last()
            else:
                page.focus_question(self._first_open(page) if focus == "first" else 0)
        else:
            self.position_label.setText(
                self.tr("Findings") if index == self.findings_index else self.tr("Summary")
            )
            page.setFocus()

    def focus_current(self) -> None:
        """Put the keyboard focus where work continues (after the editor is shown)."""
        page = self.stack.currentWidget()
        if isinstance(page, SectionPage):
            page.focus_question(self._first_open(page))
        elif page is not None:
            page.setFocus()

    def _first_open(self, page: SectionPage) -> int:
        if self.session.read_only:
            return 0
        for i, card in enumerate(page.cards):
            if not self.session.answer(card.question.id).given:
                return i
        return 0

    def go_to_question(self, question_id: str) -> None:
        checklist = self.session.checklist
        index = checklist.section_index(checklist.section_of(question_id).id)
        self.go_to_page(index, focus="none")
        page = self.section_page(index)
        for i, card in enumerate(page.cards):
            if card.question.id == question_id:
                page.focus_question(i)

    def _nav_clicked(self, row: int) -> None:
        if row >= 0:
            self.go_to_page(row)

    def flush(self) -> None:
        """Save anything typed and not yet saved, on every page built so far."""
        for page in self._pages.values():
            if isinstance(page, SectionPage):
                page.flush()

    # -- keeping things up to date ---------------------------------------------------

    def _answer_saved(self, _question_id: str) -> None:
        self._refresh_nav()
        self._changed()

    def _answer_restored(self, question_id: str) -> None:
        self.go_to_question(question_id)
        section = self.session.checklist.section_of(question_id)
        page = self.section_page(self.session.checklist.section_index(section.id))
        card = page.card(question_id)
        if card is not None:
            card.set_answer(self.session.answer(question_id))

    def _changed(self) -> None:
        self.undo_changed.emit(self.session.can_undo)
        self.visit_changed.emit(self.session.visit_id)

    def _refresh_nav(self) -> None:
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
        overall = session.scorecard.overall
        summary = self.nav.item(self.summary_index)
        summary.setData(DETAIL_ROLE, "" if overall is None else f"{overall:.0f}")
        summary.setData(TONE_ROLE, "info")

    def _refresh_header(self) -> None:
        session = self.session
        visit = session.visit
        self.title.setText(session.location.name)
        parts = [domain_label(visit.channel), format_day(visit.date)]
        if visit.evaluator_code:
            parts.append(visit.evaluator_code)
        if visit.scenario:
            scenario = visit.scenario if len(visit.scenario) < 90 else visit.scenario[:88] + "…"
            parts.append(scenario)
        self.subtitle.setText("  ·  ".join(parts))
        self.subtitle.setToolTip(visit.scenario)
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
        self.undo_hint.setVisible(not session.read_only)

    def _status_changed(self) -> None:
        self._refresh_header()
        self._refresh_nav()
        self._changed()

    def _read_only_changed(self, read_only: bool) -> None:
        for page in self._pages.values():
            if isinstance(page, SectionPage):
                page.set_read_only(read_only)
        self._refresh_header()
        self._refresh_nav()
        if not read_only and self.session.visit.completed:
            self.show_notice(
                self.tr("You are editing a completed visit. Each change is saved at once and "
                        "the visit records when it was edited.")
            )
        self.undo_changed.emit(self.session.can_undo)

    def _save_failed(self, message: str) -> None:
        self.save_failed.emit(message)
        dialogs.show_error(self, message)

    def show_notice(self, text: str) -> None:
        self.banner_label.setText(text)
        self.banner.show()

    # -- the visit as a whole --------------------------------------------------------

    def complete(self) -> bool:
        self.flush()
        if not self.session.complete():
            return False
        self.banner.hide()
        self.go_to_page(self.summary_index)
        return True

    def undo(self) -> None:
        self.session.undo()
        self.undo_changed.emit(self.session.can_undo)

    # -- photos ---------------------------------------------------------------------

    def add_photo_files(self, paths: Iterable[Path], question_id: str | None = None) -> None:
        """The one way photos come in, whether dropped or chosen in the file dialog."""
        files = [Path(p) for p in paths]
        if not files:
            return
        if self.session.read_only:
            dialogs.show_info(
                self, self.tr("Photos"),
                self.tr("This visit is complete. Press Edit visit first to add photos."),
            )
            return
        self.intake.add_files(files, question_id)

    def choose_photos(self, question_id: str | None = None) -> None:
        focus = QApplication.focusWidget()
        files = dialogs.choose_files(self, self.tr("Add photos"))
        _give_focus_back(focus)  # the file dialog leaves it nowhere
        self.add_photo_files(files, question_id)

    def _intake_progress(self, done: int, total: int) -> None:
        running = total > 0 and done < total
        self.intake_label.setVisible(running)
        self.intake_bar.setVisible(running)
        if running:
            self.intake_label.setText(self.tr("Adding photos… {0} of {1}").format(done, total))
            self.intake_bar.setRange(0, total)
            self.intake_bar.setValue(done)

    def _intake_finished(self, report: IntakeReport) -> None:
        if report.duplicates:
            self.show_notice(
                self.tr("Already in this visit, so not added again: {0}").format(
                    ", ".join(report.duplicates)
                )
            )
        if report.added:
            self._changed()
        if report.problems:
            dialogs.show_problems(
                self,
                self.tr("Some photos were not added"),
                self.tr("{0} of {1} files could not be added; the others were.").format(
                    len(report.problems), report.total
                ),
                report.problems,
            )

    def _section_page_of(self, question_id: str | None) -> SectionPage | None:
        if not question_id or not self.session.checklist.has_question(question_id):
            return None
        section = self.session.checklist.section_of(question_id)
        page = self._pages.get(self.session.checklist.section_index(section.id))
        return page if isinstance(page, SectionPage) else None

    def _photo_added(self, photo: Photo) -> None:
        page = self._section_page_of(photo.question_id)
        if page is not None:
            page.add_photo(photo)

    def _photo_removed(self, photo_id: str) -> None:
        for page in self._pages.values():
            if isinstance(page, SectionPage):
                page.remove_photo(photo_id)
        self._changed()

    def _photo_changed(self, photo: Photo) -> None:
        page = self._section_page_of(photo.question_id)
        if page is not None:
            page.update_photo(photo)

    def show_photo(self, photo_id: str) -> PhotoViewer:
        ids = [p.id for p in self.session.photos]
        viewer = PhotoViewer(self.session, ids, photo_id, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        focus = QApplication.focusWidget()
        viewer.finished.connect(lambda _result: _give_focus_back(focus))
        self.viewer = viewer
        viewer.open()
        return viewer

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_photo_drop(event, self.session.read_only)

    def dropEvent(self, event: QDropEvent) -> None:
        files = accept_photo_drop(event, self.session.read_only)
        if files:
            self.add_photo_files(files, None)
