"""Visit findings with 40 camera photos: our export against ReportLab's default image path.

Prints, measured in one run:
  * the full findings PDF (cover, summary, tables, answers, 40-photo appendix), in-process;
  * ReportLab's default way for the same 40 photos only:
    ``canvas.drawImage(ImageReader(BytesIO(blob)))`` with its default settings (ASCII85 on);
  * the ratio. Targets: export <= 0.5 s, at least 20x faster than the default path.

    python benchmarks/report_visit.py [--photos 40] [--runs 5] [--db PATH]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from io import BytesIO
from pathlib import Path

from report_common import database, stored_bytes, visit_with_photos
from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from undercover.report import export_visits
from undercover.store import Store


def reportlab_default(blobs: list[bytes]) -> float:
    """Seconds for ReportLab's usual route: one ImageReader per stored photo, one page each."""
    saved = rl_config.useA85
    rl_config.useA85 = 1  # ReportLab's default; the report code turns it off for itself
    try:
        start = time.perf_counter()
        canvas = Canvas(BytesIO())
        for blob in blobs:
            canvas.drawImage(ImageReader(BytesIO(blob)), 40, 200, 515, 386)
            canvas.showPage()
        canvas.save()
        return time.perf_counter() - start
    finally:
        rl_config.useA85 = saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="reuse (or create) this database instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = database(args.db, tmp)
        with Store.open(path) as store:
            if store.visits.count() == 0:
                print(f"Setting up a visit with {args.photos} photos of 2560 px ...")
                visit_with_photos(store, args.photos)
            visit_id = store.visits.summaries()[0].id
            blobs = stored_bytes(store, visit_id)
            sizes = [len(b) for b in blobs]
            print(f"{len(blobs)} stored photos, {statistics.mean(sizes) / 1e6:.2f} MB on average "
                  f"({min(sizes) / 1e6:.2f}-{max(sizes) / 1e6:.2f} MB)")
            out = Path(tmp) / "visit.pdf"

            start = time.perf_counter()
            export_visits(store, [visit_id], out)
            first = time.perf_counter() - start
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                export_visits(store, [visit_id], out)
                times.append(time.perf_counter() - start)
            ours = statistics.median(times)
            pdf_mb = out.stat().st_size / 1e6
            default = reportlab_default(blobs)

    accel = "with" if _has_rl_accel() else "without"
    print(f"Undercover export, whole report:   {ours * 1000:7.0f} ms (median of {args.runs}; "
          f"first call in the process {first * 1000:.0f} ms)   target <= 500 ms")
    print(f"ReportLab default, photos only:    {default * 1000:7.0f} ms "
          f"({default / len(blobs) * 1000:.0f} ms a photo, {accel} rl_accel)")
    print(f"Ratio: {default / ours:.0f}x faster   target >= 20x")
    print(f"PDF: {pdf_mb:.1f} MB, the stored photos embedded as they are")
    return 0 if ours <= 0.5 and default / ours >= 20 else 1


def _has_rl_accel() -> bool:
    try:
        from reportlab.lib import _rl_accel  # noqa: F401
    except ImportError:
        return False
    return True


if __name__ == "__main__":
    raise SystemExit(main())
