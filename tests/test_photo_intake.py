"""Photo intake: real files in, one clean JPEG out, or a clear refusal."""

from __future__ import annotations

import hashlib
import importlib.util
import subprocess
import sys
import warnings
from concurrent.futures import ThreadPoolExecutor
from io import BytesIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from images import (
    CAMERA_MAKE,
    CAMERA_MODEL,
    make_cmyk_jpeg,
    make_exif,
    make_gray16_png,
    make_huge_png_header,
    make_image,
    make_jpeg,
    make_palette_png,
    make_rgb16_png,
    make_truncated,
    quadrants,
)
from PIL import Image, ImageCms, ImageFile, ImageOps

from undercover.errors import UndercoverError
from undercover.store import photo_intake
from undercover.store.photo_intake import (
    DEFAULT_MAX_EDGE,
    THUMBNAIL_EDGE,
    PhotoError,
    PreparedPhoto,
    prepare_photo,
)

HAS_PILLOW_HEIF = importlib.util.find_spec("pillow_heif") is not None
RED = (220, 30, 30)


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(BytesIO(jpeg))
    assert image.format == "JPEG"
    image.load()
    return image


def opened(path: Path) -> SimpleNamespace:
    """What Pillow itself makes of a file: format, mode and frames, the file closed again."""
    with Image.open(path) as image:
        return SimpleNamespace(
            format=image.format, mode=image.mode, n_frames=getattr(image, "n_frames", 1)
        )


