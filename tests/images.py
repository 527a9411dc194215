"""Real image files for tests, made with Pillow (and a few bytes by hand where Pillow can't)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from PIL import ExifTags, Image

Color = str | tuple[int, ...]

CAMERA_MAKE = "Canon"
CAMERA_MODEL = "EOS R6"
GPS = {1: "N", 2: (52.0, 22.0, 3.5), 3: "E", 4: (4.0, 53.0, 1.0)}  # Amsterdam


def make_exif(
    orientation: int | None = None,
    gps: bool = False,
    camera: bool = False,
    taken_at: str | None = None,
    modified_at: str | None = None,
) -> Image.Exif:
    """EXIF as a phone writes it; times in EXIF form, "2024:05:17 14:03:22"."""
    exif = Image.Exif()
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    if camera:
        exif[ExifTags.Base.Make] = CAMERA_MAKE
        exif[ExifTags.Base.Model] = CAMERA_MODEL
    if modified_at is not None:
        exif[ExifTags.Base.DateTime] = modified_at
    if taken_at is not None:
        exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = taken_at
    if gps:
        exif.get_ifd(ExifTags.IFD.GPSInfo).update(GPS)
    return exif


def make_jpeg(
    path: str | Path,
    size: tuple[int, int] = (400, 300),
    color: Color = (200, 60, 40),
    exif_orientation: int | None = None,
    gps: bool = False,
    camera: bool = False,
    taken_at: str | None = None,
    image: Image.Image | None = None,
    **save: object,
) -> Path:
    """A JPEG of one colour (or of `image`), with the EXIF a phone would add."""
    path = Path(path)
    image = image if image is not None else Image.new("RGB", size, color)
    exif = make_exif(exif_orientation, gps, camera, taken_at)
    image.save(path, "JPEG", quality=95, exif=exif, **save)
    return path


def make_image(path: str | Path, image: Image.Image, format: str | None = None, **save) -> Path:
    """Save any Pillow image; the format follows the suffix unless given."""
    path = Path(path)
    image.save(path, format, **save)
    return path


def make_cmyk_jpeg(path: str | Path, size=(64, 48), cmyk=(0, 255, 255, 0)) -> Path:
    """A CMYK JPEG; Pillow writes it Adobe-style, with inverted channels."""
    return make_image(path, Image.new("CMYK", size, cmyk), "JPEG", quality=95)


def make_gray16_png(path: str | Path, size=(64, 48), value: int = 32768) -> Path:
    """A 16-bit greyscale PNG (opens as mode I;16)."""
    return make_image(path, Image.new("I;16", size, value), "PNG")


def make_palette_png(path: str | Path, size=(64, 48), color=(0, 0, 255)) -> Path:
    """A palette PNG whose left half is fully transparent and right half `color`."""
    image = Image.new("P", size, 0)
    image.putpalette([0, 0, 0, *color] + [0, 0, 0] * 254)
    image.paste(1, (size[0] // 2, 0, size[0], size[1]))
    return make_image(path, image, "PNG", transparency=0)


def png_bytes(width: int, height: int, bit_depth: int, color_type: int, raw_rows: bytes) -> bytes:
    """A PNG written by hand: for what Pillow won't write (16-bit RGB) or won't allow."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw_rows))
        + chunk(b"IEND", b"")
    )


def make_rgb16_png(path: str | Path, size=(32, 24), rgb=(65535, 32768, 0)) -> Path:
    """A 16-bit-per-channel RGB PNG of one colour."""
    width, height = size
    row = b"\x00" + struct.pack(">HHH", *rgb) * width  # filter byte 0, then the pixels
    path = Path(path)
    path.write_bytes(png_bytes(width, height, 16, 2, row * height))
    return path


def make_huge_png_header(path: str | Path, width: int, height: int) -> Path:
    """A tiny file whose header claims width × height pixels: a decompression bomb."""
    path = Path(path)
    path.write_bytes(png_bytes(width, height, 8, 2, b"\x00\x00\x00\x00"))
    return path


def make_truncated(source: str | Path, path: str | Path, keep: float = 0.5) -> Path:
    """A copy of `source` cut short, as an interrupted copy leaves it."""
    data = Path(source).read_bytes()
    path = Path(path)
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def quadrants(size=(400, 200)) -> Image.Image:
    """Red, with a blue block in the top-left corner: shows where a rotation put it."""
    image = Image.new("RGB", size, (220, 30, 30))
    image.paste((30, 30, 220), (0, 0, size[0] // 4, size[1] // 4))
    return image
