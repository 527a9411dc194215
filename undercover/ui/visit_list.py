"""The visit list page: filters, search, the table and what to do with the chosen visits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import (
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Location, VisitStatus, VisitSummary
from undercover.ui import style
from undercover.ui.plain_text import tooltip_text
from undercover.ui.style import mark
from undercover.ui.visits_model import FLAGGED_ROLE, SUMMARY_ROLE, VisitFilter, VisitsModel

Index = QModelIndex | QPersistentModelIndex


class ScoreDelegate(QStyledItemDelegate):
    """The score as a small coloured pill, with a flag for visits a critical question failed."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: VisitSummary | None = index.data(SUMMARY_ROLE)
        if summary is None:
            super().paint(painter, option, index)
            return
        # The selection background first, without the text.
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style_ = widget.style() if widget else None
        if style_ is not None:
            style_.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # Left-aligned under the "Score" title, as every other column is.
        rect = option.rect.adjusted(6, 6, -6, -6)
        if VisitsModel.too_few_answers(summary):  # no score to colour: say why, quietly
            font = QFont(option.font)
            font.setItalic(True)
            painter.setFont(font)
            painter.setPen(QColor(style.MUTED))
            text = str(index.data(Qt.ItemDataRole.DisplayRole))
            width = float(painter.fontMetrics().horizontalAdvance(text) + 4)
            shown = QRectF(rect.left(), rect.top(), width, rect.height())
            painter.drawText(shown, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             text)
        else:
            shown = self._paint_pill(painter, option, rect, summary.headline)
        if index.data(FLAGGED_ROLE):
            painter.setPen(QColor(style.BAD))
            flag = QRectF(shown.right() + 4, rect.top(), 20, rect.height())
            painter.drawText(flag, Qt.AlignmentFlag.AlignCenter, "⚑")
        painter.restore()

    PILL_WIDTH = 44.0

    def _paint_pill(
        self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, score: float | None
    ) -> QRectF:
        text = "–" if score is None else f"{score:.0f}"
        pill = QRectF(rect.left(), rect.top(), self.PILL_WIDTH, rect.height())
        colour = QColor(style.score_color(score))
        background = QColor(colour)
        background.setAlpha(34)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(background))
        painter.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2)
        font = QFont(option.font)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(colour)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        return pill


# (label, days back) for the date filter; None days: no limit, -1: this year, -2: custom
_DATE_CHOICES = (
    ("Any time", None),
    ("Last 7 days", 7),
    ("Last 30 days", 30),
    ("Last 3 months", 91),
    ("Last 12 months", 365),
    ("This year", -1),
    ("Custom range…", -2),
)


