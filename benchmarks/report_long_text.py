"""Reports of very long user text: a 20,000-character location name, in-process.

Prints the time for the summary of that location (the name is on every page
header, the cover, the tables and the per-location sentences) and for the
findings of one of its visits. Target: summary < 3 s.

    python benchmarks/report_long_text.py [--chars 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pypdf

from undercover.domain.visit import Answer, Location, Visit
from undercover.report import export_summary, export_visits
from undercover.store import Store


def long_name(chars: int) -> str:
    """Words of varied length, like a pasted paragraph, cut to ``chars`` characters."""
    words = (f"Harbour{n % 97}" + "x" * (n % 7) for n in range(chars))
    return " ".join(words)[:chars].rstrip()


def add_visit(store: Store, name: str) -> str:
    place = store.locations.add(Location(name))
    checklist = store.checklists.get("customer-centric")
    visit = Visit(
        location_id=place.id, checklist_key=checklist.key,
        checklist_version=checklist.version, scenario="Bought a coffee",
        evaluator_code="MS-007", started_at="2026-03-14T10:15:00+01:00",
        answers={a.question_id: a for a in (
            Answer("greeting", value=4), Answer("courtesy", value=3),
            Answer("accurate_and_kept", value=4), Answer("likely_return", value=6),
            Answer("likely_recommend", value=7))},
    )
    store.visits.create(visit)
    store.visits.complete(visit.id)
    return visit.id


def timed(runs: int, make) -> tuple[float, int]:
    times, pages = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        path = make()
        times.append(time.perf_counter() - start)
        pages = len(pypdf.PdfReader(path).pages)
    return statistics.median(times), pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chars", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    name = long_name(args.chars)
    with tempfile.TemporaryDirectory() as tmp, Store.open(Path(tmp) / "long.db") as store:
        visit_id = add_visit(store, name)
        summary, summary_pages = timed(
            args.runs, lambda: export_summary(store, Path(tmp) / "summary.pdf", location=name))
        visit, visit_pages = timed(
            args.runs, lambda: export_visits(store, [visit_id], Path(tmp) / "visit.pdf"))
    print(f"location name of {len(name):,} characters (median of {args.runs} runs)")
    print(f"summary of that location: {summary:.2f} s, {summary_pages} pages (target < 3 s)")
    print(f"findings of one of its visits: {visit:.2f} s, {visit_pages} pages")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
