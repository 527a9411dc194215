"""Photo intake: turn whatever file a shopper drops in into one clean, small JPEG.

A photo is normalised once, when it is added, so that everything after (the
database, the PDF, a bundle sent to a client) handles one predictable kind of
image: upright, RGB, at most ``max_edge`` pixels on the long edge, and free of
metadata that could give away where the shopper was or what phone they carry.

Pure Pillow: no SQL, no Qt. Safe to call from several worker threads at once,
because nothing here changes Pillow's global settings at call time (the only
global change is registering the HEIC opener, once, under a lock).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import struct
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PIL import ExifTags, Image, ImageCms, ImageFile

from undercover.errors import UndercoverError

log = logging.getLogger(__name__)

DEFAULT_MAX_EDGE = 2560
THUMBNAIL_EDGE = 320
JPEG_QUALITY = 85
THUMBNAIL_QUALITY = 80
# No camera writes a photo this big; a bigger file is a video, a disk image or a mistake,
# and reading it whole into memory would stall the import for nothing.
MAX_FILE_BYTES = 200 * 1024 * 1024

# Only formats a camera, phone or screenshot tool produces. Naming them stops Pillow from
# trying every plugin it has (EPS runs Ghostscript, PSD and others are rarely tested).
# MPO (a phone's JPEG with extra frames) has no opener id of its own: "JPEG" opens it, and
# naming "MPO" here would make Image.open fail with a KeyError.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF")
_HEIF_FORMAT = "HEIF"  # the format id pillow-heif registers
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"})
_AVIF_BRANDS = frozenset({b"avif", b"avis"})

_TRANSPOSE_FOR_ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_ORIENTATION = 0x0112
_EXIF_DATETIME = 0x0132
_EXIF_DATETIME_ORIGINAL = 0x9003
_EXIF_DATE = re.compile(r"\s*(\d{4})[:\-](\d{2})[:\-](\d{2})[ T](\d{2}):(\d{2}):(\d{2})")

# Errors Pillow's decoders raise on damaged data; none of them is a bug of ours.
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, struct.error)


class PhotoError(UndercoverError):
    """A file that cannot become a photo; the message names the file and says what to do."""


@dataclass(frozen=True)
class PreparedPhoto:
    """A photo ready to store: the cleaned JPEG, its thumbnail and the facts worth keeping."""

    file_name: str  # original file name (no directories), to show the user where it came from
    sha256: str  # of the ORIGINAL bytes, so adding the same photo twice is recognised
    jpeg: bytes  # normalised JPEG: upright, RGB, long edge capped, no metadata
    thumbnail: bytes  # JPEG, long edge about THUMBNAIL_EDGE, for lists and pickers
    width: int  # of `jpeg`
    height: int  # of `jpeg`
    taken_at: str | None  # capture time "YYYY-MM-DDTHH:MM:SS" from EXIF, camera's local time


def prepare_photo(
    source: str | os.PathLike[str] | bytes,
    file_name: str | None = None,
    max_edge: int = DEFAULT_MAX_EDGE,
) -> PreparedPhoto:
    """Normalise one photo, or refuse it with a PhotoError that tells the user why.

    `source` is a path or the file's bytes (from a drop or a bundle); `file_name`
    names bytes in messages and in the result, and overrides a path's own name.
    """
    if max_edge < 1:
        raise ValueError(f"max_edge must be at least 1, not {max_edge}")
    name, data = _read(source, file_name)
    label = name or "The photo"

    is_heic = _looks_like_heic(data)
    formats: tuple[str, ...] = ALLOWED_FORMATS
    if is_heic:
        if not _heic_supported():
            raise PhotoError(
                f"{label} is a HEIC photo. Install Undercover's HEIC support "
                "(pip install pillow-heif) or export it as JPEG from your phone or "
                "Photos app, then add it again."
            )
        formats = (*ALLOWED_FORMATS, _HEIF_FORMAT)

    sha256 = hashlib.sha256(data).hexdigest()
    image = _open(data, formats, max_edge, label)
    try:
        orientation, taken_at = _read_exif(image, label)
        jpeg_image = _normalise(image, max_edge, label)
    finally:
        image.close()

    method = _TRANSPOSE_FOR_ORIENTATION.get(orientation)
    if method is not None:
        # After the resize: turning a small image is cheaper than turning the original.
        jpeg_image = jpeg_image.transpose(method)

    thumbnail_image = _scaled(jpeg_image, THUMBNAIL_EDGE, Image.Resampling.LANCZOS)
    width, height = jpeg_image.size
    return PreparedPhoto(
        file_name=name,
        sha256=sha256,
        jpeg=_encode_jpeg(jpeg_image, JPEG_QUALITY),
        thumbnail=_encode_jpeg(thumbnail_image, THUMBNAIL_QUALITY),
        width=width,
        height=height,
        taken_at=taken_at,
    )


def _read(source: str | os.PathLike[str] | bytes, file_name: str | None) -> tuple[str, bytes]:
    """Get the file's bytes, refusing empty and oversized files before any decoding."""
    if isinstance(source, bytes | bytearray | memoryview):
        name = _base_name(file_name or "")
        data = bytes(source)
    else:
        path = Path(source)
        name = _base_name(file_name or path.name)
        label = name or str(path)
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                _refuse_file_size(label, size)
            data = path.read_bytes()
        except FileNotFoundError:
            raise PhotoError(
                f"{label} could not be found. It may have been moved, renamed or deleted."
            ) from None
        except IsADirectoryError:
            raise PhotoError(f"{label} is a folder, not a photo.") from None
        except OSError as error:
            reason = error.strerror or str(error)
            raise PhotoError(f"{label} could not be read ({reason}).") from error
    label = name or "The photo"
    if not data:
        raise PhotoError(f"{label} is empty (0 bytes), so there is no photo in it to add.")
    if len(data) > MAX_FILE_BYTES:
        _refuse_file_size(label, len(data))
    return name, data


