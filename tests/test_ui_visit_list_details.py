"""The visit list as an owner reads it: scores only where the answers support one, drop-down
arrows, a calendar whose weekday names fit, and a sort arrow that leaves "Score" whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QStyle,
    QStyleOptionHeader,
    QStyleOptionViewItem,
    QTableView,
)

from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.ui import style
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner
from undercover.ui.visits_model import VisitsModel


@pytest.fixture(autouse=True)
def _styled(qapp):
    """The app's own look: the bugs below only show with its style sheet."""
    before = qapp.styleSheet()
    style.apply_style(qapp)
    yield
    qapp.setStyleSheet(before)


@pytest.fixture
def store(tmp_path) -> Store:
    store = Store.open(tmp_path / "visits.db")
    yield store
    store.close()


def make(store: Store, place: Location, day: str, answers: dict[str, Answer],
         complete: bool) -> str:
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(place.id, checklist.key, checklist.version,
                                      started_at=f"{day}T10:00:00+00:00", answers=answers))
    if complete:
        store.visits.complete(visit.id)
    return visit.id


def coverage_cases(store: Store) -> dict[str, str]:
    """Visits that cover the rule from both sides, by name."""
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    place = store.locations.add(Location("Harbour Street"))
    every_na = {q.id: Answer(q.id, na=True) for q in checklist.questions}
    good = {"greeting": Answer("greeting", value=5)}
    poor = {"greeting": Answer("greeting", value=1), "courtesy": Answer("courtesy", value=0)}
    required = {"courtesy": Answer("courtesy", value=1),
                "accurate_and_kept": Answer("accurate_and_kept", value=1),
                "likely_return": Answer("likely_return", value=8),
                "likely_recommend": Answer("likely_recommend", value=8)}
    return {
        # Completed with every question answered (N/A counts): a headline score.
        make(store, place, "2026-03-01", {**every_na, **required, **poor}, True): "poor complete",
        # A draft with enough answers: its score is shown, provisional.
        make(store, place, "2026-03-02", {**every_na, **good}, False): "good draft",
        # A draft with one glowing answer: no score yet.
        make(store, place, "2026-03-03", good, False): "sparse draft",
        # Completed with glowing answers to the three required scored questions only: as in
        # its report, not enough answers.
        make(store, place, "2026-03-04", {**required, **good}, True): "sparse complete",
        # Nothing answered at all.
        make(store, place, "2026-03-05", {}, False): "empty draft",
    }


def open_window(qtbot, store: Store) -> MainWindow:
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def rows(window: MainWindow, names: dict[str, str]) -> list[tuple[str, str]]:
    proxy = window.list_page.proxy
    return [(names[proxy.visit(r).id], proxy.index(r, VisitsModel.SCORE).data())
            for r in range(proxy.rowCount())]


def click_header(qtbot, window: MainWindow, column: int) -> None:
    header = window.list_page.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))


def test_a_visit_below_the_minimum_coverage_shows_not_enough_answers(qtbot, store):
    names = coverage_cases(store)
    window = open_window(qtbot, store)
    shown = dict(rows(window, names))
    poor = next(i for i, name in names.items() if name == "poor complete")
    headline = store.visits.scorecard(poor).headline
    assert headline is not None and headline < 60
    assert shown["poor complete"] == f"{headline:.0f}"
    assert shown["good draft"] == "100"
    assert shown["sparse draft"] == "not enough answers"
    assert shown["sparse complete"] == "not enough answers"
    assert shown["empty draft"] == "–"
    model = window.list_page.model
    tips = {names[model.visit(r).id]: model.index(r, VisitsModel.SCORE).data(
        Qt.ItemDataRole.ToolTipRole) for r in range(model.rowCount())}
    total = store.visits.summaries()[0].scored_total
    assert tips["sparse complete"].startswith(f"3 of {total} scored questions answered")
    assert "60%" in tips["sparse complete"]
    assert tips["sparse draft"].startswith(f"1 of {total} scored questions answered")
    assert tips["good draft"] == "Provisional: this visit is still a draft"
    assert tips["poor complete"] == "A critical question went badly in this visit"


def test_sorting_by_score_never_ranks_a_draft_or_a_sparse_visit_among_completed_ones(
    qtbot, store
):
    names = coverage_cases(store)
    window = open_window(qtbot, store)
    header = window.list_page.table.horizontalHeader()
    click_header(qtbot, window, VisitsModel.SCORE)
    if header.sortIndicatorOrder() is not Qt.SortOrder.DescendingOrder:
        click_header(qtbot, window, VisitsModel.SCORE)
    assert header.sortIndicatorOrder() is Qt.SortOrder.DescendingOrder
    order = [name for name, _score in rows(window, names)]
    # The poor completed visit outranks the draft's provisional 100 and both glowing sparse visits.
    assert order[:2] == ["poor complete", "good draft"]
    assert set(order[2:]) == {"sparse draft", "sparse complete", "empty draft"}
    click_header(qtbot, window, VisitsModel.SCORE)
    order = [name for name, _score in rows(window, names)]
    assert order[-2:] == ["good draft", "poor complete"]


