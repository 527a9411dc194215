"""The README's sample pages, made the same way every time from the demo business.

Not a benchmark: it lives here with the other by-hand scripts. Needs pdftoppm (poppler-utils).

    .venv/bin/python benchmarks/report_samples.py [--out packaging/samples] [--keep DIR]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED, VISITS, DPI = 11, 36, 80


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "packaging" / "samples")
    parser.add_argument("--keep", type=Path, help="also keep the PDFs here, to look at every page")
    args = parser.parse_args()

    from undercover.demo import create_demo
    from undercover.domain.visit import Assessment, Channel, VisitStatus
    from undercover.report import export_summary, export_visits
    from undercover.store import Store

    work = Path(tempfile.mkdtemp(prefix="undercover-samples-"))
    with Store.open(work / "demo.db") as store:
        create_demo(store, visits=VISITS, seed=SEED)
        rows = [r for r in store.visits.summaries()
                if r.status is VisitStatus.COMPLETED and r.assessment is Assessment.OBSERVED
                and r.channel is Channel.IN_PERSON and r.checklist_key == "customer-centric"]
        # A typical visit with something to show: a middling score, then the most findings.
        middling = [r for r in rows if r.score is not None and 60 <= r.score <= 80] or rows
        visit = max(middling, key=lambda r: (len(store.visits.get(r.id).photos),
                                             len(store.visits.findings(r.id)), r.date))
        pdfs = {
            "visit-findings": export_visits(store, [visit.id], work / "visit.pdf"),
            "summary": export_summary(store, work / "summary.pdf"),
        }
    args.out.mkdir(parents=True, exist_ok=True)
    for name, pdf in pdfs.items():
        stem = work / name
        subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(stem)], check=True)
        shutil.copy(f"{stem}.png", args.out / f"{name}.png")
        print(f"wrote {args.out / f'{name}.png'}")
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(pdf, args.keep / pdf.name)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
