"""Stored photos into the PDF as they are: JPEG bytes in a DCTDecode stream, never decoded.

ReportLab's usual route, ``drawImage(ImageReader(BytesIO(blob)))``, decodes
every photo to fingerprint it and ASCII85-encodes the bytes; it also keeps
each photo in memory up to three times until the file is written. Here:

* ``canvas.drawImage`` is handed a :class:`StoredJpeg`, which is not an
  ``ImageReader``: ReportLab then names the image XObject after ``str(source)``
  (``photo:<variant>:<id>``, so no fingerprint decode, and a photo shown
  twice is embedded once), and because it has ``jpeg_fh()`` ReportLab embeds
  it as a JPEG, reading only its header for width, height and colours.
* What ReportLab receives is a *stand-in* for the bytes: the JPEG's own
  frame header plus a unique marker. ``rl_config.useA85 = 0`` (set in
  :func:`undercover.report.fonts.fonts`) keeps the stream a plain DCTDecode.
* When the laid-out PDF is written, :meth:`PhotoEmbedder.write` replaces each
  stand-in with the stored bytes, one photo at a time from SQLite, and fixes
  the stream's ``/Length`` and the cross-reference offsets. Memory holds one
  photo at a time however many the report has.
"""

from __future__ import annotations

import bisect
import logging
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from typing import BinaryIO

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.platypus import Flowable

from undercover.errors import UndercoverError

log = logging.getLogger(__name__)

