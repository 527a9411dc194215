"""Photos in a bundle are checked from their JPEG markers, without decoding them.

The check reads each photo once, as it streams in: its hash chunk by chunk, its
header from the first chunk (or the whole photo, when the header is longer), its
end marker from the last bytes. Real JPEGs from Pillow in every layout pass; bytes
that only look like a JPEG at both ends are refused, and nothing is imported.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from PIL import Image
from test_exchange_hostile import first_photo, good, members, owner, write_bundle  # noqa: F401

from undercover.cli import main
from undercover.exchange.importer import _ShortHeader, jpeg_size
from undercover.store import Store
from undercover.store.records import visit_ids


def pillow_jpeg(size=(64, 48), mode="RGB", **options) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 128 if mode == "L" else (10, 20, 30)[: len(mode)]).save(
        out, "JPEG", **options)
    return out.getvalue()


@pytest.mark.parametrize("mode", ["RGB", "L", "CMYK"])
@pytest.mark.parametrize("options", [{}, {"progressive": True}, {"quality": 100},
                                     {"icc_profile": b"\x00" * 200_000}],
                         ids=["baseline", "progressive", "quality-100", "icc-200k"])
def test_the_size_of_real_jpegs_in_every_layout(mode, options):
    assert jpeg_size(pillow_jpeg((37, 1201), mode, **options)) == (37, 1201)


def test_bytes_that_are_not_a_jpeg_have_no_size():
    good_bytes = pillow_jpeg()
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, "PNG")
    assert jpeg_size(png.getvalue()) is None
    assert jpeg_size(good_bytes[:2] + b"\x00" + good_bytes[3:]) is None  # a broken marker
    assert jpeg_size(b"\xff\xd8\xff\xd9" + good_bytes[2:]) is None  # ends before it starts
    sof = good_bytes.index(b"\xff\xc0")
    zero_wide = good_bytes[:sof + 7] + b"\x00\x00" + good_bytes[sof + 9:]
    assert jpeg_size(zero_wide) is None
    without_frame = good_bytes[:sof] + good_bytes[sof + 2 + int.from_bytes(
        good_bytes[sof + 2:sof + 4], "big"):]
    assert jpeg_size(without_frame) is None


def test_a_header_cut_short_asks_for_more():
    data = pillow_jpeg()
    with pytest.raises(_ShortHeader):
        jpeg_size(data[:data.index(b"\xff\xda")])  # everything before the scan, not the scan
    assert jpeg_size(data[:data.index(b"\xff\xda") + 4]) == (64, 48)


def with_first_photo(good: Path, tmp_path: Path, make) -> tuple[Path, str]:  # noqa: F811
    files = members(good)
    name = first_photo(files)
    visits = json.loads(files["visits.json"])
    photo = next(p for v in visits for p in v["photos"] if name == f"photos/{p['id']}.jpg")
    files[name] = make(files[name], (photo["width"], photo["height"]))
    return write_bundle(tmp_path / "bundle.undercover", files), photo["id"]


def imported(capsys, owner: Path, bundle: Path) -> tuple[int, str]:  # noqa: F811
    before = owner.read_bytes()
    code = main(["import", "--db", str(owner), str(bundle)])
    err = capsys.readouterr().err
    if code:
        assert owner.read_bytes() == before  # refused: the file is as it was
    return code, err


def test_a_photo_whose_header_is_longer_than_the_first_chunk_is_still_read(
    good, owner, tmp_path, capsys  # noqa: F811
):
    icc = bytes(range(256)) * 6000  # 1.5 MB of colour profile, in many segments
    bundle, photo_id = with_first_photo(
        good, tmp_path, lambda _old, size: pillow_jpeg(size, icc_profile=icc))
    assert len(members(bundle)[f"photos/{photo_id}.jpg"]) > 1 << 20
    assert imported(capsys, owner, bundle) == (0, "")
    with Store.open(owner) as store:
        assert len(store.photos.jpeg(photo_id)) > 1 << 20


def test_zero_padding_after_the_end_marker_is_accepted(good, owner, tmp_path, capsys):  # noqa: F811
    bundle, _ = with_first_photo(good, tmp_path, lambda old, _size: old + b"\x00" * 3000)
    assert imported(capsys, owner, bundle) == (0, "")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda old, _size: old[:2] + b"\xff\xd9" + b"\x00" * 40 + old[2:],
         "is not a valid JPEG photo"),  # the end marker right after the start
        (lambda old, _size: old[:4] + b"\x00\x01" + old[6:],
         "is not a valid JPEG photo"),  # a segment length that cannot be
        (lambda old, _size: old.replace(b"\xff\xc0", b"\xff\xfe", 1),
         "is not a valid JPEG photo"),  # no frame header: no size
        (lambda old, size: pillow_jpeg((size[0], size[1] + 1)),
         "is not the JPEG photo its record describes"),
        (lambda old, _size: old[: len(old) // 2],
         "is not a complete JPEG photo"),
    ],
    ids=["end-at-start", "short-length", "no-frame", "other-height", "half"],
)
def test_damaged_photos_are_refused_and_nothing_is_imported(
    good, owner, tmp_path, capsys, damage, message  # noqa: F811
):
    bundle, _ = with_first_photo(good, tmp_path, damage)
    with Store.open(owner) as store:
        before = visit_ids(store.db)
    code, err = imported(capsys, owner, bundle)
    assert code == 1
    assert err.count("\n") == 1 and message in err and "Nothing was imported" in err
    with Store.open(owner) as store:
        assert visit_ids(store.db) == before


def test_photos_read_ahead_are_the_right_ones_whatever_the_merge_asks_for(good, owner):  # noqa: F811
    """The merge skips photos already stored and may ask in another order: each answer
    is still the photo asked for, byte for byte."""
    from undercover.exchange.importer import _ReadAhead, open_bundle

    with Store.open(owner) as store, open_bundle(good, store) as bundle:
        ids = [p["id"] for v in bundle.incoming.visits for p in v["photos"]]
        assert len(ids) == 3
        expected = {i: bundle.photo(i) for i in ids}
        photos = _ReadAhead(bundle)
        try:
            for photo_id in [ids[0], ids[2], ids[1], ids[1], ids[0]]:  # skips, repeats
                assert photos(photo_id) == expected[photo_id]
        finally:
            photos.close()
