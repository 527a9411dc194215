"""A visit's pages: one per checklist section, then findings, then the summary.

Pages are built the first time they are shown (a long checklist opens at once).
Each page's requests (move on, back out, add photos, complete) are passed on as
this stack's own signals, so the editor wires one object, not every page.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from undercover.domain.visit import Photo
from undercover.ui.checklist_page import SectionPage
from undercover.ui.findings_page import FindingsPage
from undercover.ui.summary_page import SummaryPage
from undercover.ui.visit_session import VisitSession


class VisitPages(QStackedWidget):
    go_to = Signal(int, str)  # page index, focus: "first", "last" or "none"
    go_to_question = Signal(str)  # question id
    photos_dropped = Signal(list, object)  # paths, question id (None: the whole visit)
    add_photos_requested = Signal(object)  # question id or None
    photo_clicked = Signal(str)  # photo id
    complete_requested = Signal()

    def __init__(self, session: VisitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        sections = session.checklist.sections
        self.section_count = len(sections)
        self.findings_index = self.section_count
        self.summary_index = self.section_count + 1
        self._pages: dict[int, QWidget] = {}
        self._first_numbers: list[int] = []
        number = 1
        for section in sections:
            self._first_numbers.append(number)
            number += len(section.questions)

    def page(self, index: int) -> QWidget:
        """The page at ``index`` (sections, then findings, then summary), built on first use."""
        page = self._pages.get(index)
        if page is not None:
            return page
        if index < self.section_count:
            page = SectionPage(self.session, index, self._first_numbers[index])
            page.finished.connect(lambda i=index: self.go_to.emit(i + 1, "first"))
            page.backed_out.connect(lambda i=index: i > 0 and self.go_to.emit(i - 1, "last"))
            page.photos_dropped.connect(self.photos_dropped.emit)
            page.add_photos_requested.connect(self.add_photos_requested.emit)
            page.photo_clicked.connect(self.photo_clicked)
        elif index == self.findings_index:
            page = FindingsPage(self.session)
            page.photos_dropped.connect(self.photos_dropped.emit)
            page.add_photos_requested.connect(self.add_photos_requested.emit)
            page.photo_clicked.connect(self.photo_clicked)
        else:
            page = SummaryPage(self.session)
            page.go_to_section.connect(lambda i: self.go_to.emit(i, "first"))
            page.go_to_question.connect(self.go_to_question)
            page.go_to_findings.connect(lambda: self.go_to.emit(self.findings_index, "first"))
            page.complete_button.clicked.connect(self.complete_requested)
        self._pages[index] = page
        self.addWidget(page)
        return page

    def current_page(self) -> int:
        widget = self.currentWidget()
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

    def built_section_pages(self) -> Iterator[SectionPage]:
        """The section pages built so far (the others will be built up to date)."""
        for page in list(self._pages.values()):
            if isinstance(page, SectionPage):
                yield page

    def flush(self) -> None:
        """Save anything typed and not yet saved, on every page built so far."""
        for page in self.built_section_pages():
            page.flush()

    def set_read_only(self, read_only: bool) -> None:
        for page in self.built_section_pages():
            page.set_read_only(read_only)

    def built_section_page_of(self, question_id: str | None) -> SectionPage | None:
        """The built page holding this question, if any."""
        checklist = self.session.checklist
        if not question_id or not checklist.has_question(question_id):
            return None
        section = checklist.section_of(question_id)
        page = self._pages.get(checklist.section_index(section.id))
        return page if isinstance(page, SectionPage) else None

    def photo_added(self, photo: Photo) -> None:
        page = self.built_section_page_of(photo.question_id)
        if page is not None:
            page.add_photo(photo)

    def photo_removed(self, photo_id: str) -> None:
        for page in self.built_section_pages():
            page.remove_photo(photo_id)

    def photo_changed(self, photo: Photo) -> None:
        page = self.built_section_page_of(photo.question_id)
        if page is not None:
            page.update_photo(photo)