def close_to(actual, expected, tolerance=12) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def pixel(photo: PreparedPhoto, xy=None) -> tuple[int, int, int]:
    image = decoded(photo.jpeg)
    assert image.mode == "RGB"
    return image.getpixel(xy if xy is not None else (image.width // 2, image.height // 2))


# --- refusals ----------------------------------------------------------------------------


def refused(source, **kwargs) -> str:
    with pytest.raises(PhotoError) as caught:
        prepare_photo(source, **kwargs)
    assert isinstance(caught.value, UndercoverError)
    return str(caught.value)


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.jpg"
    path.write_bytes(b"")
    message = refused(path)
    assert message.startswith("empty.jpg is empty")


def test_text_file_is_refused(tmp_path):
    path = tmp_path / "notes.jpg"
    path.write_text("Staff were friendly, but the till queue was long.\n" * 20)
    assert "notes.jpg is not a photo Undercover can read" in refused(path)


def test_pdf_is_refused(tmp_path):
    path = tmp_path / "receipt.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n")
    assert "receipt.pdf is not a photo Undercover can read" in refused(path)


@pytest.mark.parametrize("keep", [0.3, 0.9])
def test_truncated_jpeg_is_refused(tmp_path, keep):
    whole = make_jpeg(tmp_path / "whole.jpg", image=quadrants((1200, 900)), progressive=False)
    cut = make_truncated(whole, tmp_path / "IMG_0042.jpg", keep)
    message = refused(cut)
    assert "IMG_0042.jpg is damaged or incomplete" in message
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_truncated_png_is_refused(tmp_path):
    whole = make_image(tmp_path / "whole.png", Image.effect_noise((300, 200), 60))
    cut = make_truncated(whole, tmp_path / "screen.png", 0.6)
    assert "screen.png is damaged or incomplete" in refused(cut)


def test_truncated_jpeg_is_refused_when_decoded_at_reduced_scale(tmp_path):
    # Big enough that the intake decodes a JPEG draft at 1/4 scale: it must still notice.
    whole = make_jpeg(tmp_path / "whole.jpg", image=quadrants((2400, 1600)))
    cut = make_truncated(whole, tmp_path / "big.jpg", 0.8)
    assert "damaged" in refused(cut, max_edge=500)


def test_png_bomb_is_refused_without_decoding(tmp_path):
    # The file holds one row of pixel data: had the intake decoded it, it would say
    # "damaged"; "too large" means it stopped at the header.
    path = make_huge_png_header(tmp_path / "bomb.png", 40_000, 40_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and nothing warns on the way
        message = refused(path)
    assert message == (
        "bomb.png is too large to open (40,000 × 40,000 pixels). Undercover opens images "
        "of up to 89 megapixels; a JPEG may be larger, as it opens at reduced size."
    )
    assert "real photo" not in message


@pytest.mark.parametrize("side", [10_000, 100_000])
def test_png_bombs_on_both_sides_of_pillows_hard_limit_are_refused(tmp_path, side):
    # Pillow warns between its limit and twice it, and raises above; the intake refuses both,
    # warning about neither.
    path = make_huge_png_header(tmp_path / "bomb.png", side, side)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        message = refused(path)
    assert message.startswith(f"bomb.png is too large to open ({side:,} × {side:,} pixels).")


def test_png_just_over_the_limit_is_refused_and_just_under_is_decoded(tmp_path):
    over = make_huge_png_header(tmp_path / "over.png", 9_460, 9_460)  # 89.49 MP
    under = make_huge_png_header(tmp_path / "under.png", 9_459, 9_459)  # 89.47 MP
    assert 9_459 * 9_459 <= Image.MAX_IMAGE_PIXELS < 9_460 * 9_460
    assert "too large to open" in refused(over)
    assert "damaged or incomplete" in refused(under)  # decoded, and found to hold one row


def test_real_image_over_a_lowered_limit_is_refused(tmp_path, monkeypatch):
    path = make_jpeg(tmp_path / "photo.jpg", size=(40, 40))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    assert refused(path) == (
        "photo.jpg is too large to open (40 × 40 pixels). "
        "Undercover opens images of up to 1,000 pixels."
    )


def test_jpeg_over_the_limit_is_accepted_when_its_reduced_decode_is_under(tmp_path, monkeypatch):
    # A 12 MP photo with the limit lowered to 5 MP stands for a 108 MP one under the real
    # limit: decoded at 1/4 scale it costs 0.75 MP, so it is accepted without a warning.
    path = make_jpeg(tmp_path / "big.jpg", image=quadrants((4000, 3000)))
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 5_000_000)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        photo = prepare_photo(path, max_edge=900)
    assert (photo.width, photo.height) == (900, 675)
    assert close_to(pixel(photo, (15, 15)), (30, 30, 220), 24)
    # Not reducible enough: at max_edge 2560 the draft is 1/1 (12 MP), over the lowered limit.
    assert "too large to open (4,000 × 3,000 pixels)" in refused(path)


SENSORS = {"108 MP": (12_000, 9_000), "200 MP": (16_320, 12_240)}


@pytest.fixture(scope="module")
def sensor_photos(tmp_path_factory) -> dict[str, Path]:
    """Real JPEGs at the size big phone sensors write, made once: each takes a second or two."""
    folder = tmp_path_factory.mktemp("sensors")
    return {
        name: make_jpeg(folder / f"{name[:3]}MP.jpg", image=quadrants(size),
                        exif_orientation=6)
        for name, size in SENSORS.items()
    }


@pytest.mark.parametrize("sensor", SENSORS)
def test_big_sensor_jpeg_is_accepted_without_a_warning(sensor_photos, sensor):
    width, height = SENSORS[sensor]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a DecompressionBombWarning would fail the test
        photo = prepare_photo(sensor_photos[sensor])
    # Turned upright (orientation 6) and capped at the long edge.
    assert (photo.width, photo.height) == (round(height * DEFAULT_MAX_EDGE / width),
                                           DEFAULT_MAX_EDGE)
    assert close_to(pixel(photo, (photo.width - 15, 15)), (30, 30, 220), 24)  # blue corner
    assert close_to(pixel(photo), RED, 16)


def test_big_sensor_jpeg_prints_nothing_on_stderr_with_warnings_as_errors(sensor_photos):
    script = (
        "import sys; from undercover.store.photo_intake import prepare_photo; "
        "p = prepare_photo(sys.argv[1]); print(p.width, p.height)"
    )
    done = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(sensor_photos["200 MP"])],
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.split() == ["1920", "2560"]


@pytest.mark.parametrize("sensor", SENSORS)
def test_big_sensor_jpeg_cut_short_is_still_damaged(sensor_photos, sensor, tmp_path):
    cut = make_truncated(sensor_photos[sensor], tmp_path / "cut.jpg", 0.7)
    message = refused(cut)
    assert message.startswith("cut.jpg is damaged or incomplete")


