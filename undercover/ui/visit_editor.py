"""An open visit: the guided checklist, one section per page, then findings and the summary.

Layout: a header (where, when, status, Edit, Export), a side list of every
section showing what is still unanswered, the current page, and a footer
with Back / Next and the photo intake's progress. Moving around is never
blocked; only completing the visit needs the required answers.

This class ties the parts together: the bars (``visit_bars``), the side panel
(``visit_nav``), the pages (``visit_pages``) and the photos (``visit_photos``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from undercover.domain.visit import Photo
from undercover.store import Store
from undercover.ui import dialogs
from undercover.ui.checklist_page import SectionPage
from undercover.ui.findings_page import FindingsPage
from undercover.ui.photos import PhotoViewer
from undercover.ui.summary_page import SummaryPage
from undercover.ui.tasks import TaskRunner
from undercover.ui.unreviewed import COMPLETE, REVIEW, UnreviewedBox
from undercover.ui.visit_bars import NoticeBanner, VisitFooter, VisitHeader
from undercover.ui.visit_details import VisitDetailsDialog
from undercover.ui.visit_finishing import VisitFinishing
from undercover.ui.visit_nav import DETAIL_ROLE, TONE_ROLE, NavDelegate, SectionNav
from undercover.ui.visit_pages import VisitPages
from undercover.ui.visit_photos import VisitPhotos
from undercover.ui.visit_session import VisitSession

__all__ = ["DETAIL_ROLE", "TONE_ROLE", "NavDelegate", "VisitEditor"]


class VisitEditor(QWidget):
    back_requested = Signal()
    visit_changed = Signal(str)  # visit id: the list's row is out of date
    saved = Signal(str)  # "14:03:22"
    save_failed = Signal(str)
    export_requested = Signal(list)  # [visit id]
    undo_changed = Signal(bool)
    reopen_requested = Signal(bool)  # the channel changed: build again (True: still editing)
    waiting_changed = Signal(bool)  # True: another program holds the database; writes wait
    finishing = Signal(str)  # what closing waits for ("Finishing 3 photos…"); "" when done

    def __init__(
        self, store: Store, visit_id: str, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.setAcceptDrops(True)
        self.session = session = VisitSession(store, visit_id, self)
        self.photos = VisitPhotos(session, tasks, self)
        self.intake = self.photos.intake
        self.pages = self.stack = VisitPages(session)
        self.section_count = self.pages.section_count
        self.findings_index = self.pages.findings_index
        self.summary_index = self.pages.summary_index

        self.header = header = VisitHeader()
        self.back_to_list = header.back_to_list
        self.title = header.title
        self.subtitle = header.subtitle
        self.status_chip = header.status_chip
        self.edit_button = header.edit_button
        self.details_button = header.details_button
        self.details_dialog: VisitDetailsDialog | None = None
        self.unreviewed_box: UnreviewedBox | None = None
        self.export_button = header.export_button
        self.banner = NoticeBanner()
        self.banner_label = self.banner.label
        self.side_panel = side = SectionNav(session)
        self.nav = side.nav
        self.progress_label = side.progress_label
        self.progress_bar = side.progress_bar
        self.undo_hint = side.undo_hint
        self.footer = footer = VisitFooter()
        self.back_button = footer.back_button
        self.next_button = footer.next_button
        self.position_label = footer.position_label
        self.intake_label = footer.intake_label
        self.intake_bar = footer.intake_bar

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(side)
        body.addWidget(self.pages, 1)
        layout.addLayout(body, 1)
        layout.addWidget(footer)
        self.banner.setParent(self)
        self.banner.float_over(self.pages)

        header.back_to_list.clicked.connect(self.back_requested)
        header.edit_button.clicked.connect(session.start_editing)
        header.details_button.clicked.connect(self.edit_details)
        header.export_button.clicked.connect(
            lambda: self.export_requested.emit([self.session.visit_id])
        )
        side.nav.currentRowChanged.connect(self._nav_clicked)
        footer.back_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        footer.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        pages = self.pages
        pages.go_to.connect(lambda index, focus: self.go_to_page(index, focus=focus))
        pages.go_to_question.connect(self.go_to_question)
        pages.photos_dropped.connect(self.add_photo_files)
        pages.add_photos_requested.connect(self.choose_photos)
        pages.photo_clicked.connect(self.show_photo)
        pages.complete_requested.connect(lambda: self.complete())

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
        self.photos.notice.connect(self.show_notice)
        self.photos.added.connect(self._changed)
        self.finishing_work = VisitFinishing(session, self.intake, footer, self)
        self.finishing_work.finishing.connect(self.finishing)
        # Asked for (and any suggestions answered) before the photos were in.
        self.finishing_work.complete_now.connect(lambda: self.complete(reviewed=True))
        session.waiting_changed.connect(self.waiting_changed)
        session.reloaded.connect(self._reloaded)

        self._refresh_header()
        self._refresh_nav()
        footer.show_intake(0, 0)
        start = self.summary_index if session.read_only else session.visit.current_section
        self.go_to_page(max(0, min(self.summary_index, start)))

    # -- pages ----------------------------------------------------------------------

    def page(self, index: int) -> QWidget:
        """The page at ``index`` (sections, then findings, then summary), built on first use."""
        return self.pages.page(index)

    def current_page(self) -> int:
        return self.pages.current_page()

    def section_page(self, index: int) -> SectionPage:
        return self.pages.section_page(index)

    @property
    def findings_page(self) -> FindingsPage:
        return self.pages.findings_page

    @property
    def summary_page(self) -> SummaryPage:
        return self.pages.summary_page

    def go_to_page(self, index: int, focus: str = "first") -> None:
        """Show a page; on a section, focus its first unanswered (or first/last) question."""
        if not 0 <= index <= self.summary_index:
            return
        self.flush()
        page = self.page(index)
        self.pages.setCurrentWidget(page)
        self.side_panel.select(index)
        self.session.set_section(index)
        self.footer.show_position(index, self.section_count)
        if index < self.section_count:
            assert isinstance(page, SectionPage)
            if focus == "last":
                page.focus_last()
            else:
                page.focus_question(self._first_open(page) if focus == "first" else 0)
        else:
            page.setFocus()

    def focus_current(self) -> None:
        """Put the keyboard focus where work continues (after the editor is shown)."""
        page = self.pages.currentWidget()
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
        self.pages.flush()

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
        self.side_panel.refresh()

    def _refresh_header(self) -> None:
        self.header.refresh(self.session)

    def _status_changed(self) -> None:
        self._refresh_header()
        self._refresh_nav()
        self._changed()

    def _read_only_changed(self, read_only: bool) -> None:
        self.pages.set_read_only(read_only)
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
        self.banner.show_text(text)

    # -- the visit as a whole --------------------------------------------------------

    def complete(self, reviewed: bool = False) -> bool:
        """Complete the visit. Suggested findings not reviewed yet are asked about first;
        while photos are still being added it is completed after them.

        Returns True once the visit is complete (False: refused, asked, or held for photos).
        """
        self.flush()
        session = self.session
        waiting = [] if reviewed or session.missing_required() else session.suggestions()
        if waiting:
            box = UnreviewedBox(len(waiting), self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.finished.connect(lambda _result: self._unreviewed_answered(box.choice))
            self.unreviewed_box = box
            box.open()
            return False
        if self.finishing_work.hold_completion():  # no photo may land in a completed visit
            return False
        if not session.complete():
            return False
        self.banner.hide()
        self.go_to_page(self.summary_index)
        return True

    def _unreviewed_answered(self, choice: str) -> None:
        self.unreviewed_box = None
        if choice == REVIEW:
            self.go_to_page(self.findings_index)
        elif choice == COMPLETE:
            self.complete(reviewed=True)

    def edit_details(self) -> VisitDetailsDialog:
        """Open Visit details (non-blocking); the header follows each change as it is saved."""
        self.flush()
        session = self.session
        dialog = VisitDetailsDialog(
            session.store, session.visit_id, editing=not session.read_only, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self._details_changed)
        dialog.editing_started.connect(session.start_editing)
        dialog.finished.connect(lambda _result: self._details_closed(dialog))
        self.details_dialog = dialog
        dialog.open()
        return dialog

    def _details_changed(self, _fields: list[str]) -> None:
        self.session.reload_details()
        self._changed()

    def _details_closed(self, dialog: VisitDetailsDialog) -> None:
        self.details_dialog = None
        if "channel" in dialog.changed_fields:  # other questions apply: build the pages again
            self.reopen_requested.emit(not self.session.read_only)

    def finish(self) -> bool:
        """Before the visit closes: save what is typed, then wait (saying so) for photos in
        flight and writes waiting for the database. False: changes could not be saved."""
        self.flush()
        return self.finishing_work.finish()

    def _reloaded(self, question_ids: list[str], elsewhere: bool) -> None:
        """The visit was read again: show what changed, once the write in hand is done."""
        QTimer.singleShot(0, self, lambda: self._show_reloaded(question_ids))
        self._refresh_header()
        self._refresh_nav()
        if elsewhere:
            self.show_notice(self.tr(
                "This visit was changed in another window or program; it now shows what "
                "was saved there, with your changes on top."
            ))
        self._changed()

    def _show_reloaded(self, question_ids: list[str]) -> None:
        read_only = self.session.read_only  # completed elsewhere: show only what is saved
        for page in self.pages.built_section_pages():
            for card in page.cards:
                question_id = card.question.id
                if (question_id in question_ids and not card.unsaved) or (
                    read_only and card.answer() != self.session.answer(question_id)
                ):
                    card.set_answer(self.session.answer(question_id))
        self._refresh_nav()

    def undo(self) -> None:
        self.session.undo()
        self.undo_changed.emit(self.session.can_undo)

    # -- photos ---------------------------------------------------------------------

    def add_photo_files(self, paths: Iterable[Path], question_id: str | None = None) -> None:
        """The one way photos come in, whether dropped or chosen in the file dialog."""
        self.photos.add_files(paths, question_id)

    def choose_photos(self, question_id: str | None = None) -> None:
        self.photos.choose(question_id)

    @property
    def viewer(self) -> PhotoViewer | None:
        return self.photos.viewer

    def _photo_added(self, photo: Photo) -> None:
        self.pages.photo_added(photo)

    def _photo_removed(self, photo_id: str) -> None:
        self.pages.photo_removed(photo_id)
        self._changed()

    def _photo_changed(self, photo: Photo) -> None:
        self.pages.photo_changed(photo)

    def show_photo(self, photo_id: str) -> PhotoViewer:
        return self.photos.show(photo_id)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.photos.drag_enter(event)

    def dropEvent(self, event: QDropEvent) -> None:
        self.photos.drop(event)