class VisitListPage(QWidget):
    """All visits with filters. Double-click or Enter opens one."""

    open_requested = Signal(str)
    new_requested = Signal()
    continue_requested = Signal()
    delete_requested = Signal(list)
    export_requested = Signal(list)
    send_requested = Signal(list)
    csv_requested = Signal(list)
    details_requested = Signal(str)
    selection_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        self.model = VisitsModel(self)
        self.proxy = VisitFilter(self)
        self.proxy.setSourceModel(self.model)
        self._locations: list[Location] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 16)
        layout.setSpacing(12)

        # Title row with the two main actions.
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = mark(QLabel(self.tr("Visits")), role="title")
        self.subtitle = mark(QLabel(), role="muted")
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles)
        top.addStretch(1)
        self.continue_button = QPushButton(self.tr("Continue draft"))
        self.new_button = mark(QPushButton(self.tr("New visit")), primary=True)
        self.new_button.setToolTip(self.tr("Start a new visit (Ctrl+N)"))
        top.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignBottom)
        top.addWidget(self.new_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)

        # Filters.
        filters = QHBoxLayout()
        filters.setSpacing(8)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search notes, scenarios and findings…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.location_filter = QComboBox()
        self.location_filter.setMinimumWidth(170)
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("Any status"), None)
        self.status_filter.addItem(self.tr("Drafts"), VisitStatus.DRAFT.value)
        self.status_filter.addItem(self.tr("Completed"), VisitStatus.COMPLETED.value)
        self.date_filter = QComboBox()
        for label, days in _DATE_CHOICES:
            self.date_filter.addItem(self.tr(label), days)
        today = QDate.currentDate()
        self.since_edit = QDateEdit(today.addMonths(-1))
        self.until_edit = QDateEdit(today)
        for edit in (self.since_edit, self.until_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setVisible(False)
        self.range_dash = QLabel("–")
        self.range_dash.setVisible(False)
        filters.addWidget(self.search, 3)
        filters.addWidget(self.location_filter, 1)
        filters.addWidget(self.status_filter)
        filters.addWidget(self.date_filter)
        filters.addWidget(self.since_edit)
        filters.addWidget(self.range_dash)
        filters.addWidget(self.until_edit)
        layout.addLayout(filters)

        # The table.
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(VisitsModel.SCORE, ScoreDelegate(self.table))
        vertical = self.table.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in (
            (VisitsModel.DATE, 130), (VisitsModel.LOCATION, 220), (VisitsModel.CHANNEL, 110),
            (VisitsModel.EVALUATOR, 110), (VisitsModel.STATUS, 110), (VisitsModel.SCORE, 170),
        ):
            self.table.setColumnWidth(column, width)
        header.setSectionResizeMode(VisitsModel.LOCATION, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(VisitsModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        layout.addWidget(self.table, 1)
        self._build_no_match()

        # What to do with the selection.
        bottom = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open"))
        self.delete_button = QPushButton(self.tr("Delete…"))
        self.export_button = QPushButton(self.tr("Export findings…"))
        self.export_button.setToolTip(self.tr("A PDF of the chosen visits' findings (Ctrl+P)"))
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.export_button)
        self.send_button = QPushButton(self.tr("Send visits…"))
        self.send_button.setToolTip(
            self.tr("Save the chosen visits as one file to send to the owner")
        )
        bottom.addWidget(self.send_button)
        self.csv_button = QPushButton(self.tr("Export CSV…"))
        self.csv_button.setToolTip(self.tr("The chosen visits as a spreadsheet file"))
        bottom.addWidget(self.csv_button)
        bottom.addWidget(self.delete_button)
        bottom.addStretch(1)
        self.shown_label = mark(QLabel(), role="muted")
        bottom.addWidget(self.shown_label)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self.proxy.set_search)
        self.search.textChanged.connect(self._update_counts)
        self.location_filter.currentIndexChanged.connect(self._filters_changed)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.date_filter.currentIndexChanged.connect(self._filters_changed)
        self.since_edit.dateChanged.connect(self._filters_changed)
        self.until_edit.dateChanged.connect(self._filters_changed)
        self.table.activated.connect(self._open_index)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.context_menu: QMenu | None = None
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(lambda: self.delete_requested.emit(self.selected_ids()))
        self.export_button.clicked.connect(lambda: self.export_requested.emit(self.selected_ids()))
        self.send_button.clicked.connect(lambda: self.send_requested.emit(self.selected_ids()))
        self.csv_button.clicked.connect(lambda: self.csv_requested.emit(self.selected_ids()))
        self.new_button.clicked.connect(self.new_requested)
        self.continue_button.clicked.connect(self.continue_requested)
        self._selection_changed()

    # -- contents -------------------------------------------------------------------

    def set_visits(
        self, visits: Sequence[VisitSummary], locations: Sequence[Location], business: str = ""
    ) -> None:
        """Show these visits; the filters keep their settings where they still make sense."""
        selected = set(self.selected_ids())
        self._set_locations(locations)
        self.model.set_visits(visits)
        self.title.setText(business or self.tr("Visits"))
        self._update_counts()
        self._update_continue()
        if selected:
            self.select_ids(selected)
        self._selection_changed()

    def update_visits(
        self,
        changed: Sequence[VisitSummary],
        removed: Iterable[str],
        locations: Sequence[Location],
        business: str = "",
    ) -> None:
        """Show the visits that changed (and drop the removed ones); other rows stay as read."""
        selected = set(self.selected_ids())
        if list(locations) != self._locations:
            self._set_locations(locations)
        self.model.update_visits(changed, removed)
        self.title.setText(business or self.tr("Visits"))
        self._update_counts()
        self._update_continue()
        if selected:
            self.select_ids(selected)
        self._selection_changed()

    def _set_locations(self, locations: Sequence[Location]) -> None:
        current = self.location_filter.currentData()
        self._locations = list(locations)
        self.location_filter.blockSignals(True)
        self.location_filter.clear()
        self.location_filter.addItem(self.tr("All locations"), None)
        for location in locations:
            self.location_filter.addItem(location.name, location.id)
        found = self.location_filter.findData(current) if current else 0
        self.location_filter.setCurrentIndex(max(0, found))
        self.location_filter.blockSignals(False)
        self._filters_changed()

    def latest_draft(self) -> VisitSummary | None:
        drafts = [v for v in self.model.visits() if v.status is VisitStatus.DRAFT]
        return max(drafts, key=lambda v: v.updated_at, default=None)

    def _update_continue(self) -> None:
        draft = self.latest_draft()
        self.continue_button.setEnabled(draft is not None)
        if draft is not None:
            self.continue_button.setToolTip(tooltip_text(
                self.tr("Carry on with the visit at {0}, {1}").format(draft.location, draft.date)
            ))
        else:
            self.continue_button.setToolTip(self.tr("No visit is in progress"))

    def _update_counts(self) -> None:
        visits = self.model.visits()
        total = len(visits)
        drafts = sum(1 for v in visits if v.status is VisitStatus.DRAFT)
        self.subtitle.setText(
            self.tr("{0} visits · {1} in progress").format(total, drafts)
            if total != 1 else self.tr("1 visit")
        )
        shown = self.proxy.rowCount()
        self.shown_label.setText(
            self.tr("Showing {0} of {1}").format(shown, total) if self.proxy.filtering else ""
        )
        self._update_no_match()

    # -- when nothing matches ---------------------------------------------------------

    def _build_no_match(self) -> None:
        """Words over the empty table when a search or filter hides every visit."""
        self.no_match = QWidget(self.table.viewport())
        self.no_match.setObjectName("noMatch")
        box = QVBoxLayout(self.no_match)
        box.setContentsMargins(16, 16, 16, 16)
        box.setSpacing(6)
        self.no_match_title = mark(QLabel(self.tr("No visits match")), role="heading")
        self.no_match_hint = mark(QLabel(), role="muted")
        self.clear_filters_button = QPushButton(self.tr("Clear search and filters"))
        for label in (self.no_match_title, self.no_match_hint):
            label.setTextFormat(Qt.TextFormat.PlainText)  # the search is the user's own text
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(label)
        self.no_match_hint.setWordWrap(True)
        box.addWidget(self.clear_filters_button, 0, Qt.AlignmentFlag.AlignCenter)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.no_match.hide()
        self.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._place_no_match()
        return super().eventFilter(watched, event)

    def _place_no_match(self) -> None:
        area = self.table.viewport().rect()
        width = min(area.width(), 520)
        height = self.no_match.sizeHint().height()
        if self.no_match_hint.hasHeightForWidth():
            height = self.no_match.layout().totalHeightForWidth(width)
        self.no_match.setGeometry(
            area.left() + (area.width() - width) // 2, area.top() + min(48, area.height() // 6),
            width, height,
        )

    def _update_no_match(self) -> None:
        empty = self.model.rowCount() > 0 and self.proxy.rowCount() == 0
        if empty:
            search = " ".join(self.search.text().split())
            if len(search) > 60:
                search = search[:59].rstrip() + "…"
            filtered = (self.location_filter.currentIndex() > 0
                        or self.status_filter.currentIndex() > 0
                        or self.date_filter.currentIndex() > 0)
            if search and filtered:
                hint = self.tr("Nothing matches “{0}” among the visits the filters leave.")
            elif search:
                hint = self.tr("No visit mentions “{0}” in its notes, scenario or findings.")
            else:
                hint = self.tr("No visit has the location, status and period chosen.")
            self.no_match_hint.setText(hint.format(search))
            self._place_no_match()
        self.no_match.setVisible(empty)

    def clear_filters(self) -> None:
        """Show every visit again: no search, any location, any status, any time."""
        for combo in (self.location_filter, self.status_filter, self.date_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.clear()
        self._filters_changed()
        self.table.setFocus()

    # -- filters --------------------------------------------------------------------

    def _filters_changed(self) -> None:
        days = self.date_filter.currentData()
        custom = days == -2
        for widget in (self.since_edit, self.range_dash, self.until_edit):
            widget.setVisible(custom)
        since = until = None
        today = date.today()
        if custom:
            since = self.since_edit.date().toString("yyyy-MM-dd")
            until = self.until_edit.date().toString("yyyy-MM-dd")
        elif days == -1:
            since = f"{today.year}-01-01"
        elif days:
            since = (today - timedelta(days=days)).isoformat()
        self.proxy.set_filters(
            location_id=self.location_filter.currentData(),
            status=VisitStatus(status) if (status := self.status_filter.currentData()) else None,
            since=since,
            until=until,
        )
        self._update_counts()

    # -- selection ------------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.visit(row).id for row in rows]

    def selected_summaries(self) -> list[VisitSummary]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.visit(row) for row in rows]

    def select_ids(self, ids: set[str]) -> None:
        selection = self.table.selectionModel()
        selection.clearSelection()
        flags = (
            selection.SelectionFlag.Select | selection.SelectionFlag.Rows
        )
        for row in range(self.proxy.rowCount()):
            if self.proxy.visit(row).id in ids:
                selection.select(self.proxy.index(row, 0), flags)

    def _selection_changed(self) -> None:
        count = len(self.table.selectionModel().selectedRows())
        self.open_button.setEnabled(count == 1)
        self.delete_button.setEnabled(count >= 1)
        self.export_button.setEnabled(count >= 1)
        self.send_button.setEnabled(count >= 1)
        self.csv_button.setEnabled(count >= 1)
        self.selection_changed.emit()

    def _context_menu(self, pos: QPoint) -> QMenu | None:
        """What can be done with the visit under the pointer (or the chosen visits)."""
        index = self.table.indexAt(pos)
        if not index.isValid():
            return None
        if index.row() not in {i.row() for i in self.table.selectionModel().selectedRows()}:
            self.select_ids({self.proxy.visit(index.row()).id})
        ids = self.selected_ids()
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        one = len(ids) == 1
        menu.addAction(self.tr("Open"), self._open_selected).setEnabled(one)
        details = menu.addAction(
            self.tr("Visit details…"), lambda: self.details_requested.emit(ids[0]))
        details.setShortcut(QKeySequence("Alt+Return"))
        details.setEnabled(one)
        menu.addSeparator()
        menu.addAction(self.tr("Export findings…"), lambda: self.export_requested.emit(ids))
        menu.addAction(self.tr("Send visits…"), lambda: self.send_requested.emit(ids))
        menu.addAction(self.tr("Export CSV…"), lambda: self.csv_requested.emit(ids))
        menu.addSeparator()
        menu.addAction(self.tr("Delete…"), lambda: self.delete_requested.emit(ids))
        self.context_menu = menu
        menu.aboutToHide.connect(lambda: setattr(self, "context_menu", None))
        menu.popup(self.table.viewport().mapToGlobal(pos))
        return menu

    def _open_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_requested.emit(self.proxy.visit(index.row()).id)

    def _open_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.open_requested.emit(ids[0])
