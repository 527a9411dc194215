"""Shared by the GUI benchmarks: a big, realistic database, built once and kept in benchmarks/out/.

Run by hand; nothing here is part of the test suite.
"""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from pathlib import Path

from undercover.domain.checklist import QuestionKind
from undercover.domain.visit import Answer, Channel, Location, Visit, VisitStatus
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST

OUT = Path(__file__).parent / "out"
ANSWERS_PER_VISIT = 40
NOTES = [
    "Queue of six, one till open.",
    "Barista checked a phone twice while taking my order.",
    "Asked who the cake was for and remembered the allergy.",
    "Offered a sample of the new roast without being asked.",
    "Talked over me twice while I was explaining.",
    "Promised to call back about catering; no call came.",
]
PLACES = ["Harbour Street", "Market Square", "Station Road", "Riverside", "Old Town"]


def big_database(visits: int = 10_000, seed: int = 1) -> Path:
    """A database with ``visits`` visits of about 40 answers each (built once, then reused)."""
    OUT.mkdir(exist_ok=True)
    path = OUT / f"visits-{visits}.db"
    if path.exists():
        return path
    partial = path.with_name(path.name + ".part")
    partial.unlink(missing_ok=True)
    rng = random.Random(seed)
    started = time.perf_counter()
    with Store.open(partial) as store:
        checklist = store.checklists.get(DEFAULT_CHECKLIST)
        questions = checklist.questions[:ANSWERS_PER_VISIT]
        locations = [store.locations.add(Location(name)) for name in PLACES]
        first_day = datetime(2022, 1, 3, 9, 0).astimezone()
        with store.db.atomic():  # one commit for the lot: each create() is a savepoint inside
            for n in range(visits):
                day = first_day + timedelta(hours=3 * n + rng.randint(0, 2))
                answers = {}
                for q in questions:
                    if q.kind is QuestionKind.TEXT:
                        answers[q.id] = Answer(q.id, text=rng.choice(NOTES))
                    elif q.kind is QuestionKind.NUMBER:
                        answers[q.id] = Answer(q.id, value=float(rng.randint(0, 8)))
                    elif q.kind is QuestionKind.YES_NO:
                        answers[q.id] = Answer(q.id, value=float(rng.random() < 0.8))
                    elif q.kind is QuestionKind.LIKELIHOOD:
                        answers[q.id] = Answer(q.id, value=float(rng.randint(3, 10)))
                    else:
                        answers[q.id] = Answer(q.id, value=float(rng.randint(1, 5)))
                    if rng.random() < 0.05:
                        answers[q.id].note = rng.choice(NOTES)
                store.visits.create(Visit(
                    location_id=rng.choice(locations).id,
                    checklist_key=checklist.key,
                    checklist_version=checklist.version,
                    channel=rng.choice(list(Channel)),
                    scenario=f"Visit {n}: bought a coffee and asked about cakes",
                    evaluator_code=f"MS-{rng.randint(1, 40):03d}",
                    started_at=day.isoformat(timespec="seconds"),
                    status=VisitStatus.COMPLETED if rng.random() < 0.9 else VisitStatus.DRAFT,
                    answers=answers,
                ))
    partial.rename(path)
    print(f"built {path.name}: {visits} visits in {time.perf_counter() - started:.1f} s")
    return path