def test_eps_is_refused_though_pillow_knows_it(tmp_path):
    path = tmp_path / "flyer.eps"
    path.write_bytes(
        b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n%%EndComments\nshowpage\n%%EOF\n"
    )
    assert opened(path).format == "EPS"  # would run Ghostscript to load
    assert "flyer.eps is not a photo Undercover can read" in refused(path)


def test_psd_is_refused_though_pillow_knows_it(tmp_path):
    width = height = 4
    header = b"8BPS" + (1).to_bytes(2, "big") + bytes(6) + (3).to_bytes(2, "big")
    header += height.to_bytes(4, "big") + width.to_bytes(4, "big")
    header += (8).to_bytes(2, "big") + (3).to_bytes(2, "big")
    path = tmp_path / "layout.psd"
    path.write_bytes(header + bytes(12) + bytes(2) + bytes(3 * width * height))
    assert opened(path).format == "PSD"
    assert "layout.psd is not a photo Undercover can read" in refused(path)


FAKE_HEIC = b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heicmiaf" + b"\x00" * 200


def test_heic_without_pillow_heif_explains_how_to_convert(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # import fails, as when not installed
    monkeypatch.setattr(photo_intake, "_heic_state", None)
    path = tmp_path / "IMG_0001.HEIC"
    path.write_bytes(FAKE_HEIC)
    message = refused(path)
    assert message.startswith("IMG_0001.HEIC is a HEIC photo.")
    assert "pip install pillow-heif" in message
    assert "export it as JPEG" in message


@pytest.mark.skipif(not HAS_PILLOW_HEIF, reason="pillow-heif is not installed")
def test_heic_with_pillow_heif_is_accepted(tmp_path):
    import pillow_heif

    pillow_heif.register_heif_opener()
    path = make_image(tmp_path / "IMG_0002.HEIC", Image.new("RGB", (640, 480), RED), "HEIF")
    assert path.read_bytes()[4:12] == b"ftypheic"
    photo = prepare_photo(path)
    assert (photo.width, photo.height) == (640, 480)
    assert close_to(pixel(photo), RED, 16)


@pytest.mark.skipif(not HAS_PILLOW_HEIF, reason="pillow-heif is not installed")
def test_damaged_heic_with_pillow_heif_is_refused(tmp_path):
    path = tmp_path / "IMG_0003.HEIC"
    path.write_bytes(FAKE_HEIC)
    assert refused(path).startswith("IMG_0003.HEIC is")


def test_file_over_200_mb_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "video.jpg"
    with path.open("wb") as file:
        file.truncate(201 * 1024 * 1024)  # sparse: costs no disk
    message = refused(path)
    assert message.startswith("video.jpg is too large to add (201 MB)")


def test_missing_file_is_refused(tmp_path):
    assert "gone.jpg could not be found" in refused(tmp_path / "gone.jpg")


def test_folder_is_refused(tmp_path):
    folder = tmp_path / "Photos.jpg"
    folder.mkdir()
    assert "Photos.jpg is a folder" in refused(folder)


def test_bytes_without_a_name_get_a_readable_message():
    assert refused(b"").startswith("The photo is empty")
    assert refused(b"hello", file_name="x/y/drop.png").startswith("drop.png is not a photo")


# --- conversions: check the pixels -------------------------------------------------------


def test_png_screenshot_rgb(tmp_path):
    photo = prepare_photo(make_image(tmp_path / "shot.png", Image.new("RGB", (300, 200), RED)))
    assert (photo.width, photo.height) == (300, 200)
    assert close_to(pixel(photo), RED)


def test_rgba_transparency_goes_onto_white(tmp_path):
    image = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    image.paste((0, 0, 0, 128), (100, 0, 200, 100))  # right half: black at half opacity
    photo = prepare_photo(make_image(tmp_path / "logo.png", image))
    assert close_to(pixel(photo, (40, 50)), (255, 255, 255), 4)
    assert close_to(pixel(photo, (160, 50)), (127, 127, 127), 6)


def test_la_transparency_goes_onto_white(tmp_path):
    image = Image.new("LA", (200, 100), (0, 0))
    image.paste((0, 255), (100, 0, 200, 100))
    photo = prepare_photo(make_image(tmp_path / "mask.png", image))
    assert close_to(pixel(photo, (40, 50)), (255, 255, 255), 4)
    assert close_to(pixel(photo, (160, 50)), (0, 0, 0), 4)


def test_palette_png_with_transparency(tmp_path):
    path = make_palette_png(tmp_path / "icon.png", (200, 100), (0, 0, 255))
    assert opened(path).mode == "P"
    photo = prepare_photo(path)
    assert close_to(pixel(photo, (40, 50)), (255, 255, 255), 4)
    assert close_to(pixel(photo, (160, 50)), (0, 0, 255), 12)


def test_cmyk_jpeg_adobe_inverted_red_stays_red(tmp_path):
    path = make_cmyk_jpeg(tmp_path / "print.jpg", (120, 80), (0, 255, 255, 0))
    with Image.open(path) as original:
        assert original.mode == "CMYK"
        assert "adobe" in original.info  # Pillow writes CMYK JPEGs with inverted channels
    assert close_to(pixel(prepare_photo(path)), (255, 0, 0), 16)


def test_cmyk_tiff(tmp_path):
    path = make_image(tmp_path / "scan.tif", Image.new("CMYK", (120, 80), (255, 0, 255, 0)))
    assert close_to(pixel(prepare_photo(path)), (0, 255, 0), 8)


@pytest.mark.parametrize(("value", "grey"), [(0, 0), (32768, 128), (65535, 255)])
def test_16_bit_grey_png_is_scaled_not_clipped(tmp_path, value, grey):
    path = make_gray16_png(tmp_path / "xray.png", (120, 80), value)
    assert opened(path).mode.startswith("I")
    assert close_to(pixel(prepare_photo(path)), (grey,) * 3, 3)


def test_16_bit_grey_tiff_is_scaled_not_clipped(tmp_path):
    path = make_image(tmp_path / "scan.tif", Image.new("I;16", (120, 80), 32768))
    assert close_to(pixel(prepare_photo(path)), (128, 128, 128), 3)


def test_16_bit_rgb_png(tmp_path):
    path = make_rgb16_png(tmp_path / "hdr.png", (120, 80), (65535, 32768, 0))
    assert close_to(pixel(prepare_photo(path)), (255, 128, 0), 8)


def test_lab_tiff_colours_are_converted_not_copied(tmp_path):
    path = make_image(tmp_path / "scan.tif", Image.new("LAB", (120, 80), (136, 208, 195)))
    assert close_to(pixel(prepare_photo(path)), (250, 0, 10), 16)  # Lab 53/80/67 is red


def test_gray_and_bilevel_become_rgb(tmp_path):
    grey = prepare_photo(make_jpeg(tmp_path / "grey.jpg", image=Image.new("L", (90, 60), 90)))
    assert close_to(pixel(grey), (90, 90, 90), 3)
    bilevel = prepare_photo(make_image(tmp_path / "fax.png", Image.new("1", (90, 60), 1)))
    assert close_to(pixel(bilevel), (255, 255, 255), 3)


def test_gif_first_frame(tmp_path):
    frames = [Image.new("RGB", (120, 80), color) for color in (RED, (30, 200, 30))]
    path = make_image(tmp_path / "anim.gif", frames[0], save_all=True, append_images=frames[1:])
    assert opened(path).n_frames == 2
    assert close_to(pixel(prepare_photo(path)), RED, 16)


def test_webp_bmp_and_tiff(tmp_path):
    for name, save in [("a.webp", {"lossless": True}), ("b.bmp", {}), ("c.tiff", {})]:
        photo = prepare_photo(make_image(tmp_path / name, Image.new("RGB", (120, 80), RED), **save))
        assert close_to(pixel(photo), RED), name


def test_mpo_first_frame(tmp_path):
    left, right = Image.new("RGB", (120, 80), RED), Image.new("RGB", (120, 80), (30, 30, 220))
    path = make_image(tmp_path / "3d.jpg", left, "MPO", save_all=True, append_images=[right])
    assert opened(path).format == "MPO"
    assert close_to(pixel(prepare_photo(path)), RED, 16)


def test_srgb_profile_is_dropped_and_colours_kept(tmp_path):
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    path = make_jpeg(tmp_path / "p.jpg", color=RED, icc_profile=srgb)
    photo = prepare_photo(path)
    assert close_to(pixel(photo), RED)
    assert "icc_profile" not in decoded(photo.jpeg).info


def test_unusable_colour_profile_does_not_cost_the_photo(tmp_path):
    path = make_jpeg(tmp_path / "p.jpg", color=RED, icc_profile=b"not a profile" * 20)
    assert close_to(pixel(prepare_photo(path)), RED)


# --- orientation, metadata, size --------------------------------------------------------


def test_orientation_6_turns_the_photo_upright(tmp_path):
    path = make_jpeg(tmp_path / "o6.jpg", image=quadrants((400, 200)), exif_orientation=6)
    photo = prepare_photo(path)
    assert (photo.width, photo.height) == (200, 400)
    # Turned a quarter clockwise: the blue top-left corner is now top-right.
    assert close_to(pixel(photo, (185, 15)), (30, 30, 220), 24)
    assert close_to(pixel(photo, (15, 15)), RED, 24)
    assert close_to(pixel(photo, (185, 385)), RED, 24)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_orientation_matches_pillow_exif_transpose(tmp_path, orientation):
    path = make_jpeg(tmp_path / "o.jpg", image=quadrants((400, 200)), exif_orientation=orientation)
    with Image.open(path) as original:
        expected = ImageOps.exif_transpose(original).convert("RGB")
    result = decoded(prepare_photo(path).jpeg)
    assert result.size == expected.size
    for x, y in [(15, 15), (result.width - 15, 15), (15, result.height - 15)]:
        assert close_to(result.getpixel((x, y)), expected.getpixel((x, y)), 24)


def test_gps_camera_and_all_metadata_are_removed(tmp_path):
    path = make_jpeg(
        tmp_path / "shop.jpg",
        exif_orientation=6,
        gps=True,
        camera=True,
        taken_at="2024:05:17 14:03:22",
        comment=b"secret shopper notes",
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF/></x:xmpmeta>",
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )
    with Image.open(path) as original:
        assert original.getexif().get_ifd(0x8825)  # the input really has GPS
    photo = prepare_photo(path)
    for jpeg in (photo.jpeg, photo.thumbnail):
        image = decoded(jpeg)
        assert len(image.getexif()) == 0
        assert not {"exif", "xmp", "comment", "icc_profile"} & set(image.info)
        for secret in (
            b"Exif",
            CAMERA_MAKE.encode(),
            CAMERA_MODEL.encode(),
            b"adobe:ns:meta",
            b"secret shopper",
        ):
            assert secret not in jpeg
    assert photo.taken_at == "2024-05-17T14:03:22"  # kept as a field, not in the file


def test_png_exif_orientation_and_metadata(tmp_path):
    image = quadrants((400, 200))
    exif = Image.Exif()
    exif[0x0112] = 8
    exif[0x010F] = CAMERA_MAKE
    path = make_image(tmp_path / "o.png", image, exif=exif)
    photo = prepare_photo(path)
    assert (photo.width, photo.height) == (200, 400)
    assert close_to(pixel(photo, (15, 385)), (30, 30, 220), 24)  # a quarter anticlockwise
    assert CAMERA_MAKE.encode() not in photo.jpeg


def test_long_edge_is_capped_keeping_the_aspect(tmp_path):
    photo = prepare_photo(make_jpeg(tmp_path / "wide.jpg", size=(3000, 1000)))
    assert (photo.width, photo.height) == (DEFAULT_MAX_EDGE, 853)
    assert decoded(photo.jpeg).size == (photo.width, photo.height)
    small = prepare_photo(make_jpeg(tmp_path / "tall.jpg", size=(600, 1800)), max_edge=900)
    assert (small.width, small.height) == (300, 900)


def test_large_jpeg_decoded_at_reduced_scale_still_reaches_max_edge(tmp_path):
    path = make_jpeg(tmp_path / "big.jpg", image=quadrants((4000, 3000)), exif_orientation=6)
    photo = prepare_photo(path, max_edge=900)
    assert (photo.width, photo.height) == (675, 900)
    assert close_to(pixel(photo, (660, 15)), (30, 30, 220), 24)


def test_small_photo_is_never_enlarged(tmp_path):
    photo = prepare_photo(make_jpeg(tmp_path / "small.jpg", size=(300, 200)))
    assert (photo.width, photo.height) == (300, 200)
    thumbnail = decoded(photo.thumbnail)
    assert thumbnail.size == (300, 200)


def test_thumbnail_long_edge(tmp_path):
    photo = prepare_photo(make_jpeg(tmp_path / "p.jpg", size=(1600, 1200), exif_orientation=6))
    thumbnail = decoded(photo.thumbnail)
    assert thumbnail.size == (240, THUMBNAIL_EDGE)  # upright, like the photo
    assert thumbnail.mode == "RGB"
    assert len(photo.thumbnail) < len(photo.jpeg)


def test_sha256_is_of_the_original_bytes(tmp_path):
    path = make_jpeg(tmp_path / "p.jpg", exif_orientation=3, gps=True)
    first, second = prepare_photo(path), prepare_photo(path)
    assert first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert second.sha256 == first.sha256
    other = prepare_photo(make_jpeg(tmp_path / "q.jpg", exif_orientation=1, gps=True))
    assert other.sha256 != first.sha256


@pytest.mark.parametrize(
    ("original", "modified", "expected"),
    [
        ("2024:05:17 14:03:22", "2024:06:01 09:00:00", "2024-05-17T14:03:22"),
        (None, "2024:06:01 09:00:00", "2024-06-01T09:00:00"),
        ("0000:00:00 00:00:00", None, None),
        ("    :  :     :  :  ", "2023:12:31 23:59:59", "2023-12-31T23:59:59"),
        (None, None, None),
    ],
)
def test_taken_at_from_exif(tmp_path, original, modified, expected):
    image = Image.new("RGB", (60, 40), RED)
    path = make_image(
        tmp_path / "t.jpg", image, exif=make_exif(taken_at=original, modified_at=modified)
    )
    assert prepare_photo(path).taken_at == expected


def test_bytes_input_works_like_a_path(tmp_path):
    path = make_jpeg(
        tmp_path / "IMG_0007.JPG",
        size=(800, 600),
        exif_orientation=6,
        taken_at="2024:05:17 14:03:22",
    )
    from_path = prepare_photo(path)
    from_bytes = prepare_photo(path.read_bytes(), file_name="IMG_0007.JPG")
    assert from_bytes == from_path
    assert from_path.file_name == "IMG_0007.JPG"
    assert prepare_photo(path, file_name=r"C:\Users\me\DCIM\renamed.jpg").file_name == "renamed.jpg"
    assert prepare_photo(str(path)).sha256 == from_path.sha256


def test_parallel_calls_give_the_same_results_and_leave_pillow_as_it_was(tmp_path):
    paths = [
        make_jpeg(tmp_path / f"p{i}.jpg", image=quadrants((900 + 40 * i, 700)), exif_orientation=o)
        for i, o in enumerate(range(1, 9))
    ]
    limit, filters = Image.MAX_IMAGE_PIXELS, list(warnings.filters)
    serial = [prepare_photo(path, max_edge=600) for path in paths]
    with ThreadPoolExecutor(max_workers=4) as pool:
        parallel = list(pool.map(lambda path: prepare_photo(path, max_edge=600), paths))
    assert parallel == serial
    assert limit == Image.MAX_IMAGE_PIXELS
    assert warnings.filters == filters
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_result_is_a_plain_frozen_record(tmp_path):
    photo = prepare_photo(make_jpeg(tmp_path / "p.jpg"))
    with pytest.raises(AttributeError):
        photo.width = 1  # type: ignore[misc]
    assert isinstance(photo.jpeg, bytes) and isinstance(photo.thumbnail, bytes)
    assert Path(photo.file_name).name == "p.jpg"
