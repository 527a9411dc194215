"""The visit list's model and filter: Qt's model contract, sorting, and every filter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt

from undercover.domain.visit import Assessment, Channel, VisitStatus, VisitSummary
from undercover.ui.visits_model import SUMMARY_ROLE, VisitFilter, VisitsModel, format_day


def summary(n: int, **changes) -> VisitSummary:
    values = dict(
        id=f"visit-{n:03d}", location_id=f"loc-{n % 3}",
        location=["Harbour", "Market", "Station"][n % 3],
        date=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", channel=Channel.IN_PERSON,
        evaluator_code=f"MS-{n % 4}",
        status=VisitStatus.DRAFT if n % 5 == 0 else VisitStatus.COMPLETED,
        assessment=Assessment.OBSERVED, checklist_key="customer-centric", checklist_version=1,
        scenario=f"Scenario {n}", score=None if n % 7 == 0 else float(40 + n % 60),
        empathy=None, serving=None, presence=None, flagged=n % 6 == 0,
        updated_at=f"2025-06-01T10:{n % 60:02d}:00",
        search_text=f"note {n} queue" if n % 4 == 0 else "",
    )
    values.update(changes)
    return VisitSummary(**values)


@pytest.fixture
def rows() -> list[VisitSummary]:
    return [summary(n) for n in range(60)]


def test_the_model_and_its_filter_keep_qts_model_contract(qtmodeltester, rows):
    model = VisitsModel()
    model.set_visits(rows)
    qtmodeltester.check(model, force_py=True)
    proxy = VisitFilter()
    proxy.setSourceModel(model)
    proxy.set_filters(status=VisitStatus.COMPLETED, search="queue")
    qtmodeltester.check(proxy, force_py=True)


def test_rows_show_date_location_channel_evaluator_status_and_score(rows):
    model = VisitsModel()
    model.set_visits([summary(1, score=72.4, date="2025-05-12", channel=Channel.PHONE)])
    shown = [model.index(0, c).data() for c in range(VisitsModel.COLUMN_COUNT)]
    assert shown == ["12 May 2025", "Market", "Phone", "MS-1", "Completed", "72"]
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)]
    assert headers == ["Date", "Location", "Channel", "Evaluator", "Status", "Score"]
    assert format_day("not a date") == "not a date"


def test_newest_first_and_header_sorting_goes_through_the_source(rows):
    model = VisitsModel()
    model.set_visits(rows)
    dates = [model.visit(r).date for r in range(model.rowCount())]
    assert dates == sorted(dates, reverse=True)
    proxy = VisitFilter()
    proxy.setSourceModel(model)
    proxy.sort(VisitsModel.SCORE, Qt.SortOrder.DescendingOrder)
    scores = [proxy.visit(r).score for r in range(proxy.rowCount())]
    assert scores[:3] == sorted((s for s in scores if s is not None), reverse=True)[:3]
    assert scores[-1] is None, "visits without a score sort last when best comes first"
    proxy.sort(VisitsModel.LOCATION, Qt.SortOrder.AscendingOrder)
    names = [proxy.index(r, VisitsModel.LOCATION).data() for r in range(proxy.rowCount())]
    assert names == sorted(names)
    assert proxy.sortColumn() == -1  # the proxy itself never sorts: the source does
    proxy.set_filters(status=VisitStatus.DRAFT)
    proxy.sort(VisitsModel.SCORE, Qt.SortOrder.AscendingOrder)  # re-sorted while filtered
    drafts = [proxy.visit(r) for r in range(proxy.rowCount())]
    assert {v.id for v in drafts} == {v.id for v in rows if v.status is VisitStatus.DRAFT}
    assert [v.score for v in drafts if v.score is not None] == sorted(
        v.score for v in drafts if v.score is not None
    )


def test_filters_by_location_status_dates_and_search(rows):
    model = VisitsModel()
    model.set_visits(rows)
    proxy = VisitFilter()
    proxy.setSourceModel(model)

    def shown() -> set[str]:
        return {proxy.visit(r).id for r in range(proxy.rowCount())}

    assert len(shown()) == 60 and not proxy.filtering
    proxy.set_filters(location_id="loc-1")
    assert shown() == {v.id for v in rows if v.location_id == "loc-1"}
    proxy.set_filters(status=VisitStatus.DRAFT)
    assert shown() == {v.id for v in rows if v.status is VisitStatus.DRAFT}
    proxy.set_filters(since="2025-03-01", until="2025-04-30")
    assert shown() == {v.id for v in rows if "2025-03-01" <= v.date <= "2025-04-30"}
    proxy.set_filters()
    proxy.set_search("QUEUE note")  # words in any order, any case
    assert shown() == {v.id for v in rows if "queue" in v.search_text}
    proxy.set_search("Scenario 17")
    assert shown() == {"visit-017"}
    proxy.set_search("")
    assert len(shown()) == 60


def test_a_reset_source_is_filtered_again(rows):
    model = VisitsModel()
    model.set_visits(rows)
    proxy = VisitFilter()
    proxy.setSourceModel(model)
    proxy.set_search("harbour")
    before = proxy.rowCount()
    model.set_visits([*rows, summary(60, location="Harbour", location_id="loc-0")])
    assert proxy.rowCount() == before + 1
    assert all(
        proxy.index(r, 0).data(SUMMARY_ROLE).location == "Harbour" for r in range(proxy.rowCount())
    )
    assert isinstance(proxy, QSortFilterProxyModel)


def test_changed_rows_are_updated_in_place_and_sorted_only_when_out_of_place(
    qtmodeltester, rows
):
    import dataclasses

    model = VisitsModel()
    model.set_visits(rows)
    proxy = VisitFilter()
    proxy.setSourceModel(model)
    resets, layouts, changed = [], [], []
    model.modelReset.connect(lambda: resets.append(1))
    model.layoutChanged.connect(lambda *_a: layouts.append(1))
    model.dataChanged.connect(lambda top, bottom, *_a: changed.append((top.row(), bottom.row())))
    # A new scenario, same date and time: the row stays where it is.
    row = 7
    visit = model.visit(row)
    model.update_visits([dataclasses.replace(visit, scenario="Asked about oat milk")])
    assert changed == [(row, row)] and not layouts and not resets
    assert model.visit(row).scenario == "Asked about oat milk"
    # A later date: the list (newest first) puts it at the top.
    newest = dataclasses.replace(model.visit(30), date="2030-01-01")
    model.update_visits([newest])
    assert layouts and not resets and model.visit(0).id == newest.id
    # A search that no longer matches the changed visit hides it, and one that does shows it.
    proxy.set_search("oat milk")
    assert [proxy.visit(r).id for r in range(proxy.rowCount())] == [visit.id]
    model.update_visits([dataclasses.replace(model.visit(model.row_of(visit.id)),
                                             scenario="Asked about soy")])
    assert proxy.rowCount() == 0
    model.update_visits([dataclasses.replace(newest, search_text="oat milk froth")])
    assert [proxy.visit(r).id for r in range(proxy.rowCount())] == [newest.id]
    # New and removed visits reset the model.
    model.update_visits([summary(99)], removed=[rows[0].id])
    assert resets and model.rowCount() == 60 and model.row_of(rows[0].id) is None
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(proxy, force_py=True)
