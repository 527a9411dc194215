"""What report/jpeg_images.py relies on in ReportLab, checked one by one.

Photos go into PDFs as their stored JPEG bytes by handing ReportLab a stand-in
and patching the written file (see the module's docstring). That works only
while ReportLab behaves as below. When an upgrade changes any of it, the test
that fails says which assumption broke, rather than photos going missing or
files failing ``qpdf --check``.
"""

from __future__ import annotations

import io
import re
import tomllib
from pathlib import Path

import pypdf
import pytest
import reportlab
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from test_report import assert_valid_pdf

from undercover.report.fonts import fonts
from undercover.report.jpeg_images import PhotoEmbedder

ROOT = Path(__file__).resolve().parent.parent
BROKEN = (
    f"ReportLab {reportlab.Version} changed an internal that report/jpeg_images.py "
    "relies on: "
)


def jpeg(colour: tuple[int, int, int], size: tuple[int, int] = (64, 48)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "JPEG", quality=90)
    return out.getvalue()


PHOTOS = {"red": jpeg((200, 30, 30)), "blue": jpeg((30, 30, 200), (48, 64))}


def laid_out(monkeypatch: pytest.MonkeyPatch) -> tuple[bytes, PhotoEmbedder]:
    """A two-page PDF as the reports make it: the red photo twice, the blue one once."""
    fonts()  # sets rl_config.useA85 = 0, as every report does

    def no_decoding(self, *args, **kwargs):
        raise AssertionError(BROKEN + "drawImage decodes a photo that is not an ImageReader")

    monkeypatch.setattr(ImageReader, "getRGBData", no_decoding)
    photos = PhotoEmbedder(lambda photo_id, variant: PHOTOS[photo_id])
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pageCompression=1)
    canvas.drawImage(photos.image("red"), 10, 10, 64, 48)
    canvas.drawImage(photos.image("blue"), 100, 10, 48, 64)
    canvas.showPage()
    canvas.drawImage(photos.image("red"), 10, 10, 32, 24)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue(), photos


def test_reportlab_major_version_is_the_one_checked():
    """pyproject pins ReportLab's major version; this is the version these checks ran on."""
    pins = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pin = next(p for p in pins if p.startswith("reportlab"))
    match = re.fullmatch(r"reportlab>=(\d+)\.\d+,<(\d+)", pin)
    assert match, f"pin ReportLab to one major version in pyproject.toml, not {pin!r}"
    low, high = int(match.group(1)), int(match.group(2))
    assert high == low + 1, f"{pin!r} allows more than one major version of ReportLab"
    installed = int(reportlab.Version.split(".")[0])
    assert installed == low, f"ReportLab {reportlab.Version} is installed; {pin} is pinned"


def test_a_stand_in_is_named_not_decoded_and_stored_once(monkeypatch):
    pdf, _ = laid_out(monkeypatch)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    names = [sorted(page["/Resources"]["/XObject"].keys()) for page in reader.pages]
    assert len(names[0]) == 2 and names[1][0] in names[0], (
        BROKEN + "drawImage no longer names an image XObject after str(source), so a photo "
        f"drawn twice is not embedded once ({names})")


def test_a_stand_in_becomes_a_plain_dctdecode_stream(monkeypatch):
    pdf, photos = laid_out(monkeypatch)
    for photo_id in PHOTOS:
        stand_in = photos.image(photo_id).stand_in
        found = pdf.count(b"\nstream\n" + stand_in + b"endstream\n")
        assert found == 1, (
            BROKEN + "a JPEG given through jpeg_fh() is no longer written as the raw bytes of "
            "its own stream ('stream\\n' + bytes + 'endstream')")
        head = pdf[: pdf.index(b"\nstream\n" + stand_in)]
        dictionary = head[head.rindex(b" obj"):]
        assert b"/Filter [ /DCTDecode ]" in dictionary and b"ASCII85" not in dictionary, (
            BROKEN + f"the photo stream is not a plain DCTDecode stream: {dictionary!r}")
        assert re.search(rb"/Length %d\b" % len(stand_in), dictionary), (
            BROKEN + f"the photo stream's /Length is not its byte count: {dictionary!r}")
        assert b"/Width 64" in dictionary or b"/Width 48" in dictionary, (
            BROKEN + "width and height no longer come from the JPEG frame header")


def test_the_file_ends_with_a_classic_cross_reference_table(monkeypatch):
    pdf, _ = laid_out(monkeypatch)
    assert re.search(rb"\nxref\n0 \d+\n", pdf), (
        BROKEN + "no classic 'xref' table (object streams or xref streams?)")
    assert re.search(rb"\d{10} \d{5} n", pdf), (
        BROKEN + "cross-reference entries are not 10-digit offsets")
    assert re.search(rb"trailer\n.*\nstartxref\n\d+\n%%EOF\s*$", pdf, re.S), (
        BROKEN + "the file does not end with trailer, startxref and %%EOF")


def test_patched_file_is_valid_and_holds_the_stored_bytes(monkeypatch, tmp_path):
    pdf, photos = laid_out(monkeypatch)
    out = tmp_path / "photos.pdf"
    with out.open("wb") as handle:
        assert photos.write(pdf, handle) == 2
    assert_valid_pdf(out)  # qpdf --check: offsets, lengths and streams all right
    embedded = set()
    for page in pypdf.PdfReader(out).pages:
        for name in page["/Resources"]["/XObject"]:
            embedded.add(page["/Resources"]["/XObject"][name].get_data())
    assert embedded == set(PHOTOS.values())


def test_an_unexpected_photo_stream_is_refused_not_written(monkeypatch, tmp_path):
    pdf, photos = laid_out(monkeypatch)
    stand_in = photos.image("red").stand_in
    changed = pdf.replace(b"\nstream\n" + stand_in, b"\nstream\r\n" + stand_in)
    with pytest.raises(RuntimeError, match="does not support this ReportLab version"):
        photos.write(changed, io.BytesIO())
