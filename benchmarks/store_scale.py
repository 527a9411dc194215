"""How the store holds up at 10,000 visits of about 40 answers each.

Prints: `undercover list --json` wall time (a fresh process, as a script would run
it), the average score per location per month, and database bytes per visit
(no photos). Targets: 1 s, 100 ms, 30 KB.

    python benchmarks/store_scale.py [--visits 10000] [--db PATH]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

from undercover.domain.checklist import QuestionKind
from undercover.domain.visit import Answer, Channel, Location, Visit, VisitStatus
from undercover.store import Store

NOTES = ["Queue of six, one till open.", "Smiled & used my name.", "Looked at a phone <twice>.",
         "", "", "", ""]


def build(path: Path, visits: int) -> None:
    rng = random.Random(1)
    with Store.open(path) as store:
        checklist = store.checklists.get("customer-centric")
        questions = [q for q in checklist.questions]
        locations = [store.locations.add(Location(f"Branch {n}")) for n in range(1, 6)]
        start = datetime(2025, 1, 1, 9, 0).astimezone()
        with store.db.atomic():  # one transaction: building, not measuring writes
            for i in range(visits):
                answers = {}
                for q in rng.sample(questions, 40):
                    if q.kind is QuestionKind.TEXT:
                        answers[q.id] = Answer(q.id, text="Fine, nothing special.")
                    else:
                        low, high = q.scale or (0, 20)
                        answers[q.id] = Answer(q.id, float(rng.randint(low, high)),
                                               note=rng.choice(NOTES))
                when = (start + timedelta(minutes=53 * i)).isoformat()
                store.visits.create(Visit(
                    location_id=rng.choice(locations).id, checklist_key=checklist.key,
                    checklist_version=checklist.version, channel=Channel.IN_PERSON,
                    scenario="Bought a coffee", evaluator_code="MS-001", started_at=when,
                    ended_at=when, status=VisitStatus.COMPLETED, answers=answers,
                    created_at=when, updated_at=when,
                ))
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.execute("VACUUM")


def time_list(path: Path, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "undercover", "list", "--db", str(path),
                              "--json"], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
        assert out.stdout.startswith(b"[")
    return statistics.median(times)


def time_monthly(path: Path, runs: int = 20) -> tuple[float, int]:
    with Store.open(path) as store:
        times, rows = [], []
        for _ in range(runs):
            t = time.perf_counter()
            rows = store.visits.monthly_scores()
            times.append(time.perf_counter() - t)
    return statistics.median(times), len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--db", type=Path, help="reuse or keep this database")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "scale.db"
    if not path.exists():
        t = time.perf_counter()
        build(path, args.visits)
        print(f"built {args.visits} visits in {time.perf_counter() - t:.1f} s ({path})")
    with Store.open(path) as store:
        count = store.visits.count()
        answers = store.db.execute("SELECT count(*) FROM answers").fetchone()[0]
    size = os.path.getsize(path)
    list_s = time_list(path)
    monthly_s, rows = time_monthly(path)
    print(f"visits: {count}, answers: {answers} ({answers / count:.0f} per visit)")
    print(f"undercover list --json: {list_s * 1000:.0f} ms (target <= 1000 ms)")
    print(f"average score per location per month ({rows} rows): {monthly_s * 1000:.1f} ms "
          "(target <= 100 ms)")
    print(f"database size: {size / count / 1024:.1f} KB per visit without photos "
          "(target <= 30 KB)")


if __name__ == "__main__":
    main()
