"""Work done by real, separate processes racing on one database file (see test_races.py).

Each function runs in its own interpreter (multiprocessing "spawn"), opens its
own Store, and meets the other process at a barrier before every round, so both
write at the same moment. Results go back as plain tuples.
"""

from __future__ import annotations

import traceback
from multiprocessing.synchronize import Barrier
from pathlib import Path

from undercover.domain.visit import Location
from undercover.errors import UndercoverError
from undercover.store import Store

BARRIER_TIMEOUT_S = 60


def outcome(fn) -> tuple[str, str]:
    try:
        return "ok", str(fn())
    except UndercoverError as exc:
        return "refused", str(exc)
    except Exception:  # anything else is the bug these races look for
        return "crashed", traceback.format_exc()


def add_locations(db: Path, names: list[str], barrier: Barrier) -> list[tuple[str, str]]:
    """Add each name in turn, in step with the other process."""
    results = []
    with Store.open(db, busy_timeout=30) as store:
        for name in names:
            barrier.wait(BARRIER_TIMEOUT_S)
            results.append(outcome(lambda n=name: store.locations.add(Location(n)).id))
    return results


def rename_locations(db: Path, moves: list[tuple[str, str]], barrier: Barrier
                     ) -> list[tuple[str, str]]:
    """Rename each (location id, new name) in turn, in step with the other process."""
    results = []
    with Store.open(db, busy_timeout=30) as store:
        for location_id, name in moves:
            location = store.locations.get(location_id)
            location.name = name
            barrier.wait(BARRIER_TIMEOUT_S)
            results.append(outcome(lambda loc=location: store.locations.update(loc)))
    return results


def add_photo(db: Path, jpeg: Path, visit_ids: list[str], barrier: Barrier
              ) -> list[tuple[str, str]]:
    """Add the same photo to each visit in turn, in step with the other process.

    The result is "new <id>" or "duplicate <id>".
    """
    from undercover.store.photo_intake import prepare_photo

    prepared = prepare_photo(jpeg)
    results = []
    with Store.open(db, busy_timeout=30) as store:
        for visit_id in visit_ids:
            barrier.wait(BARRIER_TIMEOUT_S)

            def add(v: str = visit_id) -> str:
                added = store.photos.add(v, prepared)
                return f"{'duplicate' if added.duplicate else 'new'} {added.photo.id}"

            results.append(outcome(add))
    return results
