"""``undercover --self-test``: a headless check that this copy of Undercover works.

Support asks users to run it, and the packaging step runs it inside the built
app, where a missing data file or native library would otherwise show up only
when a user first needs it. Everything happens in a temporary folder; the
user's own database is never opened. No window is shown.
"""

from __future__ import annotations

import base64
import hashlib
import io
import logging
import os
import platform
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from undercover import __version__

if TYPE_CHECKING:
    from undercover.store import Store

log = logging.getLogger(__name__)

REPORT_NAME = "self-test.txt"
# A 640×480 HEIC photo (plain blue, made with pillow-heif): decoded as a phone's photo is.
# Stored rather than made at run time, as the built app has no HEIC encoder.
HEIC_PHOTO = (
    "AAAAHGZ0eXBoZWljAAAAAG1pZjFoZWljbWlhZgAAAVdtZXRhAAAAAAAAACFoZGxyAAAAAAAAAABwaWN0AAAA"
    "AAAAAAAAAAAAAAAAACJpbG9jAAAAAERAAAEAAQAAAAABewABAAAAAAAAAPgAAAAjaWluZgAAAAAAAQAAABVp"
    "bmZlAgAAAAABAABodmMxAAAAAA5waXRtAAAAAAABAAAA12lwcnAAAAC4aXBjbwAAAHlodmNDAQNwAAAAkAAA"
    "AAAAWvAA/P34+AAADwNgAAEAGEABDAH//wNwAAADAJAAAAMAAAMAWroCQGEAAQAsQgEBA3AAAAMAkAAAAwAA"
    "AwBaoAUCAeFlupJKa5uAhoMCAAADADIAAAMAAhBiAAEAB0QBwXKwYkAAAAATY29scm5jbHgAAQANAAaAAAAA"
    "FGlzcGUAAAAAAAACgAAAAeAAAAAQcGl4aQAAAAADCAgIAAAAF2lwbWEAAAAAAAAAAQABBIECAwQAAAEAbWRh"
    "dAAAAPQoAa8TEGweccbaauaocNP//kjUV/5Eer/fqC0nm9kO5rs7ZgRS2lAAAI0AAOEABzAAAAMAAAMAAAMA"
    "d8CjAiltKAAARoAAlAAFUAAAAwAAAwAAAwAAAwAAAwFnkwAAxwAHMAAAAwAAAwAAAwAAAwAAAwAAAwAAErCH"
    "AAADAAADAAADAAADAAADAAADAAADAAADAAAVMAAAAwAAAwAAAwAAAwAAAwAAAwAAAwAAAwAANyAAAAMAAAMA"
    "AAMAAAMAAAMAAAMAAAMAAAMADTgAAAMAAAMAAAMAAAMAAAMAAAMAAAMAAAMAmIAAAAMAAAMAAAMAAAWE"
)