def _refuse_file_size(label: str, size: int) -> None:
    raise PhotoError(
        f"{label} is too large to add ({size / 1_048_576:.0f} MB). "
        f"Undercover accepts photo files up to {MAX_FILE_BYTES // 1_048_576} MB."
    )


def _base_name(name: str) -> str:
    """Drop directories, whichever system's separators the name came with."""
    return re.split(r"[\\/]", name)[-1]


def _looks_like_heic(data: bytes) -> bool:
    """Recognise HEIC/HEIF by its ISO-BMFF `ftyp` box, so the user gets a useful message."""
    if len(data) < 12 or data[4:8] != b"ftyp":
        return False
    major = data[8:12]
    if major not in _HEIC_BRANDS:
        return False
    if major in (b"mif1", b"msf1"):
        # The generic brands are shared with AVIF; look at the compatible brands.
        box_size = min(int.from_bytes(data[0:4], "big"), len(data), 256)
        compatible = {data[i : i + 4] for i in range(16, box_size - 3, 4)}
        if compatible & _AVIF_BRANDS and not compatible & (_HEIC_BRANDS - {b"mif1", b"msf1"}):
            return False
    return True


_heic_lock = threading.Lock()
_heic_state: bool | None = None  # None: not looked for yet


def _heic_supported() -> bool:
    """Register pillow-heif with Pillow the first time a HEIC photo turns up, if installed."""
    global _heic_state
    if _heic_state is None:
        with _heic_lock:
            if _heic_state is None:
                try:
                    import pillow_heif  # a dependency, imported only when a HEIC turns up
                except ImportError:
                    _heic_state = False
                else:
                    pillow_heif.register_heif_opener()
                    _heic_state = True
    return _heic_state


def _open(data: bytes, formats: tuple[str, ...], max_edge: int, label: str) -> Image.Image:
    """Open and fully decode the first frame, refusing anything that is not a sound photo.

    An image is judged by what decoding it costs, not by its full size: a JPEG from a
    108 or 200 megapixel phone sensor is decoded at 1/4 or 1/8 scale, a few megapixels,
    so it is accepted; a PNG claiming 40000 × 40000 pixels is refused before any decoding.
    """
    try:
        image = _identify(data, formats)
    except MemoryError:
        raise _too_many_pixels(label, None, None) from None
    except _DECODE_ERRORS as error:
        raise _damaged(label) from error
    if image is None:
        raise _not_a_photo(label)

    try:
        full_size = image.size
        if image.width < 1 or image.height < 1:
            raise _damaged(label)
        target = _fit(full_size, max_edge)
        if target != full_size:
            # JPEG can decode at 1/2, 1/4 or 1/8 scale for a fraction of the work; the draft
            # never goes below the target size, so the resize that follows still has pixels.
            # Other formats ignore the draft and keep their full size.
            image.draft(None, target)
        limit = Image.MAX_IMAGE_PIXELS  # read per call: whoever lowers it is obeyed
        if limit is not None and image.width * image.height > limit:
            raise _too_many_pixels(label, full_size, image.format)
        image.load()  # the whole image: a truncated file must fail here, not look grey
    except PhotoError:
        image.close()
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning, MemoryError):
        # Pillow's own checks inside some decoders (TIFF tiles, GIF frames), which warn
        # only as an exception when warnings are errors.
        image.close()
        raise _too_many_pixels(label, full_size, image.format) from None
    except _DECODE_ERRORS as error:
        image.close()
        raise _damaged(label) from error
    return image


