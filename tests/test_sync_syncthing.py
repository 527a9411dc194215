"""A shopper's visit reaches the owner through two real Syncthing instances on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest
from exchange_helpers import add_visit
from sync_helpers import complete, run
from syncthing_pair import Instance, available, wait_for

from undercover.domain.visit import Answer
from undercover.exchange.sync import sync_once
from undercover.store import Store

pytestmark = pytest.mark.slow

TIMEOUT_S = 90  # generous: two cores shared with the rest of the suite


@pytest.fixture
def pair(tmp_path: Path):
    if not available():
        pytest.fail("Syncthing is not installed: apt-get install syncthing "
                    "(it is listed in .ci/apt-packages)")
    shopper = Instance("shopper", tmp_path / "st-shopper", tmp_path / "shopper" / "Outbox")
    # As the README sets it up: the shopper's folder lands in a folder of its own in the inbox.
    owner = Instance("owner", tmp_path / "st-owner", tmp_path / "owner" / "Inbox" / "MS-014")
    logs = [tmp_path / "shopper.log", tmp_path / "owner.log"]
    try:
        for instance in (shopper, owner):
            instance.generate()
        shopper.configure(owner)
        owner.configure(shopper)
        shopper.start(logs[0])
        owner.start(logs[1])
        wait_for(lambda: shopper.connected_to(owner) and owner.connected_to(shopper),
                 TIMEOUT_S, "the two Syncthing instances to connect", logs)
        yield shopper, owner, logs
    finally:
        shopper.stop()
        owner.stop()


def arrives(owner_db: Path, inbox: Path, outcome: str, visit_id: str) -> bool:
    """One sync pass on the owner's side; true once it brought the visit ``outcome``."""
    with Store.open(owner_db) as store:
        report = sync_once(store, inbox=inbox)
    return visit_id in getattr(report.totals, outcome)


def test_a_completed_visit_arrives_with_its_photos_and_an_edit_replaces_it(pair, tmp_path):
    shopper_st, owner_st, logs = pair
    shopper_db, owner_db = tmp_path / "shopper.db", tmp_path / "owner.db"
    inbox = owner_st.folder.parent
    with Store.open(shopper_db) as store:
        visit_id = add_visit(store, "Łódź Old Town", photos=3, seed=4).id
        complete(store, visit_id)
    assert run("sync", "--db", shopper_db, "--outbox", shopper_st.folder) == 0
    shopper_st.scan()
    wait_for(lambda: arrives(owner_db, inbox, "added", visit_id), TIMEOUT_S,
             "the visit to arrive in the owner's database", logs)

    with Store.open(shopper_db) as shopper, Store.open(owner_db) as owner:
        photos = shopper.photos.list(visit_id)
        assert len(photos) == 3
        assert [p.id for p in owner.photos.list(visit_id)] == [p.id for p in photos]
        for photo in photos:
            assert owner.photos.jpeg(photo.id) == shopper.photos.jpeg(photo.id)
            assert owner.photos.thumbnail(photo.id) == shopper.photos.thumbnail(photo.id)
        assert owner.visits.answers(visit_id) == shopper.visits.answers(visit_id)
        assert owner.visits.scorecard(visit_id) == shopper.visits.scorecard(visit_id)

        # The shopper changes their mind; the same file is rewritten and travels again.
        shopper.visits.save_answer(visit_id, Answer("greeting", 5.0, note="warm after all"))
        [name] = sync_once(shopper, outbox=shopper_st.folder).sent
    shopper_st.scan()
    wait_for(lambda: arrives(owner_db, inbox, "updated", visit_id), TIMEOUT_S,
             "the edit to replace the visit in the owner's database", logs)
    with Store.open(owner_db) as owner, Store.open(shopper_db) as shopper:
        assert owner.visits.answers(visit_id)["greeting"].note == "warm after all"
        assert owner.visits.answers(visit_id) == shopper.visits.answers(visit_id)
        assert owner.visits.count() == 1
    bundles = sorted(p.name for p in owner_st.folder.iterdir() if not p.name.startswith("."))
    assert bundles == [name]

    # A damaged file is set aside on the owner's side, and the shopper sees why.
    damaged = shopper_st.folder / "damaged.undercover"
    damaged.write_bytes(b"PK\x03\x04 cut short")
    shopper_st.scan()
    wait_for((owner_st.folder / damaged.name).exists, TIMEOUT_S,
             "the damaged file to reach the owner", logs)
    with Store.open(owner_db) as owner:
        report = sync_once(owner, inbox=inbox, settle_s=0)
        assert [a.outcome for a in report.arrivals if a.outcome != "known"] == ["rejected"]
    owner_st.scan()
    note = shopper_st.folder / "rejected" / "damaged.undercover.txt"
    wait_for(note.exists, TIMEOUT_S, "the note to reach the shopper", logs)
    assert "not a bundle" in note.read_text()
    wait_for(lambda: not damaged.exists(), TIMEOUT_S,
             "the damaged file to leave the shopper's outbox", logs)