class SelfTest:
    """Runs named checks in order, printing one line each; a failed check does not stop the rest."""

    def __init__(self, folder: Path, out: TextIO) -> None:
        self.folder = folder
        self.out = out
        self.failed: list[str] = []
        self.visit_id: str | None = None

    def check(self, what: str, step: Callable[[], str]) -> None:
        try:
            detail = step()
        except Exception as error:  # each failure is reported, whatever its kind
            self.failed.append(what)
            log.exception("self-test: %s failed", what)  # the traceback, for support
            message = str(error).splitlines()[0] if str(error) else type(error).__name__
            print(f"FAILED  {what}: {message}", file=self.out)
        else:
            print(f"ok      {what}: {detail}", file=self.out)

    def data_files(self) -> str:
        from undercover.paths import resource_dir
        from undercover.store.checklists import bundled_checklist_files

        checklists = bundled_checklist_files()
        if not checklists:
            raise RuntimeError(f"no checklists in {resource_dir()}")
        return f"{len(checklists)} checklists in {resource_dir()}"

    def fonts(self) -> str:
        from undercover.report.fonts import fonts

        loaded = fonts()
        return f"{len(loaded.coverage)} faces of {loaded.regular}"

    def photos(self) -> str:
        from PIL import Image

        from undercover.store.photo_intake import prepare_photo

        jpeg = io.BytesIO()
        Image.new("RGB", (4000, 3000), (200, 60, 40)).save(jpeg, "JPEG")
        done = [
            prepare_photo(jpeg.getvalue(), "self-test.jpg"),
            prepare_photo(base64.b64decode(HEIC_PHOTO), "self-test.heic"),
        ]
        return ", ".join(f"{p.file_name} → {p.width}×{p.height} JPEG" for p in done)

    def database(self) -> str:
        from undercover.demo import create_demo
        from undercover.store import Store

        path = self.folder / "self-test.db"
        with Store.open(path, create=True) as store:
            created = create_demo(store, visits=3, seed=1)
            summaries = store.visits.summaries()
        if len(summaries) != created:
            raise RuntimeError(f"{created} demo visits made, {len(summaries)} listed")
        self.visit_id = summaries[0].id
        return f"{created} demo visits written and listed in a temporary database"

    def report(self) -> str:
        from undercover.report import export_visits
        from undercover.store import Store

        if self.visit_id is None:
            raise RuntimeError("no visit to print (the database check failed)")
        output = self.folder / "visit.pdf"
        with Store.open(self.folder / "self-test.db", create=False) as store:
            export_visits(store, [self.visit_id], output)
        data = output.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
            raise RuntimeError("the PDF written is not complete")
        return f"one-visit findings PDF, {len(data) / 1024:.0f} KB"

    def bundle(self) -> str:
        """Send the demo visits as a bundle and import it into a second database, as an
        owner receives a shopper's visits: same visits, same photos, byte for byte."""
        from undercover.exchange.bundle import export_bundle
        from undercover.exchange.importer import import_bundles
        from undercover.store import Store

        if self.visit_id is None:
            raise RuntimeError("no visits to send (the database check failed)")
        bundle = self.folder / "self-test.undercover"
        with Store.open(self.folder / "self-test.db", create=False) as store:
            ids = [v.id for v in store.visits.summaries()]
            sent = export_bundle(store, ids, bundle)
            photos = _photos(store, ids)
        with Store.open(self.folder / "received.db", create=True) as store:
            summary = import_bundles([bundle], store)
            received = [v.id for v in store.visits.summaries()]
            arrived = _photos(store, received)
        if sorted(summary.added) != sorted(ids) or sorted(received) != sorted(ids):
            raise RuntimeError(f"{len(ids)} visits sent, {len(received)} arrived")
        if arrived != photos or sent.photos != len(photos):
            raise RuntimeError(f"{len(photos)} photos sent, {len(arrived)} arrived the same")
        size = bundle.stat().st_size / 1024
        return (f"{sent.visits} visits with {len(photos)} photos sent as a {size:.0f} KB "
                "bundle and imported into a second database unchanged")

    def translations(self) -> str:
        from undercover.ui.app import qt_translations_summary

        return qt_translations_summary()

    def window(self) -> str:
        from undercover.ui.app import build_window_offscreen  # Qt lives in ui/ only

        return build_window_offscreen(self.folder / "self-test.db")


def _photos(store: Store, visit_ids: list[str]) -> dict[str, str]:
    """Each photo of the visits, by id, with the sha256 of its stored JPEG."""
    return {
        photo.id: hashlib.sha256(store.photos.jpeg(photo.id)).hexdigest()
        for visit_id in visit_ids for photo in store.photos.list(visit_id)
    }


def run_self_test(out: TextIO | None = None) -> int:
    """Run every check and print what was checked; 0 if all passed, 1 if any failed.

    A windowed build has no standard output: the report goes to self-test.txt in the
    log folder instead, where support can ask for it.
    """
    if out is None and sys.stdout is None:
        from undercover.paths import log_dir

        report = log_dir() / REPORT_NAME
        report.parent.mkdir(parents=True, exist_ok=True)
        with report.open("w", encoding="utf-8") as file:
            return run_self_test(file)
    out = out or sys.stdout
    print(
        f"Undercover {__version__} self-test (Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()})",
        file=out,
    )
    home = os.environ.get("UNDERCOVER_HOME")
    with tempfile.TemporaryDirectory(prefix="undercover-self-test-") as folder:
        # Data, logs and remembered preferences of this run stay in the temporary folder.
        os.environ["UNDERCOVER_HOME"] = folder
        try:
            test = SelfTest(Path(folder), out)
            test.check("data files", test.data_files)
            test.check("fonts", test.fonts)
            test.check("photos", test.photos)
            test.check("database", test.database)
            test.check("report", test.report)
            test.check("bundle", test.bundle)
            test.check("translations", test.translations)
            test.check("main window", test.window)
        finally:
            if home is None:
                del os.environ["UNDERCOVER_HOME"]
            else:
                os.environ["UNDERCOVER_HOME"] = home
    if test.failed:
        print(f"Self-test FAILED: {', '.join(test.failed)}.", file=out)
        return 1
    print("Self-test passed.", file=out)
    return 0
