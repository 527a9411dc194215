"""When a visit happened, as the evaluator says: checked, written through, merged, printed.

The store keeps the times the evaluator entered (completing never overwrites an
end already given), refuses impossible ones with one plain line, counts each
change as an edit so it travels to other computers, and moves a location's
visits before the location is deleted.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from exchange_helpers import add_visit

from undercover.domain.times import check_visit_times, to_utc
from undercover.domain.visit import Answer, Location, Visit
from undercover.errors import UndercoverError
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.report.visit_report import export_visits
from undercover.store import Store

OLD = "2026-01-02T03:04:05Z"  # an updated time long past, so a bump is seen


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "shop.db") as s:
        yield s


def a_visit(store: Store, name: str = "Harbour Street", **kw) -> Visit:
    location = store.locations.find(name) or store.locations.add(Location(name))
    checklist = store.checklists.get("customer-centric")
    kw.setdefault("started_at", "2026-03-14T10:15:00+01:00")
    # The required questions answered, so the visit can be completed.
    kw.setdefault("answers", {q.id: Answer(q.id, float(q.scale[1]))
                              for q in checklist.questions if q.required})
    return store.visits.create(Visit(location.id, checklist.key, checklist.version,
                                     updated_at=OLD, **kw))


def row(store: Store, visit_id: str) -> dict:
    cursor = store.db.execute(
        "SELECT started_at, ended_at, updated_at, versions, edited_at, location_id "
        "FROM visits WHERE id = ?", [visit_id])
    names = [d[0] for d in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


# -- the rule itself ----------------------------------------------------------------------


def test_end_before_start_and_times_to_come_are_refused_with_one_line():
    now = datetime(2026, 3, 14, 12, 0, tzinfo=UTC)
    check_visit_times("2026-03-14T10:15:00Z", "2026-03-14T10:40:00Z", now)
    check_visit_times("2026-03-14T10:15:00Z", "2026-03-14T10:15:00Z", now)  # a quick call
    check_visit_times("2026-03-14T10:15:00Z", None, now)  # under way: no end yet
    check_visit_times(None, None, now)
    with pytest.raises(UndercoverError, match=r"cannot end .* before it starts"):
        check_visit_times("2026-03-14T10:15:00Z", "2026-03-14T10:14:59Z", now)
    with pytest.raises(UndercoverError, match="needs a start"):
        check_visit_times(None, "2026-03-14T10:15:00Z", now)
    # A few minutes ahead is a fast clock or a shopper at the door; more is a mistake.
    check_visit_times("2026-03-14T12:10:00Z", None, now)
    with pytest.raises(UndercoverError, match=r"The start .* is still to come"):
        check_visit_times("2026-03-14T12:10:01Z", None, now)
    with pytest.raises(UndercoverError, match=r"The end .* is still to come"):
        check_visit_times("2026-03-14T11:00:00Z", "2026-03-14T13:00:00Z", now)
    # Only the times being entered are held to the clock.
    check_visit_times("2026-03-14T13:00:00Z", "2026-03-14T13:30:00Z", now, new=())
    with pytest.raises(UndercoverError, match="not a date and time"):
        check_visit_times("yesterday", None, now)


def test_the_message_shows_local_times(paris_time):
    with pytest.raises(UndercoverError) as caught:
        check_visit_times("2026-03-14T10:15:00Z", "2026-03-14T10:00:00Z")
    assert str(caught.value) == "The visit cannot end (11:00) before it starts (11:15)."
    # Across midnight (Paris time), each time says its day.
    with pytest.raises(UndercoverError) as caught:
        check_visit_times("2026-03-14T23:15:00Z", "2026-03-14T22:00:00Z")
    assert str(caught.value) == (
        "The visit cannot end (14 Mar 2026, 23:00) before it starts (15 Mar 2026, 00:15).")


# -- the store -------------------------------------------------------------------------


def test_changing_the_times_writes_through_and_counts_as_an_edit(store):
    visit = a_visit(store)
    before = row(store, visit.id)
    store.visits.update(visit.id, started_at="2026-03-14T09:00:00+01:00",
                        ended_at="2026-03-14T09:25:00+01:00")
    after = row(store, visit.id)
    assert (after["started_at"], after["ended_at"]) == (
        "2026-03-14T08:00:00Z", "2026-03-14T08:25:00Z")
    assert after["updated_at"] > before["updated_at"] == OLD
    assert sum(json.loads(after["versions"]).values()) == (
        sum(json.loads(before["versions"]).values()) + 1)
    assert after["edited_at"] is None, "a draft's change is not an after-the-fact edit"


@pytest.mark.parametrize("changes, message", [
    ({"ended_at": "2026-03-14T10:00:00+01:00"}, "before it starts"),
    ({"started_at": "2026-03-14T11:00:00+01:00"}, "before it starts"),  # after the end
    ({"started_at": None}, "needs a start"),
    ({"ended_at": "2099-01-01T10:00:00Z"}, "still to come"),
    ({"started_at": "not a time"}, "not a date and time"),
])
def test_impossible_times_are_refused_and_nothing_changes(store, changes, message):
    visit = a_visit(store, ended_at="2026-03-14T10:40:00+01:00")
    before = row(store, visit.id)
    with pytest.raises(UndercoverError, match=message):
        store.visits.update(visit.id, **changes)
    assert row(store, visit.id) == before


def test_the_end_can_be_cleared_and_set_again(store):
    visit = a_visit(store, ended_at="2026-03-14T10:40:00+01:00")
    store.visits.update(visit.id, ended_at=None)
    assert row(store, visit.id)["ended_at"] is None
    store.visits.update(visit.id, ended_at="2026-03-14T10:50:00+01:00")
    assert row(store, visit.id)["ended_at"] == "2026-03-14T09:50:00Z"


def test_a_new_visit_that_ends_before_it_starts_is_refused(store):
    with pytest.raises(UndercoverError, match="before it starts"):
        a_visit(store, ended_at="2026-03-14T10:00:00+01:00")
    assert store.visits.count() == 0


def test_completing_keeps_the_end_the_evaluator_entered(store):
    visit = a_visit(store, ended_at="2026-03-14T10:40:00+01:00")
    store.visits.complete(visit.id)
    done = store.visits.get(visit.id)
    assert done.completed and done.ended_at == "2026-03-14T09:40:00Z"
    assert done.started_at == "2026-03-14T09:15:00Z"


def test_completing_without_an_end_records_now_never_before_the_start(store):
    visit = a_visit(store)
    before = to_utc(datetime.now(UTC).isoformat())
    store.visits.complete(visit.id)
    done = store.visits.get(visit.id)
    assert before <= done.ended_at <= to_utc(datetime.now(UTC).isoformat())
    # A visit started a few minutes ahead of the clock ends at its start, not before it.
    soon = to_utc((datetime.now(UTC) + timedelta(minutes=5)).isoformat())
    early = a_visit(store, "Market Square", started_at=soon)
    store.visits.complete(early.id)
    assert store.visits.get(early.id).ended_at == soon


def test_changing_a_completed_visit_records_when_it_was_edited(store):
    visit = a_visit(store, ended_at="2026-03-14T10:40:00+01:00")
    store.visits.complete(visit.id)
    store.visits.update(visit.id, ended_at="2026-03-14T10:45:00+01:00",
                        scenario="Bought a <b>flat white</b> & 🍰")
    done = store.visits.get(visit.id)
    assert done.ended_at == "2026-03-14T09:45:00Z" and done.edited_at
    assert done.scenario == "Bought a <b>flat white</b> & 🍰"


def test_moving_to_a_location_that_is_gone_is_refused(store):
    visit = a_visit(store)
    with pytest.raises(UndercoverError, match="no longer exists"):
        store.visits.update(visit.id, location_id="not-a-location")
    assert store.visits.get(visit.id).location_id == visit.location_id


# -- moving a location's visits before deleting it -------------------------------------


def test_a_locations_visits_move_and_then_it_is_deleted(store):
    first = a_visit(store, "Harbour Street")
    second = a_visit(store, "Harbour Street", started_at="2026-03-15T10:00:00Z")
    other = a_visit(store, "Market Square")
    old, new = first.location_id, other.location_id
    assert store.locations.visit_count(old) == 2
    with pytest.raises(UndercoverError, match="2 visits; move them"):
        store.locations.delete(old)
    assert store.locations.visit_count(old) == 2
    assert store.locations.delete(old, move_visits_to=new) == 2
    assert [loc.name for loc in store.locations.all()] == ["Market Square"]
    for visit in (first, second):
        moved = row(store, visit.id)
        assert moved["location_id"] == new and moved["updated_at"] > OLD
    assert row(store, other.id)["updated_at"] == OLD, "visits already there are untouched"
    assert store.db.execute(
        "SELECT count(*) FROM tombstones WHERE kind = 'location' AND id = ?", [old]
    ).fetchone()[0] == 1


def test_moving_nowhere_or_to_itself_changes_nothing(store):
    visit = a_visit(store, "Harbour Street")
    place = visit.location_id
    with pytest.raises(UndercoverError, match="no longer exists"):
        store.locations.delete(place, move_visits_to="gone")
    with pytest.raises(UndercoverError, match="another location"):
        store.locations.delete(place, move_visits_to=place)
    assert row(store, visit.id)["location_id"] == place
    assert row(store, visit.id)["updated_at"] == OLD
    assert store.locations.visit_count(place) == 1
    # A location without visits goes at once; moving its (no) visits is fine too.
    spare = store.locations.add(Location("Spare"))
    assert store.locations.delete(spare.id, move_visits_to=place) == 0
    assert store.locations.find("Spare") is None


def test_a_move_of_a_completed_visit_is_an_edit_of_it(store):
    visit = a_visit(store, "Harbour Street")
    store.visits.complete(visit.id)
    target = store.locations.add(Location("Market Square"))
    assert store.visits.move_visits(visit.location_id, target.id) == 1
    moved = store.visits.get(visit.id)
    assert moved.location_id == target.id and moved.edited_at


# -- merging ------------------------------------------------------------------------------


def test_changed_details_and_a_move_reach_another_computer(tmp_path):
    with Store.open(tmp_path / "shopper.db") as shopper, \
            Store.open(tmp_path / "owner.db") as owner:
        visit = add_visit(shopper, "Harbour Street", photos=0, seed=1)
        first = tmp_path / "first.undercover"
        export_bundle(shopper, [visit.id], first)
        import_bundles([first], owner)
        # Written up later: the shopper corrects the times and moves it to the right place.
        target = shopper.locations.add(Location("Market Square"))
        shopper.visits.update(visit.id, started_at="2026-03-14T08:00:00+01:00",
                              ended_at="2026-03-14T08:20:00+01:00")
        shopper.locations.delete(visit.location_id, move_visits_to=target.id)
        second = tmp_path / "second.undercover"
        export_bundle(shopper, [visit.id], second)
        # Out of order and twice: the newer version wins every time.
        import_bundles([second], owner)
        import_bundles([first], owner)
        import_bundles([second], owner)
        merged = owner.visits.get(visit.id)
        assert (merged.started_at, merged.ended_at) == (
            "2026-03-14T07:00:00Z", "2026-03-14T07:20:00Z")
        assert owner.locations.get(merged.location_id).name == "Market Square"
        assert owner.visits.get(visit.id).answers == shopper.visits.get(visit.id).answers
        assert not owner.db.execute("SELECT count(*) FROM visit_conflicts").fetchone()[0]


# -- the report ---------------------------------------------------------------------------


def test_the_report_prints_when_the_visit_happened_not_when_it_was_typed(
    store, tmp_path, paris_time
):
    visit = a_visit(store, started_at="2026-03-14T09:05:00+01:00",
                    ended_at="2026-03-14T09:35:00+01:00",
                    )
    store.visits.complete(visit.id)  # typed up and completed now, months later
    out = tmp_path / "visit.pdf"
    export_visits(store, [visit.id], out)
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "Saturday 14 March 2026, 09:05–09:35" in text
    today = datetime.now().astimezone()
    assert f"{today:%H:%M}–" not in text


def test_a_version_in_conflict_moves_with_its_visit(tmp_path):
    with Store.open(tmp_path / "owner.db") as owner, \
            Store.open(tmp_path / "shopper.db") as shopper:
        visit = add_visit(owner, "Harbour Street", photos=0, seed=3)
        first = tmp_path / "first.undercover"
        export_bundle(owner, [visit.id], first)
        import_bundles([first], shopper)
        shopper.visits.update(visit.id, scenario="Changed by the shopper")
        owner.visits.update(visit.id, scenario="Changed by the owner")
        theirs = tmp_path / "theirs.undercover"
        export_bundle(shopper, [visit.id], theirs)
        import_bundles([theirs], owner)
        assert owner.merger.conflicts(visit.id), "both sides changed it"
        target = owner.locations.add(Location("Market Square"))
        owner.locations.delete(visit.location_id, move_visits_to=target.id)
        kept = owner.merger.conflicts(visit.id)
        assert kept and {v["location_id"] for v in kept} == {target.id}
        assert owner.visits.get(visit.id).location_id == target.id
