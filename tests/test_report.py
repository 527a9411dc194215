"""Visit findings PDFs, read back: text as typed, photos as stored, pages numbered, files safe.

Real parts only: a SQLite file in tmp_path, JPEGs made by Pillow and stored
through photo intake, PDFs read back with pypdf and checked with qpdf and
poppler when they are installed.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pypdf
import pytest
from PIL import Image

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import (
    Answer,
    Channel,
    Finding,
    FindingStatus,
    Location,
    Severity,
    Visit,
)
from undercover.errors import UndercoverError
from undercover.outputs import atomic_output
from undercover.report import ReportCancelled, export_visits
from undercover.report.jpeg_images import UnsupportedJpeg, jpeg_frame
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.photo_intake import PreparedPhoto, prepare_photo

NASTY = (
    '<b>unclosed & "quoted" <i>tags</script> 5 < 6 > 4 &amp; Łódź Ελληνικά Кириллица '
    "café 😀👍🏽"
)
NASTY_PRINTED = (  # as it must read back: everything typed, the emoji the font lacks as □
    '<b>unclosed & "quoted" <i>tags</script> 5 < 6 > 4 &amp; Łódź Ελληνικά Кириллица café'
)
RED, GREEN, BLUE = (200, 40, 40), (40, 160, 60), (40, 60, 200)


# -- building visits the way the app stores them -----------------------------------------


def jpeg_bytes(colour=RED, size=(640, 480), **save) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90, **save)
    return out.getvalue()


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "undercover.db") as s:
        s.settings.set(keys.BUSINESS_NAME, "Copperleaf & Sons <Bakery>")
        yield s


def make_visit(
    store: Store,
    location: str = "Harbour Street",
    day: str = "2026-03-14",
    answers: dict[str, Answer] | None = None,
    findings: list[Finding] | None = None,
    photos: list[tuple[bytes, str | None, str]] = (),
    evidence: dict[int, list[int]] | None = None,
    complete: bool = True,
    **details,
) -> Visit:
    """A stored visit on the default checklist.

    ``photos`` are (original bytes, question id, caption), added through photo intake;
    ``evidence`` maps a finding's index to the numbers (from 1) of its photos.
    """
    place = store.locations.find(location) or store.locations.add(Location(location))
    checklist = store.checklists.get("customer-centric")
    visit = Visit(
        location_id=place.id,
        checklist_key=checklist.key,
        checklist_version=checklist.version,
        channel=details.pop("channel", Channel.IN_PERSON),
        scenario=details.pop("scenario", "Bought a coffee and asked about pastries"),
        evaluator_code=details.pop("evaluator_code", "MS-007"),
        started_at=f"{day}T10:15:00+01:00",
        ended_at=f"{day}T10:40:00+01:00",
        answers=answers or default_answers(),
        findings=findings or [],
        **details,
    )
    store.visits.create(visit)
    added = [
        store.photos.add(visit.id, prepare_photo(data, f"IMG_{n:04d}.JPG"), question,
                         caption).photo.id
        for n, (data, question, caption) in enumerate(photos, start=1)
    ]
    for index, numbers in (evidence or {}).items():
        finding = visit.findings[index]
        finding.photo_ids = [added[n - 1] for n in numbers]
        store.visits.save_finding(visit.id, finding)
    if complete:
        store.visits.complete(visit.id)
    return store.visits.get(visit.id)


def default_answers() -> dict[str, Answer]:
    answers = [
        Answer("acknowledged_minutes", value=4),
        Answer("greeting", value=4),
        Answer("courtesy", value=0),  # critical, answered badly: flags the visit
        Answer("eye_contact", na=True),
        Answer("undivided_attention", value=2, note="Checked a phone twice."),
        Answer("accurate_and_kept", value=1),
        Answer("overall_authentic", value=2),
        Answer("likely_return", value=6),
        Answer("likely_recommend", value=7),
        Answer("felt_leaving", text="Fine, but forgettable."),
    ]
    return {a.question_id: a for a in answers}


def leak(summary: str = "Nobody looked up for four minutes", **kw) -> Finding:
    kw.setdefault("where", "Arrival")
    kw.setdefault("severity", Severity.HIGH)
    kw.setdefault("recommendation", "Greet every customer within a minute.")
    return Finding(kind=FindingKind.LEAK, summary=summary, **kw)


# -- reading PDFs back -------------------------------------------------------------------


def flat(text: str) -> str:
    return " ".join(text.split())


def page_texts(path: Path) -> list[str]:
    return [flat(page.extract_text() or "") for page in pypdf.PdfReader(path).pages]


def assert_valid_pdf(path: Path) -> None:
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        pytest.skip("qpdf is not installed (apt-get install qpdf)")
    result = subprocess.run([qpdf, "--check", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors" in result.stdout


def image_streams(path: Path) -> dict[int, pypdf.generic.StreamObject]:
    """Every image XObject in the file, once each, by object number."""
    found = {}
    for page in pypdf.PdfReader(path).pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for name in xobjects:
            ref = xobjects.raw_get(name)
            obj = ref.get_object()
            if obj["/Subtype"] == "/Image":
                found[ref.idnum] = obj
    return found


def filters(stream: pypdf.generic.StreamObject) -> list[str]:
    value = stream.get("/Filter")
    if value is None:
        return []
    return [str(f) for f in value] if isinstance(value, list) else [str(value)]


# -- the findings as typed ---------------------------------------------------------------


def test_markup_and_unicode_print_exactly_as_typed(store, tmp_path):
    answers = default_answers()
    answers["undivided_attention"].note = NASTY + "\nsecond line of the note"
    answers["felt_leaving"].text = "Łódź felt ελληνικά & <odd>"
    visit = make_visit(
        store,
        location="Łódź Café <Główna>",
        scenario=NASTY,
        answers=answers,
        findings=[leak(summary=NASTY, evidence="They said: <we're closed> & walked off",
                       recommendation="Кириллица: always greet & smile <now>")],
    )
    out = export_visits(store, [visit.id], tmp_path / "visit.pdf")

    assert_valid_pdf(out)
    text = " ".join(page_texts(out))
    assert text.count(NASTY_PRINTED) >= 3  # scenario, note, finding
    assert "second line of the note" in text
    assert "Łódź Café <Główna>" in text
    assert "Łódź felt ελληνικά & <odd>" in text
    assert "They said: <we're closed> & walked off" in text
    assert "Кириллица: always greet & smile <now>" in text
    assert "Copperleaf & Sons <Bakery>" in text  # business name in every header
    assert "□" in text  # the emoji the font has no glyph for; 😀 is in DejaVu and stays
    assert "👍" not in text and "\ufffd" not in text


def test_fonts_are_embedded_unicode_not_base14(store, tmp_path):
    visit = make_visit(store, location="Ελληνικά")
    out = export_visits(store, [visit.id], tmp_path / "visit.pdf")
    reader = pypdf.PdfReader(out)
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            assert "/FontFile2" in font["/FontDescriptor"]
    assert any("DejaVuSans" in f for f in fonts)
    assert not any(f.strip("/") in ("Helvetica", "Times-Roman") for f in fonts)


def test_executive_summary_findings_and_answers(store, tmp_path, paris_time):
    visit = make_visit(
        store,
        findings=[
            leak(),
            Finding(kind=FindingKind.MISSED, summary="No loyalty card offered",
                    where="Paying", severity=Severity.LOW,
                    recommendation="Mention the loyalty card once."),
            Finding(kind=FindingKind.LEAK, summary="A dismissed suggestion",
                    status=FindingStatus.DISMISSED),
        ],
    )
    out = export_visits(store, [visit.id], tmp_path / "visit.pdf")
    pages = page_texts(out)
    text = " ".join(pages)
    first = pages[0]
    for expected in ("Visit findings", "Harbour Street", "Saturday 14 March 2026, 10:15–10:40",
                     "In person", "Bought a coffee and asked about pastries", "MS-007",
                     "OVERALL SCORE", "Engaging empathy", "Serving spirit", "Palpable presence",
                     "SCRIPTED OR AUTHENTIC", "Which part of the model needs work",
                     "Critical flags", "Top three actions"):
        assert expected in first, (expected, first)
    # Critical questions answered badly flag the visit, by name.
    assert "Critical flag" in first
    assert "Were you treated with basic courtesy from start to finish? No" in first
    # Leaks first, then missed opportunities, then the answers.
    assert text.index("Leaks") < text.index("Missed opportunities") < text.index(
        "Answers by section")
    assert "Nobody looked up for four minutes" in text
    assert "Greet every customer within a minute." in text
    assert "No loyalty card offered" in text
    assert "A dismissed suggestion" not in text
    # Answers, with notes, N/A as N/A (answer and score), scores 0-100.
    assert "How much eye contact did they make? N/A N/A" in text
    assert "Note: Checked a phone twice." in text
    assert "Fine, but forgettable." in text


def test_pages_numbered_and_metadata_set(store, tmp_path):
    photos = [(jpeg_bytes(c), None, f"Photo of {c}") for c in (RED, GREEN, BLUE)]
    visit = make_visit(store, location="Market Square", photos=photos)
    out = export_visits(store, [visit.id], tmp_path / "visit.pdf")
    pages = page_texts(out)
    assert len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"page {number} of {len(pages)}" in text
        assert "Visit findings · Market Square · 14 Mar 2026" in text
    meta = pypdf.PdfReader(out).metadata
    assert meta.title == "Visit findings: Market Square, 14 Mar 2026"
    assert meta.author == "Copperleaf & Sons <Bakery>"
    assert "leaks, missed opportunities" in meta.subject
    assert meta.creator.startswith("Undercover")


def test_evaluator_name_only_when_settings_allow(store, tmp_path):
    store.settings.set(keys.EVALUATOR_NAME, "Jane Realname")
    store.settings.set(keys.EVALUATOR_CODE, "MS-007")
    visit = make_visit(store)
    hidden = export_visits(store, [visit.id], tmp_path / "hidden.pdf")
    assert "Jane Realname" not in " ".join(page_texts(hidden))
    store.settings.set(keys.SHOW_EVALUATOR_NAME, True)
    shown = export_visits(store, [visit.id], tmp_path / "shown.pdf")
    assert "Jane Realname (MS-007)" in " ".join(page_texts(shown))
    other = make_visit(store, evaluator_code="MS-999")  # someone else's visit: never her name
    text = " ".join(page_texts(export_visits(store, [other.id], tmp_path / "other.pdf")))
    assert "MS-999" in text and "Jane Realname" not in text


def test_page_size_follows_settings(store, tmp_path):
    visit = make_visit(store)
    a4 = pypdf.PdfReader(export_visits(store, [visit.id], tmp_path / "a4.pdf")).pages[0]
    assert [round(float(v)) for v in a4.mediabox[2:]] == [595, 842]
    store.settings.set(keys.PAGE_SIZE, "Letter")
    letter = pypdf.PdfReader(export_visits(store, [visit.id], tmp_path / "us.pdf")).pages[0]
    assert [round(float(v)) for v in letter.mediabox[2:]] == [612, 792]


def test_long_note_wraps_and_breaks_across_pages(store, tmp_path):
    words = [f"word{n:04d}" for n in range(2500)]
    answers = default_answers()
    answers["undivided_attention"].note = " ".join(words)
    findings = [leak(summary="Long story: " + " ".join(words[:900]))]
    visit = make_visit(store, answers=answers, findings=findings)
    out = export_visits(store, [visit.id], tmp_path / "long.pdf")
    assert_valid_pdf(out)
    pages = page_texts(out)
    first = next(i for i, t in enumerate(pages) if "Note: word0000" in t)
    last = next(i for i, t in enumerate(pages) if "word2499" in t)
    assert last > first  # the note continues on a later page instead of being cut
    text = " ".join(pages)
    # Every word printed, in order (page furniture may sit between two pages' parts).
    positions = [text.index(w, text.index("Note: word0000")) for w in words[::97]]
    assert positions == sorted(positions)


def test_several_visits_one_after_another(store, tmp_path):
    first = make_visit(store, location="Harbour Street", day="2026-03-14")
    second = make_visit(store, location="Station Road", day="2026-04-02")
    calls = []
    out = export_visits(store, [first.id, second.id], tmp_path / "two.pdf",
                        progress=lambda done, total: calls.append((done, total)))
    pages = page_texts(out)
    covers = [i for i, t in enumerate(pages) if "OVERALL SCORE" in t]
    assert len(covers) == 2
    assert "Harbour Street" in pages[covers[0]] and "Station Road" in pages[covers[1]]
    assert "Visit findings · Station Road · 2 Apr 2026" in pages[covers[1]]
    assert "Harbour Street" not in pages[covers[1]]  # a new page for the second visit
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1][0] == calls[-1][1]
    assert pypdf.PdfReader(out).metadata.title == "Visit findings: 2 visits"


# -- photos: stored JPEG bytes, embedded once, never decoded ------------------------------


def test_photos_are_embedded_as_the_stored_jpeg_bytes(store, tmp_path):
    photos = [
        (jpeg_bytes(RED), "undivided_attention", "Phone on the counter"),
        (jpeg_bytes(GREEN, (480, 640)), None, "Queue"),
        (jpeg_bytes(BLUE, (800, 600), progressive=True), None, ""),
    ]
    findings = [leak(), Finding(kind=FindingKind.MISSED, summary="No upsell")]
    visit = make_visit(store, photos=photos, findings=findings, evidence={0: [1, 2], 1: [1]})
    stored = {store.photos.jpeg(p.id) for p in visit.photos}
    out = export_visits(store, [visit.id], tmp_path / "photos.pdf")

    assert_valid_pdf(out)
    images = image_streams(out)
    # Photo 1 is drawn three times (two findings tables and the appendix): embedded once.
    assert len(images) == len(stored) == 3
    for image in images.values():
        assert filters(image) == ["/DCTDecode"]
        assert image["/ColorSpace"] == "/DeviceRGB"
    assert {image._data for image in images.values()} == stored
    raw = out.read_bytes()
    assert b"ASCII85Decode" not in raw and b"/A85" not in raw
    text = " ".join(page_texts(out))
    assert "Photo appendix" in text
    assert "Photo 1 · Phone on the counter" in text
    assert ("Question: How much of their attention did you have while they were serving you?"
            in text)
    assert "Photo 3 · " not in text  # no caption: no dangling separator


def test_photos_are_never_decoded(store, tmp_path, monkeypatch):
    photos = [(jpeg_bytes(c, (2560, 1920)), None, "") for c in (RED, GREEN, BLUE)]
    visit = make_visit(store, photos=photos, findings=[leak()], evidence={0: [1]})

    def no_decoding(*args, **kwargs):
        raise AssertionError("a stored photo was decoded")

    monkeypatch.setattr(Image, "open", no_decoding)
    out = export_visits(store, [visit.id], tmp_path / "fast.pdf")
    assert len(image_streams(out)) == 3


def test_rendered_photo_shows_its_colours(store, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    visit = make_visit(store, photos=[(jpeg_bytes(GREEN, (1200, 900)), None, "Green wall")])
    out = export_visits(store, [visit.id], tmp_path / "render.pdf")
    last = len(pypdf.PdfReader(out).pages)
    subprocess.run([pdftoppm, "-r", "30", "-png", "-f", str(last), "-l", str(last), str(out),
                    str(tmp_path / "page")], check=True)
    page = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    green = sum(1 for px in page.get_flattened_data()
                if abs(px[0] - GREEN[0]) < 25 and abs(px[1] - GREEN[1]) < 25
                and abs(px[2] - GREEN[2]) < 25)
    assert green > page.width * page.height * 0.05  # a grid cell: half the width, centred


def test_grey_and_unprintable_photos(store, tmp_path):
    visit = make_visit(store)
    grey = io.BytesIO()
    Image.new("L", (300, 200), 128).save(grey, "JPEG")
    for name, data in (("grey.jpg", grey.getvalue()), ("broken.jpg", b"\xff\xd8not a jpeg")):
        prepared = PreparedPhoto(name, name, data, data, 300, 200, None)  # stored as is
        store.photos.add(visit.id, prepared, None, name)
    out = export_visits(store, [visit.id], tmp_path / "odd.pdf")
    assert_valid_pdf(out)
    images = list(image_streams(out).values())
    assert len(images) == 1 and images[0]["/ColorSpace"] == "/DeviceGray"
    assert images[0]._data == grey.getvalue()
    assert "photo cannot be shown" in " ".join(page_texts(out))


def test_jpeg_frame_reads_the_header_only():
    frame = jpeg_frame(jpeg_bytes(RED, (321, 123), progressive=True))
    assert (frame.width, frame.height, frame.components) == (321, 123, 3)
    for bad in (b"", b"\x89PNG\r\n", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"\xff\xd8garbage"):
        with pytest.raises(UnsupportedJpeg):
            jpeg_frame(bad)


# -- cancel, errors and safe files -------------------------------------------------------


def test_cancel_leaves_no_file_and_keeps_the_old_one(store, tmp_path):
    photos = [(jpeg_bytes(c), None, "") for c in (RED, GREEN, BLUE)]
    visit = make_visit(store, photos=photos)
    checks: list[int] = []
    export_visits(store, [visit.id], tmp_path / "full.pdf",
                  cancelled=lambda: bool(checks.append(1)))
    target = tmp_path / "out.pdf"
    target.write_bytes(b"the previous export")
    # Cancel before anything, halfway through the layout, and while the last photo is written.
    for limit in (0, len(checks) // 2, len(checks) - 1):
        seen: list[int] = []

        def cancelled(seen=seen, limit=limit) -> bool:
            seen.append(1)
            return len(seen) > limit

        with pytest.raises(ReportCancelled):
            export_visits(store, [visit.id], target, cancelled=cancelled)
        assert target.read_bytes() == b"the previous export"
        assert not list(tmp_path.glob(".*.part"))


def test_plain_errors_for_bad_targets_and_ids(store, tmp_path):
    visit = make_visit(store)
    with pytest.raises(UndercoverError, match=r"folder .* does not exist"):
        export_visits(store, [visit.id], tmp_path / "missing" / "out.pdf")
    with pytest.raises(UndercoverError, match="is a folder"):
        export_visits(store, [visit.id], tmp_path)
    with pytest.raises(UndercoverError, match="at least one visit"):
        export_visits(store, [], tmp_path / "out.pdf")
    with pytest.raises(UndercoverError, match="does not exist"):
        export_visits(store, ["not-a-visit"], tmp_path / "out.pdf")
    assert not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob(".*.part"))


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0,
                    reason="needs POSIX permissions, and root ignores them")
def test_read_only_folder_is_a_plain_error(store, tmp_path):
    visit = make_visit(store)
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UndercoverError, match="Cannot write"):
            export_visits(store, [visit.id], folder / "out.pdf")
    finally:
        folder.chmod(0o700)


def test_disk_full_is_a_plain_error_and_removes_the_part_file(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("needs /dev/full to simulate a full disk")
    target = tmp_path / "out.pdf"
    with pytest.raises(UndercoverError, match="disk is full"), atomic_output(target) as out:
        full = open("/dev/full", "wb", buffering=0)  # noqa: SIM115
        try:
            full.write(b"x" * 4096)
        finally:
            full.close()
        out.write(b"never reached")
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def test_exports_run_in_parallel_threads_each_with_its_own_store(store, tmp_path):
    visit = make_visit(store, location="Кириллица", photos=[(jpeg_bytes(RED), None, "")])
    path = store.path
    errors, outputs = [], []

    def work(n: int) -> None:
        try:
            with Store.open(path) as own:
                outputs.append(export_visits(own, [visit.id], tmp_path / f"t{n}.pdf"))
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for out in outputs:
        assert "Кириллица" in " ".join(page_texts(out))
        assert len(image_streams(out)) == 1


def test_an_empty_draft_and_a_very_long_business_name(store, tmp_path):
    store.settings.set(keys.BUSINESS_NAME, "The Extraordinarily Long-Named " * 6 + "Bakery")
    visit = make_visit(store, answers={"greeting": Answer("greeting")}, complete=False,
                       scenario="")
    out = export_visits(store, visit.id, tmp_path / "empty.pdf")  # one id as a plain string
    assert_valid_pdf(out)
    first = page_texts(out)[0]
    assert "not enough answers" in first and "Draft: not finished" in first
    assert "not scored" in first and "…" in first  # header shortened to fit the page