def test_the_row_painter_draws_the_words_not_a_pill(qtbot, store):
    names = coverage_cases(store)
    window = open_window(qtbot, store)
    table = window.list_page.table
    proxy = window.list_page.proxy
    image = table.viewport().grab().toImage()

    def pill_pixels(name: str) -> int:
        row = next(r for r in range(proxy.rowCount()) if names[proxy.visit(r).id] == name)
        rect = table.visualRect(proxy.index(row, VisitsModel.SCORE))
        green = QColor(style.GOOD)
        return sum(
            1 for x in range(rect.left(), rect.right(), 2)
            for y in range(rect.top(), rect.bottom(), 2)
            if QColor(image.pixel(x, y)) == green
        )

    assert pill_pixels("good draft") > 0  # 100 in green
    assert pill_pixels("sparse complete") == 0  # a glowing answer, yet no green score


def test_drop_down_lists_and_date_fields_show_their_arrow(qtbot, tmp_path):
    combo = QComboBox()
    combo.addItems(["All locations", "Harbour Street"])
    combo.resize(200, 30)
    qtbot.addWidget(combo)
    combo.show()
    qtbot.waitExposed(combo)
    image = combo.grab().toImage()
    arrow_zone = [QColor(image.pixel(x, y)) for x in range(image.width() - 26, image.width() - 4)
                  for y in range(4, image.height() - 4)]
    dark = [c for c in arrow_zone if c.lightness() < 160]
    assert len(dark) >= 6, "a chevron is drawn at the right of the drop-down"
    for name in ("chevron-down.png", "chevron-up.png"):
        assert Path(style._icon(name)).is_file()


def test_the_calendars_weekday_names_fit_their_column(qtbot):
    from undercover.ui.visit_list import VisitListPage

    page = VisitListPage()
    qtbot.addWidget(page)
    page.date_filter.setCurrentIndex(page.date_filter.count() - 1)  # Custom range…
    calendar = page.since_edit.calendarWidget()
    calendar.setSelectedDate(QDate(2026, 11, 7))
    calendar.resize(calendar.sizeHint())
    calendar.show()
    qtbot.waitExposed(calendar)
    view = calendar.findChild(QTableView)
    metrics = QFontMetrics(view.font())
    for column in range(7):
        index = view.model().index(0, column)
        option = QStyleOptionViewItem()
        option.initFrom(view)
        option.rect = view.visualRect(index)
        view.itemDelegate().initStyleOption(option, index)
        text_rect = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText,
                                                option, view)
        name = str(index.data())
        assert metrics.horizontalAdvance(name) <= text_rect.width(), name


def test_the_sort_arrow_leaves_the_score_title_whole(qtbot, store):
    coverage_cases(store)
    window = open_window(qtbot, store)
    header = window.list_page.table.horizontalHeader()
    header.setSortIndicator(VisitsModel.SCORE, Qt.SortOrder.DescendingOrder)
    option = QStyleOptionHeader()
    header.initStyleOption(option)
    option.section = VisitsModel.SCORE
    option.text = "Score"
    option.rect = header.rect().adjusted(header.sectionViewportPosition(VisitsModel.SCORE), 0, 0, 0)
    option.rect.setWidth(header.sectionSize(VisitsModel.SCORE))
    option.sortIndicator = QStyleOptionHeader.SortIndicator.SortDown
    alignment = window.list_page.model.headerData(
        VisitsModel.SCORE, Qt.Orientation.Horizontal, Qt.ItemDataRole.TextAlignmentRole
    )
    assert alignment is None  # the header's own left alignment, as every title
    arrow = header.style().subElementRect(QStyle.SubElement.SE_HeaderArrow, option, header)
    words = QFontMetrics(header.font()).horizontalAdvance("Score") + 16
    assert option.rect.left() + words < arrow.left()


def test_number_fields_show_their_up_and_down_arrows(qtbot):
    from PySide6.QtWidgets import QSpinBox

    spin = QSpinBox()
    spin.resize(140, 34)
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    image = spin.grab().toImage()
    middle = image.height() // 2

    def chevron_columns(top: int, bottom: int) -> int:
        """Columns with dark pixels: a chevron spans several, a border line one."""
        return len({x for x in range(image.width() - 20, image.width() - 3)
                    for y in range(top, bottom) if QColor(image.pixel(x, y)).lightness() < 170})

    assert chevron_columns(3, middle - 1) >= 5, "an up arrow"
    assert chevron_columns(middle + 1, image.height() - 4) >= 5, "a down arrow"