def _identify(data: bytes, formats: tuple[str, ...]) -> ImageFile.ImageFile | None:
    """What ``Image.open(data, formats=formats)`` does, minus its decompression bomb check.

    That check looks at the full size only, so it warns on stderr (or, with warnings as
    errors, fails) for every big-sensor JPEG, and it changes nothing a caller cannot do
    better: ``_open`` applies the same limit to the pixels that will really be decoded.
    Opening reads headers only. Returns None when no allowed format recognises the data.
    """
    Image.init()  # registers every plugin once; returns at once after that
    prefix = data[:16]
    for name in formats:
        factory, accept = Image.OPEN[name]
        recognised = accept is None or accept(prefix)
        if recognised and not isinstance(recognised, str):  # a str: "almost", with a reason
            try:
                return factory(io.BytesIO(data), "")
            except (SyntaxError, IndexError, TypeError, struct.error):
                continue  # as Image.open does: not this format after all
    return None


def _not_a_photo(label: str) -> PhotoError:
    return PhotoError(
        f"{label} is not a photo Undercover can read. "
        "Add photos saved as JPEG, PNG, HEIC, WEBP, GIF, BMP or TIFF."
    )


def _damaged(label: str) -> PhotoError:
    return PhotoError(
        f"{label} is damaged or incomplete, so Undercover cannot read it. "
        "Copy it again from the phone or camera, then add it again."
    )


def _too_many_pixels(
    label: str, size: tuple[int, int] | None, image_format: str | None
) -> PhotoError:
    """Never "not a real photo": big sensors make real ones beyond any fixed limit."""
    limit = Image.MAX_IMAGE_PIXELS
    message = f"{label} is too large to open"
    if size:
        message += f" ({size[0]:,} × {size[1]:,} pixels)"
    if limit:
        allowed = f"{limit / 1e6:,.0f} megapixels" if limit >= 1e6 else f"{limit:,} pixels"
        message += f". Undercover opens images of up to {allowed}"
        if image_format != "JPEG":
            message += "; a JPEG may be larger, as it opens at reduced size"
    return PhotoError(message + ".")


def _read_exif(image: Image.Image, label: str) -> tuple[int, str | None]:
    """Orientation and capture time; a photo with broken EXIF is still a good photo."""
    try:
        exif = image.getexif()
        orientation = exif.get(_EXIF_ORIENTATION, 1)
        taken = exif.get_ifd(ExifTags.IFD.Exif).get(_EXIF_DATETIME_ORIGINAL)
        taken_at = _iso_time(taken) or _iso_time(exif.get(_EXIF_DATETIME))
    except Exception:  # EXIF is a bonus: a broken block must not cost the photo
        log.info("ignoring unreadable EXIF in %s", label, exc_info=True)
        return 1, None
    if not isinstance(orientation, int):
        orientation = 1
    return orientation, taken_at


