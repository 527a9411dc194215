"""One checklist section as a page of question cards, with the keyboard flow between them."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from undercover.domain.checklist import Section
from undercover.domain.visit import Photo
from undercover.ui.question_card import QuestionCard
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession

CONTENT_WIDTH = 860


class SectionPage(QScrollArea):
    """The questions of one section, in a column that scrolls to follow the focus."""

    finished = Signal()  # moved on past the last question
    backed_out = Signal()  # moved back before the first question
    photos_dropped = Signal(list, str)  # paths, question id
    add_photos_requested = Signal(str)  # question id
    photo_clicked = Signal(str)  # photo id

    def __init__(
        self,
        session: VisitSession,
        index: int,
        first_number: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.session = session
        self.index = index
        self.section: Section = session.checklist.sections[index]
        count = len(session.checklist.sections)

        content = QWidget()
        content.setObjectName("pageContent")
        outer = QHBoxLayout(content)
        outer.setContentsMargins(24, 20, 24, 24)
        column = QVBoxLayout()
        column.setSpacing(12)
        outer.addStretch(1)
        holder = QWidget()
        holder.setMaximumWidth(CONTENT_WIDTH)
        holder.setLayout(column)
        outer.addWidget(holder, 1000)  # the margins grow only once it is full width
        outer.addStretch(1)

        self.position_label = mark(
            QLabel(self.tr("Section {0} of {1}").format(index + 1, count).upper()), role="hint"
        )
        column.addWidget(self.position_label)
        title = mark(QLabel(self.section.title), role="title")
        title.setWordWrap(True)  # a long title wraps instead of running off the page
        column.addWidget(title)
        if self.section.intro:
            intro = mark(QLabel(self.section.intro), role="muted")
            intro.setWordWrap(True)
            column.addWidget(intro)
        column.addSpacing(4)

        self.cards: list[QuestionCard] = []
        for offset, question in enumerate(self.section.questions):
            card = QuestionCard(
                first_number + offset,
                question,
                session.answers.get(question.id),
                session.photos_for(question.id),
                session.thumbnail,
            )
            card.answer_changed.connect(session.save_answer)
            card.advance.connect(lambda i=offset: self.focus_question(i + 1))
            card.retreat.connect(lambda i=offset: self.focus_question(i - 1))
            card.photos_dropped.connect(
                lambda paths, qid=question.id: self.photos_dropped.emit(paths, qid)
            )
            card.add_photos_clicked.connect(
                lambda qid=question.id: self.add_photos_requested.emit(qid)
            )
            card.photo_clicked.connect(self.photo_clicked)
            column.addWidget(card)
            self.cards.append(card)
        column.addStretch(1)
        self.setWidget(content)
        self.set_read_only(session.read_only)

    def card(self, question_id: str) -> QuestionCard | None:
        return next((c for c in self.cards if c.question.id == question_id), None)

    def focus_question(self, position: int) -> None:
        """Focus the answer of the question at ``position``; past either end leaves the page."""
        if position >= len(self.cards):
            self.finished.emit()
        elif position < 0:
            self.backed_out.emit()
        else:
            card = self.cards[position]
            card.focus_answer()
            if position == 0:
                self.verticalScrollBar().setValue(0)  # show the section's title too
            else:
                self.ensureWidgetVisible(card, 0, 40)

    def focus_last(self) -> None:
        self.focus_question(len(self.cards) - 1)

    def current_position(self) -> int:
        for i, card in enumerate(self.cards):
            if card.has_focus_inside():
                return i
        return -1

    def flush(self) -> None:
        for card in self.cards:
            card.flush()

    def set_read_only(self, read_only: bool) -> None:
        for card in self.cards:
            card.set_read_only(read_only)

    def add_photo(self, photo: Photo) -> None:
        card = self.card(photo.question_id or "")
        if card is not None:
            card.add_photo(photo)

    def remove_photo(self, photo_id: str) -> None:
        for card in self.cards:
            card.remove_photo(photo_id)

    def update_photo(self, photo: Photo) -> None:
        for card in self.cards:
            card.update_photo(photo)
