"""Two programs writing one file at the same moment, with real processes.

Each test runs two separate interpreters that meet at a barrier before every
round and then write at once; 30 rounds catch a race that happens 1 time in 10
with near certainty (0.9 ** 30 < 5 %), and in practice these raced far more often.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
import race_workers
from images import make_jpeg

from undercover.domain.visit import Location, Visit
from undercover.store import Store

ROUNDS = 30


def race(fn, *per_process_args) -> list[list[tuple[str, str]]]:
    """Run ``fn`` in two fresh processes at once; each gets its own args plus a barrier."""
    context = multiprocessing.get_context("spawn")
    with context.Manager() as manager:
        barrier = manager.Barrier(2)
        with ProcessPoolExecutor(2, mp_context=context) as pool:
            futures = [pool.submit(fn, *args, barrier) for args in per_process_args]
            results = [f.result(timeout=240) for f in futures]
    for result in results:
        crashed = [detail for kind, detail in result if kind == "crashed"]
        assert not crashed, crashed[0]
    return results


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    Store.open(path).close()  # created before the race: opening a new file is another story
    return path


def test_two_programs_adding_the_same_location_get_one_and_a_plain_message(db):
    names = [f"Harbour Street {i}" for i in range(ROUNDS)]
    first, second = race(race_workers.add_locations, (db, names),
                         (db, [f"  harbour STREET {i} " for i in range(ROUNDS)]))
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        assert sorted([a[0], b[0]]) == ["ok", "refused"], (i, a, b)
        refused = a if a[0] == "refused" else b
        assert refused[1] in (f"There is already a location called Harbour Street {i}.",
                              f"There is already a location called harbour STREET {i}.")
    with Store.open(db) as store:
        assert len(store.locations.all()) == ROUNDS


def test_two_programs_renaming_to_the_same_name_keep_names_unique(db):
    with Store.open(db) as store:
        pairs = [(store.locations.add(Location(f"North {i}")).id,
                  store.locations.add(Location(f"South {i}")).id) for i in range(ROUNDS)]
    first, second = race(race_workers.rename_locations,
                         (db, [(north, f"Central {i}") for i, (north, _) in enumerate(pairs)]),
                         (db, [(south, f"central {i}") for i, (_, south) in enumerate(pairs)]))
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        assert sorted([a[0], b[0]]) == ["ok", "refused"], (i, a, b)
        assert "There is already a location called" in (a if a[0] == "refused" else b)[1]
    with Store.open(db) as store:
        names = [loc.name.lower() for loc in store.locations.all()]
    assert len(names) == 2 * ROUNDS
    assert Counter(names)["central 0"] == 1 and len(set(names)) == len(names)


def test_the_same_photo_from_two_programs_at_once_is_stored_once(db, tmp_path):
    jpeg = make_jpeg(tmp_path / "queue.jpg")
    with Store.open(db) as store:
        place = store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visits = [store.visits.create(Visit(location_id=place.id, checklist_key=checklist.key,
                                            checklist_version=checklist.version)).id
                  for _ in range(ROUNDS)]
    first, second = race(race_workers.add_photo, (db, jpeg, visits), (db, jpeg, visits))
    with Store.open(db) as store:
        for visit_id, a, b in zip(visits, first, second, strict=True):
            kinds = sorted([a[1].split()[0], b[1].split()[0]])
            assert kinds == ["duplicate", "new"], (a, b)
            assert a[1].split()[1] == b[1].split()[1]  # both windows show the same photo
            [photo] = store.photos.list(visit_id)
            assert photo.id == a[1].split()[1]
