"""Completed visits stay completed when a draft of them arrives from another laptop.

A shopper starts a visit on an old laptop, moves it to a new one and completes it
there; later the old laptop, which never heard of the completion, edits its draft
and sends it. Whatever the clocks say and in whatever order the owner imports the
two, the visit stays completed and the draft is kept beside it, never lost.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import contents
from test_report import make_visit

from undercover.domain.visit import Answer, VisitStatus
from undercover.exchange.bundle import export_bundle
from undercover.exchange.importer import import_bundles
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.merge import combine
from undercover.store.records import visit_ids


def send(path: Path, out: Path) -> Path:
    with Store.open(path) as store:
        export_bundle(store, visit_ids(store.db), out)
    return out


def set_clock(path: Path, visit_id: str, when: str) -> None:
    """The visit's updated time as a laptop with a wrong clock would have written it."""
    with Store.open(path) as store:
        store.db.execute("UPDATE visits SET updated_at = ? WHERE id = ?", [when, visit_id])
        store.db.conn.commit()


@pytest.fixture
def laptops(tmp_path: Path) -> dict:
    """The old laptop's draft (started there) and the new laptop's completed copy."""
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    with Store.open(old) as store:
        visit_id = make_visit(store, location="Station Road", complete=False).id
    started = send(old, tmp_path / "started.undercover")
    with Store.open(new) as store:
        import_bundles([started], store)
        store.visits.complete(visit_id)
    return {"old": old, "new": new, "id": visit_id, "started": started, "tmp": tmp_path}


def status_of(path: Path, visit_id: str) -> VisitStatus:
    with Store.open(path) as store:
        return store.visits.get(visit_id).status


def test_a_newer_draft_from_a_laptop_that_never_saw_the_completion_is_kept_beside_it(laptops):
    old, visit_id, tmp = laptops["old"], laptops["id"], laptops["tmp"]
    completed = send(laptops["new"], tmp / "completed.undercover")
    with Store.open(old) as store:  # later than the completion, on the old laptop
        store.visits.save_answer(visit_id, Answer("greeting", 1.0, note="late <&> 🙂"))
    set_clock(old, visit_id, "2099-01-01T00:00:00Z")
    draft = send(old, tmp / "draft.undercover")

    owner = tmp / "owner.db"
    with Store.open(owner) as store:
        assert import_bundles([completed], store).added == [visit_id]
        summary = import_bundles([draft], store)
        assert summary.conflict == [visit_id]
        shown = store.visits.get(visit_id)
        assert shown.status is VisitStatus.COMPLETED
        assert shown.answers["greeting"].value == 4  # the completed version's answer
        [kept] = store.merger.conflicts(visit_id)  # the draft is not lost
        assert kept["status"] == "draft"
        assert {a["question_id"]: a["note"] for a in kept["answers"]}["greeting"] == "late <&> 🙂"
        [row] = [v for v in store.visits.summaries() if v.id == visit_id]
        assert row.status is VisitStatus.COMPLETED and row.in_conflict
        assert import_bundles([completed, draft], store).changes == 0
    other = tmp / "owner2.db"
    with Store.open(other) as store:  # the draft first: the same database in the end
        assert import_bundles([draft], store).added == [visit_id]
        assert store.visits.get(visit_id).status is VisitStatus.DRAFT  # all it knows so far
        assert import_bundles([completed], store).conflict == [visit_id]
        assert store.visits.get(visit_id).status is VisitStatus.COMPLETED
    assert contents(owner) == contents(other)


def test_two_completed_versions_in_conflict_still_show_the_newer(laptops):
    """The neighbour case: between two completed versions the newer one is shown."""
    old, new, visit_id, tmp = laptops["old"], laptops["new"], laptops["id"], laptops["tmp"]
    with Store.open(old) as store:
        store.visits.complete(visit_id)
        store.visits.update(visit_id, scenario="Completed on the old laptop")
    set_clock(old, visit_id, "2099-01-01T00:00:00Z")
    bundles = [send(new, tmp / "new.undercover"), send(old, tmp / "old.undercover")]
    with Store.open(tmp / "owner.db") as store:
        assert import_bundles(bundles, store).conflict == [visit_id]
        assert store.visits.get(visit_id).scenario == "Completed on the old laptop"


def test_an_old_draft_with_a_clock_ahead_changes_nothing(laptops):
    """A draft the completed version has already seen is older, whatever its time says."""
    new, visit_id, tmp = laptops["new"], laptops["id"], laptops["tmp"]
    set_clock(laptops["old"], visit_id, "2099-01-01T00:00:00Z")
    stale = send(laptops["old"], tmp / "stale.undercover")
    with Store.open(new) as store:
        summary = import_bundles([stale], store)
        assert summary.unchanged == [visit_id] and summary.changes == 0
        assert store.visits.get(visit_id).status is VisitStatus.COMPLETED
        assert store.merger.conflicts(visit_id) == []


def test_a_draft_that_has_seen_the_completion_does_not_arise_from_a_plain_edit(laptops):
    """Editing a completed visit keeps it completed: the edit that travels is completed."""
    new, visit_id, tmp = laptops["new"], laptops["id"], laptops["tmp"]
    with Store.open(new) as store:
        store.visits.save_answer(visit_id, Answer("greeting", 2.0))
        assert store.visits.get(visit_id).status is VisitStatus.COMPLETED
    edited = send(new, tmp / "edited.undercover")
    with Store.open(laptops["old"]) as store:
        assert import_bundles([edited], store).updated == [visit_id]
        assert store.visits.get(visit_id).status is VisitStatus.COMPLETED


def test_resolving_with_the_drafts_details_keeps_the_visit_completed(laptops):
    old, visit_id, tmp = laptops["old"], laptops["id"], laptops["tmp"]
    completed = send(laptops["new"], tmp / "completed.undercover")
    with Store.open(old) as store:
        store.visits.update(visit_id, scenario="Draft scenario, written later")
        store.visits.update(visit_id, ended_at=None)
    draft = send(old, tmp / "draft.undercover")
    with Store.open(tmp / "owner.db") as store:
        import_bundles([completed, draft], store)
        main = store.merger.read(visit_id)
        [kept] = store.merger.conflicts(visit_id)
        assert (main["status"], kept["status"]) == ("completed", "draft")
        chosen = combine(main, kept, ["visit"])  # the owner prefers the draft's details
        assert chosen["status"] == "draft"
        store.merger.resolve(visit_id, chosen, store.settings.get(keys.MACHINE_ID),
                             "2099-02-01T00:00:00Z")
        resolved = store.visits.get(visit_id)
        assert resolved.scenario == "Draft scenario, written later"
        assert resolved.status is VisitStatus.COMPLETED
        assert resolved.ended_at == main["ended_at"]  # the draft had none
        assert resolved.edited_at == "2099-02-01T00:00:00Z"
        assert store.merger.conflicts(visit_id) == []
