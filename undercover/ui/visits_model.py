"""The visit list as a table model, and the filter over it (location, status, dates, search).

Built for 10,000 rows: rows are the store's ``VisitSummary`` values (no
answers, no photos), display strings are made only for rows on screen, and
both sorting and filtering are decided in plain Python once per change
instead of through a Python call per comparison.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from undercover.domain.visit import VisitStatus, VisitSummary
from undercover.ui import style
from undercover.ui.labels import domain_label
from undercover.ui.plain_text import tooltip_text

Index = QModelIndex | QPersistentModelIndex

SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 1  # the row's VisitSummary
SORT_ROLE = Qt.ItemDataRole.UserRole + 2  # a value that sorts the column correctly
FLAGGED_ROLE = Qt.ItemDataRole.UserRole + 3

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(iso_day: str) -> str:
    """"2025-05-12" as "12 May 2025": unambiguous in every country."""
    try:
        d = date.fromisoformat(iso_day[:10])
    except ValueError:
        return iso_day
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


class VisitsModel(QAbstractTableModel):
    """One row per visit: date, location, channel, evaluator, status, overall score."""

    DATE, LOCATION, CHANNEL, EVALUATOR, STATUS, SCORE = range(6)
    COLUMN_COUNT = 6

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[VisitSummary] = []
        self._titles = (
            self.tr("Date"), self.tr("Location"), self.tr("Channel"),
            self.tr("Evaluator"), self.tr("Status"), self.tr("Score"),
        )
        self._sort_column = self.DATE
        self._sort_order = Qt.SortOrder.DescendingOrder

    # -- filling --------------------------------------------------------------------

    def set_visits(self, rows: Sequence[VisitSummary]) -> None:
        """Replace every row (after opening a database or a change elsewhere)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._sort_rows()
        self.endResetModel()

    def visits(self) -> list[VisitSummary]:
        return list(self._rows)

    def visit(self, row: int) -> VisitSummary:
        return self._rows[row]

    def visit_id(self, row: int) -> str:
        return self._rows[row].id

    def row_of(self, visit_id: str) -> int | None:
        for row, summary in enumerate(self._rows):
            if summary.id == visit_id:
                return row
        return None

    # -- the model interface --------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT:
            if role == Qt.ItemDataRole.DisplayRole:
                return self._titles[section]
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.SCORE:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        v = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(v, column)
        if role == SORT_ROLE:
            return self._sort_key(v, column)
        if role == SUMMARY_ROLE:
            return v
        if role == FLAGGED_ROLE:
            return v.flagged
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == self.STATUS and v.in_conflict:
                return self.tr("{0}, changed on two computers since it was sent: both versions "
                               "are kept. Choose what to keep with File → Resolve conflict…"
                               ).format(domain_label(v.status))
            if column == self.SCORE and v.flagged:
                return self.tr("A critical question went badly in this visit")
            return tooltip_text(v.scenario) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            if v.in_conflict:
                return QColor(style.BAD)
            return QColor(style.FAIR if v.status is VisitStatus.DRAFT else style.MUTED)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SCORE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _display(self, v: VisitSummary, column: int) -> str:
        if column == self.DATE:
            return format_day(v.date)
        if column == self.LOCATION:
            return v.location
        if column == self.CHANNEL:
            return domain_label(v.channel)
        if column == self.EVALUATOR:
            return v.evaluator_code
        if column == self.STATUS:
            return self.tr("In conflict") if v.in_conflict else domain_label(v.status)
        if v.score is None:
            return "–"
        return f"{v.score:.0f}"

    def _sort_key(self, v: VisitSummary, column: int) -> object:
        if column == self.DATE:
            return v.date
        if column == self.SCORE:
            return -1.0 if v.score is None else v.score
        return self._display(v, column).casefold()

    # -- sorting in Python: one key per row, not a Python call per comparison -------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < self.COLUMN_COUNT:
            return
        self._sort_column, self._sort_order = column, order
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].id for i in before]
        self._sort_rows()
        positions = {v.id: row for row, v in enumerate(self._rows)}
        self.changePersistentIndexList(
            before, [self.index(positions[i], p.column()) for i, p in zip(ids, before, strict=True)]
        )
        self.layoutChanged.emit()

    def _sort_rows(self) -> None:
        column = self._sort_column
        # Ties keep the newest first, so equal locations still read in date order.
        self._rows.sort(key=lambda v: v.updated_at, reverse=True)
        self._rows.sort(key=lambda v: v.date, reverse=True)
        self._rows.sort(
            key=lambda v: self._sort_key(v, column),
            reverse=self._sort_order is Qt.SortOrder.DescendingOrder,
        )


