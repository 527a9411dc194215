"""The visit list as a table model, and the filter over it (location, status, dates, search).

Built for 10,000 rows: rows are the store's ``VisitSummary`` values (no
answers, no photos), display strings are made only for rows on screen, and
both sorting and filtering are decided in plain Python once per change
instead of through a Python call per comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
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

from undercover.domain.visit import MIN_COVERAGE, VisitStatus, VisitSummary
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

    def update_visits(self, changed: Sequence[VisitSummary], removed: Iterable[str] = ()) -> None:
        """Put in the visits that changed and take out the removed ones; other rows stay.

        Rows changed in place are announced as changed data (the view repaints them); the
        rows are sorted again only if a changed row no longer sits between its neighbours,
        and only new or removed rows reset the model.
        """
        gone = set(removed)
        fresh = {v.id: v for v in changed}
        known = {v.id for v in self._rows}
        if gone & known or any(i not in known for i in fresh):
            rows = [fresh.pop(v.id, v) for v in self._rows if v.id not in gone]
            self.set_visits([*rows, *fresh.values()])
            return
        rows = [row for row, visit in enumerate(self._rows) if visit.id in fresh]
        for row in rows:
            self._rows[row] = fresh[self._rows[row].id]
        for row in rows:
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMN_COUNT - 1))
        last = len(self._rows) - 1
        if any(
            (row > 0 and not self._in_order(self._rows[row - 1], self._rows[row]))
            or (row < last and not self._in_order(self._rows[row], self._rows[row + 1]))
            for row in rows
        ):
            self.sort(self._sort_column, self._sort_order)

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
        # Every title starts at the left (the header's default): the sort arrow sits at the
        # right of the section, and a right-aligned "Score" lost a letter under it.
        horizontal = orientation is Qt.Orientation.Horizontal
        if horizontal and 0 <= section < self.COLUMN_COUNT and role == Qt.ItemDataRole.DisplayRole:
            return self._titles[section]
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
            if column == self.SCORE:
                return self._score_tip(v)
            return tooltip_text(v.scenario) or None
        if role == Qt.ItemDataRole.ForegroundRole and column == self.STATUS:
            if v.in_conflict:
                return QColor(style.BAD)
            return QColor(style.FAIR if v.status is VisitStatus.DRAFT else style.MUTED)
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
        if v.headline is not None:
            return f"{v.headline:.0f}"
        return self.tr("not enough answers") if self.too_few_answers(v) else "–"

    @staticmethod
    def too_few_answers(v: VisitSummary) -> bool:
        """Answered in part, below the minimum coverage: no headline score, as in the report."""
        return not v.enough and bool(v.scored_answered) and bool(v.scored_total)

    def _score_tip(self, v: VisitSummary) -> str | None:
        tips = []
        if self.too_few_answers(v):
            tips.append(self.tr(
                "{0} of {1} scored questions answered: a score needs at least {2}%"
            ).format(v.scored_answered, v.scored_total, round(MIN_COVERAGE * 100)))
        elif v.headline is not None and v.status is VisitStatus.DRAFT:
            tips.append(self.tr("Provisional: this visit is still a draft"))
        if v.flagged:
            tips.append(self.tr("A critical question went badly in this visit"))
        return "\n".join(tips) or tooltip_text(v.scenario) or None

    def _sort_key(self, v: VisitSummary, column: int) -> object:
        if column == self.DATE:
            return v.date
        if column == self.SCORE:
            # Completed visits rank above drafts' provisional scores; no score comes last.
            if v.headline is None:
                return (0, 0.0)
            return (2 if v.status is VisitStatus.COMPLETED else 1, v.headline)
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

    def _in_order(self, a: VisitSummary, b: VisitSummary) -> bool:
        """Whether ``a`` may come before ``b`` in the order ``_sort_rows`` makes."""
        key_a, key_b = self._sort_key(a, self._sort_column), self._sort_key(b, self._sort_column)
        if key_a != key_b:
            descending = self._sort_order is Qt.SortOrder.DescendingOrder
            return key_a > key_b if descending else key_a < key_b  # type: ignore[operator]
        if a.date != b.date:
            return a.date > b.date
        return a.updated_at >= b.updated_at

    def _sort_rows(self) -> None:
        column = self._sort_column
        # Ties keep the newest first, so equal locations still read in date order.
        self._rows.sort(key=lambda v: v.updated_at, reverse=True)
        self._rows.sort(key=lambda v: v.date, reverse=True)
        self._rows.sort(
            key=lambda v: self._sort_key(v, column),
            reverse=self._sort_order is Qt.SortOrder.DescendingOrder,
        )


def _haystack(v: VisitSummary) -> str:
    """What a search looks through for one visit."""
    return f"{v.location} {v.evaluator_code} {v.scenario} {v.search_text}".casefold()


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
            old.dataChanged.disconnect(self._source_changed)
        # Connected before the proxy's own handlers, so the answers are fresh when it asks.
        model.modelReset.connect(self._source_reset)
        model.layoutChanged.connect(self._source_reordered)
        model.dataChanged.connect(self._source_changed)
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

    def _source_changed(self, top_left: Index, bottom_right: Index, *_args: object) -> None:
        # A visit changed in place: its haystack is new, and it may match or not any more.
        model = self._model()
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._haystacks[model.visit_id(row)] = _haystack(model.visit(row))
        if self._accepted is not None and self._matching() != self._accepted:
            self._apply()

    def _rebuild_haystacks(self, model: QAbstractTableModel) -> None:
        if not isinstance(model, VisitsModel):
            return
        self._haystacks = {v.id: _haystack(v) for v in model.visits()}

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