def _iso_time(value: object) -> str | None:
    """EXIF "YYYY:MM:DD HH:MM:SS" as ISO 8601, or None for blanks and nonsense dates."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    match = _EXIF_DATE.match(value)
    if not match:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:  # "0000:00:00 00:00:00" from cameras whose clock was never set
        return None
    return moment.isoformat()


def _normalise(image: Image.Image, max_edge: int, label: str) -> Image.Image:
    """Bring any decoded mode down to 8-bit RGB, sized to `max_edge`, colours in sRGB."""
    icc = image.info.get("icc_profile")
    try:
        working = _resizable(image)
    except (ValueError, ImageCms.PyCMSError) as error:  # a mode Pillow cannot convert
        raise _not_a_photo(label) from error
    working = _scaled(working, max_edge)
    if icc and working.mode in ("RGB", "CMYK"):
        working = _to_srgb(working, icc, label)
    if working.mode in ("RGBA", "LA"):
        working = _on_white(working)
    if working.mode != "RGB":
        working = working.convert("RGB")
    if working is image:
        working = image.copy()  # our own image, so clearing its metadata touches nothing else
    working.info = {}
    return working


def _resizable(image: Image.Image) -> Image.Image:
    """A mode that resizes well and keeps transparency: L, LA, RGB, RGBA or CMYK."""
    mode = image.mode
    if mode in ("L", "LA", "RGB", "RGBA", "CMYK"):
        if "transparency" in image.info and mode in ("L", "RGB"):
            return image.convert("RGBA")
        return image
    if mode in ("P", "PA"):
        has_alpha = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I") or mode == "F":
        return _high_depth_to_l(image)
    if mode in ("RGBa", "La"):
        return image.convert("RGBA")
    if mode == "LAB":  # scanners' TIFFs; a plain convert would copy channels, not colours
        lab, srgb = ImageCms.createProfile("LAB"), ImageCms.createProfile("sRGB")
        return ImageCms.profileToProfile(image, lab, srgb, outputMode="RGB") or image
    return image.convert("RGB")


def _high_depth_to_l(image: Image.Image) -> Image.Image:
    """Scale 16-bit (and 32-bit/float) grey to 8 bits instead of clipping it to white."""
    if image.mode.startswith("I;16"):
        image = image.convert("I")
        scale = 1 / 256
    else:
        _low, high = image.getextrema()  # one band: two numbers
        assert isinstance(high, int | float)
        if image.mode == "F" and high <= 1.0:
            scale = 255.0
        elif high <= 255:
            scale = 1.0
        elif high <= 65535:
            scale = 1 / 256
        else:
            scale = 255 / high
    if scale != 1.0:
        image = image.point(lambda value: value * scale)
    return image.convert("L")


def _fit(size: tuple[int, int], max_edge: int) -> tuple[int, int]:
    """The size with the long edge at most `max_edge`, aspect kept, never enlarged."""
    width, height = size
    long_edge = max(width, height)
    if long_edge <= max_edge:
        return size
    ratio = max_edge / long_edge
    return (
        max(1, min(max_edge, round(width * ratio))),
        max(1, min(max_edge, round(height * ratio))),
    )


def _scaled(
    image: Image.Image, max_edge: int, resample: Image.Resampling = Image.Resampling.HAMMING
) -> Image.Image:
    """Shrink to `max_edge`.

    HAMMING by default: for the main image it is about twice as fast as LANCZOS on a
    12-megapixel photo (the resize is most of the intake time) and still sharper than
    BILINEAR. reducing_gap first shrinks by a whole factor with a cheap box filter, so
    the thumbnail can afford LANCZOS.
    """
    target = _fit(image.size, max_edge)
    if target == image.size:
        return image
    return image.resize(target, resample, reducing_gap=2.0)


def _to_srgb(image: Image.Image, icc: bytes, label: str) -> Image.Image:
    """Apply the embedded profile before it is dropped, so CMYK and wide-gamut colours hold."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if image.mode == "RGB" and "srgb" in ImageCms.getProfileDescription(profile).lower():
            return image  # already sRGB: converting would only cost time
        converted = ImageCms.profileToProfile(
            image,
            profile,
            # Made per call: LittleCMS profile handles are not safe to share between threads.
            ImageCms.createProfile("sRGB"),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        log.info("ignoring unusable colour profile in %s", label, exc_info=True)
        return image
    return converted if converted is not None else image


def _on_white(image: Image.Image) -> Image.Image:
    """Flatten transparency onto white, as a screenshot or logo looks on paper."""
    rgba = image.convert("RGBA") if image.mode != "RGBA" else image
    white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
    return Image.alpha_composite(white, rgba).convert("RGB")


def _encode_jpeg(image: Image.Image, quality: int) -> bytes:
    buffer = io.BytesIO()
    # No exif, icc_profile, xmp or comment: the image's info was cleared and none is passed.
    image.save(buffer, "JPEG", quality=quality, optimize=False, progressive=False)
    return buffer.getvalue()


__all__ = [
    "ALLOWED_FORMATS",
    "DEFAULT_MAX_EDGE",
    "MAX_FILE_BYTES",
    "THUMBNAIL_EDGE",
    "PhotoError",
    "PreparedPhoto",
    "prepare_photo",
]