class VisitFilter(QSortFilterProxyModel):
    """Which visits the list shows: by location, status, date range and a search over notes.

    What matches is worked out in one pass over the rows whenever a filter or the
    source changes; ``filterAcceptsRow`` then only looks the answer up.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.location_id: str | None = None
        self.status: VisitStatus | None = None
        self.since: str | None = None
        self.until: str | None = None
        self.search = ""
        self._accepted: list[bool] | None = None  # per source row; None means "every visit"
        self._haystacks: dict[str, str] = {}
        self.setDynamicSortFilter(False)

    def setSourceModel(self, model: QAbstractTableModel) -> None:
        old = self.sourceModel()
        if old is not None:
            old.modelReset.disconnect(self._source_reset)
            old.layoutChanged.disconnect(self._source_reordered)
        # Connected before the proxy's own handlers, so the answers are fresh when it asks.
        model.modelReset.connect(self._source_reset)
        model.layoutChanged.connect(self._source_reordered)
        self._rebuild_haystacks(model)
        super().setSourceModel(model)

    def _model(self) -> VisitsModel:
        model = self.sourceModel()
        assert isinstance(model, VisitsModel)
        return model

    def set_filters(
        self,
        *,
        location_id: str | None = None,
        status: VisitStatus | None = None,
        since: str | None = None,
        until: str | None = None,
        search: str | None = None,
    ) -> None:
        """Change all filters at once (``search=None`` keeps the search text)."""
        self.location_id, self.status, self.since, self.until = location_id, status, since, until
        if search is not None:
            self.search = search
        self._apply()

    def set_search(self, text: str) -> None:
        self.search = text
        self._apply()

    def _source_reset(self) -> None:
        # The rows are new: so are their haystacks and what matches.
        self._rebuild_haystacks(self._model())
        self._accepted = self._matching()

    def _source_reordered(self, *_args: object) -> None:
        self._accepted = self._matching()

    def _rebuild_haystacks(self, model: QAbstractTableModel) -> None:
        if not isinstance(model, VisitsModel):
            return
        self._haystacks = {
            v.id: f"{v.location} {v.evaluator_code} {v.scenario} {v.search_text}".casefold()
            for v in model.visits()
        }

    def _matching(self) -> list[bool] | None:
        words = self.search.casefold().split()
        location, status, since, until = self.location_id, self.status, self.since, self.until
        if not (words or location or status or since or until):
            return None
        hay = self._haystacks
        rows = self._model().visits()
        return [
            (location is None or v.location_id == location)
            and (status is None or v.status is status)
            and (since is None or v.date >= since)
            and (until is None or v.date <= until)
            and (not words or all(word in hay[v.id] for word in words))
            for v in rows
        ]

    def _apply(self) -> None:
        self.beginFilterChange()
        self._accepted = self._matching()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        accepted = self._accepted
        return accepted is None or accepted[source_row]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the source (fast, in Python); this proxy keeps the source's order."""
        model = self.sourceModel()
        if model is not None:
            model.sort(column, order)

    def visit(self, proxy_row: int) -> VisitSummary:
        return self._model().visit(self.mapToSource(self.index(proxy_row, 0)).row())

    @property
    def filtering(self) -> bool:
        return self._accepted is not None