# Frame headers ReportLab and PDF readers handle: baseline, extended and progressive.
_SUPPORTED_SOF = {0xC0, 0xC1, 0xC2}
_OTHER_SOF = {0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
_STANDALONE = {0x01, 0xD8, *range(0xD0, 0xD8)}

Reader = Callable[[str, str], bytes]  # (photo id, "jpeg" or "thumbnail") -> stored bytes


class UnsupportedJpeg(ValueError):
    """Bytes that are not a JPEG a PDF can carry as it is (12-bit, lossless, damaged)."""


@dataclass(frozen=True)
class JpegFrame:
    width: int
    height: int
    components: int
    segment: bytes  # the SOFn marker segment, as stored


def jpeg_frame(data: bytes) -> JpegFrame:
    """Width, height and colour components from a JPEG's frame header, without decoding it."""
    if data[:2] != b"\xff\xd8":
        raise UnsupportedJpeg("not a JPEG")
    i, end = 2, len(data)
    while i + 4 <= end:
        if data[i] != 0xFF:
            raise UnsupportedJpeg("damaged JPEG header")
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker in _STANDALONE:
            i += 2
            continue
        length = int.from_bytes(data[i + 2 : i + 4], "big")
        if marker in _SUPPORTED_SOF or marker in _OTHER_SOF:
            if marker in _OTHER_SOF or i + 2 + length > end or length < 8:
                raise UnsupportedJpeg("JPEG coding a PDF cannot carry")
            precision = data[i + 4]
            height = int.from_bytes(data[i + 5 : i + 7], "big")
            width = int.from_bytes(data[i + 7 : i + 9], "big")
            components = data[i + 9]
            if precision != 8 or components not in (1, 3, 4) or not width or not height:
                raise UnsupportedJpeg("JPEG with an unusual bit depth or colour layout")
            return JpegFrame(width, height, components, data[i : i + 2 + length])
        if marker == 0xDA:  # image data before any frame header
            break
        i += 2 + length
    raise UnsupportedJpeg("JPEG without a frame header")


@dataclass(eq=False)
class StoredJpeg:
    """A stored photo as ``canvas.drawImage`` sees it: a named JPEG it does not decode."""

    photo_id: str
    variant: str
    width: int
    height: int
    length: int  # of the stored bytes
    stand_in: bytes

    def __str__(self) -> str:  # ReportLab's XObject name comes from this
        return f"photo:{self.variant}:{self.photo_id}"

    def jpeg_fh(self) -> BinaryIO:
        """ReportLab reads the frame header from here; the bytes come at write time."""
        return BytesIO(self.stand_in)

    def getSize(self) -> tuple[int, int]:
        return self.width, self.height


class PhotoEmbedder:
    """The photos of one PDF: placed by name during layout, streamed in when writing."""

    def __init__(self, read: Reader) -> None:
        self._read = read
        self._marker = f"UCJPEG{secrets.token_hex(8)}-".encode()
        self._images: dict[tuple[str, str], StoredJpeg | None] = {}

    def image(self, photo_id: str, variant: str = "jpeg") -> StoredJpeg | None:
        """The photo to draw, or None when its bytes are not a JPEG a PDF can carry."""
        key = (photo_id, variant)
        if key not in self._images:
            data = self._read(photo_id, variant)
            try:
                frame = jpeg_frame(data)
            except UnsupportedJpeg as exc:
                log.warning("photo %s (%s) left out of the PDF: %s", photo_id, variant, exc)
                self._images[key] = None
            else:
                stand_in = (
                    b"\xff\xd8" + frame.segment + self._marker + b"%08d" % len(self._images)
                )
                self._images[key] = StoredJpeg(
                    photo_id, variant, frame.width, frame.height, len(data), stand_in
                )
        return self._images[key]

    @property
    def count(self) -> int:
        return sum(1 for image in self._images.values() if image is not None)

    def write(
        self, pdf: bytes, out: BinaryIO, after_each: Callable[[], None] | None = None
    ) -> int:
        """Write ``pdf`` to ``out`` with each stand-in replaced by the stored photo.

        Returns how many photos went in. Photos placed but never drawn are skipped.
        """
        if rl_config.useA85:  # photo streams would be ASCII85 text, the stand-ins unfindable
            raise RuntimeError("rl_config.useA85 is on; photos cannot be streamed in")
        edits: list[tuple[int, int, bytes | StoredJpeg]] = []
        for image in self._images.values():
            if image is None:
                continue
            at = pdf.find(b"stream\n" + image.stand_in + b"endstream")
            if at < 0:
                if image.stand_in in pdf:  # drawn, but not as the plain stream expected
                    raise RuntimeError(
                        "ReportLab wrote a photo stream in an unexpected form; "
                        "report/jpeg_images.py does not support this ReportLab version"
                    )
                continue
            content = at + len(b"stream\n")
            edits.append(_length_edit(pdf, at, image))
            edits.append((content, content + len(image.stand_in), image))
        edits.sort(key=lambda edit: edit[0])
        starts, shifts = _shifts(edits)
        xref_at = _startxref(pdf)
        written = 0
        cursor = 0
        for start, end, replacement in edits:
            out.write(memoryview(pdf)[cursor:start])
            if isinstance(replacement, StoredJpeg):
                data = self._read(replacement.photo_id, replacement.variant)
                if len(data) != replacement.length:
                    raise UndercoverError(
                        "A photo changed while the PDF was being made; export again."
                    )
                out.write(data)
                out.write(b"\n")  # end of line before "endstream"; not part of /Length
                del data
                written += 1
                if after_each is not None:
                    after_each()
            else:
                out.write(replacement)
            cursor = end
        out.write(memoryview(pdf)[cursor:xref_at])

        def moved(match: re.Match[bytes]) -> bytes:
            offset = int(match.group(1))
            return b"%010d" % (offset + shifts[bisect.bisect_left(starts, offset)])

        tail = pdf[xref_at:]
        table_end = tail.index(b"trailer")
        out.write(re.sub(rb"(\d{10})(?= \d{5} n)", moved, tail[:table_end]))
        new_xref_at = xref_at + shifts[-1]
        out.write(
            re.sub(rb"startxref\s+\d+", b"startxref\n%d" % new_xref_at, tail[table_end:])
        )
        return written


def _length_edit(pdf: bytes, stream_at: int, image: StoredJpeg) -> tuple[int, int, bytes]:
    """The edit that gives the image's stream dictionary its real ``/Length``."""
    obj_start = pdf.rfind(b" obj", 0, stream_at)
    dictionary = pdf[obj_start:stream_at]
    if b"/DCTDecode" not in dictionary or b"ASCII85" in dictionary:
        raise RuntimeError("photo stream is not a plain DCTDecode stream (rl_config.useA85?)")
    matches = list(re.finditer(rb"/Length (\d+)", dictionary))
    if not matches or int(matches[-1].group(1)) != len(image.stand_in):
        raise RuntimeError("photo stream has no /Length to fix")
    match = matches[-1]
    return (
        obj_start + match.start(),
        obj_start + match.end(),
        b"/Length %d" % image.length,
    )


def _shifts(edits: list[tuple[int, int, bytes | StoredJpeg]]) -> tuple[list[int], list[int]]:
    """For offsets in the laid-out PDF: how far they move once every edit is applied.

    ``shifts[bisect_left(starts, offset)]`` is the total growth of edits before ``offset``.
    """
    starts, shifts, total = [], [0], 0
    for start, end, replacement in edits:
        new_length = (
            replacement.length + 1 if isinstance(replacement, StoredJpeg) else len(replacement)
        )
        total += new_length - (end - start)
        starts.append(start)
        shifts.append(total)
    return starts, shifts


def _startxref(pdf: bytes) -> int:
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-256:])
    if match is None:
        raise RuntimeError("laid-out PDF has no startxref")
    return int(match.group(1))


class PhotoFlowable(Flowable):
    """A photo scaled to fit a box, keeping its shape; a plain box if it cannot be shown."""

    def __init__(
        self, image: StoredJpeg | None, max_width: float, max_height: float, font: str
    ) -> None:
        super().__init__()
        self.image = image
        self.font = font
        if image is None:
            self.width, self.height = min(max_width, 120.0), min(max_height, 60.0)
        else:
            scale = min(max_width / image.width, max_height / image.height)
            self.width, self.height = image.width * scale, image.height * scale

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canv = self.canv
        if self.image is not None:
            canv.drawImage(self.image, 0, 0, self.width, self.height)
            canv.setStrokeColor(colors.HexColor("#C9D1D6"))
            canv.setLineWidth(0.4)
            canv.rect(0, 0, self.width, self.height, stroke=1, fill=0)
            return
        canv.setFillColor(colors.HexColor("#EEF1F3"))
        canv.setStrokeColor(colors.HexColor("#C9D1D6"))
        canv.rect(0, 0, self.width, self.height, stroke=1, fill=1)
        canv.setFillColor(colors.HexColor("#5C6670"))
        canv.setFont(self.font, 7)
        canv.drawCentredString(self.width / 2, self.height / 2 - 2, "photo cannot be shown")
