"""Damaged and hostile bundles are refused in one line and change nothing.

Each bundle is a real, good bundle rewritten with one thing wrong; after each
refused import the owner's database file is byte for byte what it was, and no
file appeared anywhere.
"""

from __future__ import annotations

import hashlib
import io
import json
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from exchange_helpers import add_visit

from undercover.cli import main
from undercover.exchange import importer
from undercover.exchange.bundle import export_bundle
from undercover.store import Store
from undercover.store.records import visit_ids


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("good")
    with Store.open(folder / "shopper.db") as store:
        add_visit(store, photos=2, seed=1)
        add_visit(store, "Market Square", photos=1, seed=2)
        export_bundle(store, visit_ids(store.db), folder / "good.undercover")
    return folder / "good.undercover"


@pytest.fixture
def owner(tmp_path: Path) -> Path:
    """The owner's database with a visit of their own, closed (so its file is complete)."""
    path = tmp_path / "owner" / "owner.db"
    with Store.open(path) as store:
        add_visit(store, "Station Road", seed=9)
    return path


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_bundle(
    path: Path, files: dict[str, bytes], fix_manifest: bool = True, stored: bool = True
) -> Path:
    """A bundle with these members; the manifest's hashes and sizes follow them unless not."""
    if fix_manifest and "manifest.json" in files:
        manifest = json.loads(files["manifest.json"])
        manifest["members"] = {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
            for name, data in files.items() if name != "manifest.json"
        }
        files = {**files, "manifest.json": json.dumps(manifest).encode()}
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            kind = zipfile.ZIP_STORED if stored and name.endswith(".jpg") else zipfile.ZIP_DEFLATED
            zf.writestr(zipfile.ZipInfo(name), data, compress_type=kind)
    return path


def changed_json(files: dict[str, bytes], name: str, change: Callable) -> dict[str, bytes]:
    value = json.loads(files[name])
    change(value)
    return {**files, name: json.dumps(value).encode()}


def first_photo(files: dict[str, bytes]) -> str:
    return next(n for n in files if n.startswith("photos/"))


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (160, 120), "red").save(out, "PNG")
    return out.getvalue()


def set_visit(key: str, value) -> Callable:
    def change(visits: list) -> None:
        visits[0][key] = value
    return change


def bzip2_bundle(path: Path, files: dict[str, bytes]) -> Path:
    write_bundle(path, {k: v for k, v in files.items() if k != "tombstones.json"})
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("tombstones.json", files["tombstones.json"], zipfile.ZIP_BZIP2)
    return path


def symlink_bundle(path: Path, files: dict[str, bytes]) -> Path:
    write_bundle(path, files)
    with zipfile.ZipFile(path, "a") as zf:
        info = zipfile.ZipInfo("photos/00000000-0000-4000-8000-000000000000.jpg")
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, "/etc/passwd")
    return path


def corrupted_bundle(path: Path, files: dict[str, bytes]) -> Path:
    """Sixteen bytes of a stored photo overwritten in the file (the zip's CRC no longer fits)."""
    data = write_bundle(path, files).read_bytes()
    photo = files[first_photo(files)]
    path.write_bytes(data.replace(photo[200:216], bytes(16), 1))
    return path


CASES: dict[str, tuple[Callable[[Path, dict[str, bytes]], Path], str]] = {
    "absolute path": (
        lambda p, f: write_bundle(p, {**f, "/tmp/evil.txt": b"x"}), "absolute path"),
    "parent folder": (
        lambda p, f: write_bundle(p, {**f, "../evil.txt": b"x"}), "outside its folder"),
    "windows path": (
        lambda p, f: write_bundle(p, {**f, "C:\\evil.txt": b"x"}), "absolute path"),
    "symlink": (symlink_bundle, "a link"),
    "other compression": (bzip2_bundle, "packed in a way bundles never are"),
    "unexpected file": (
        lambda p, f: write_bundle(p, {**f, "notes.txt": b"x"}), "never has"),
    "zip bomb": (
        lambda p, f: write_bundle(p, {**f, "tombstones.json": b"[" + b" " * 50_000_000 + b"]"}),
        "expands too much"),
    "not a zip": (lambda p, f: p.write_bytes(b"PK\x03\x04 not really") and p, "not a zip"),
    "truncated": (
        lambda p, f: p.write_bytes(write_bundle(p, f).read_bytes()[: len(p.read_bytes()) // 2])
        and p, "not a zip"),
    "corrupted photo": (corrupted_bundle, "damaged"),
    "sha256 differs from the manifest": (
        lambda p, f: write_bundle(p, {**f, first_photo(f): f[first_photo(f)] + b"\0"},
                                  fix_manifest=False),
        "differs from what its manifest says"),
    "no manifest": (
        lambda p, f: write_bundle(p, {k: v for k, v in f.items() if k != "manifest.json"}),
        "no manifest"),
    "newer format": (
        lambda p, f: write_bundle(p, changed_json(
            f, "manifest.json", lambda m: m.update(format_version=2))),
        "newer version of Undercover"),
    "format version as text": (
        lambda p, f: write_bundle(p, changed_json(
            f, "manifest.json", lambda m: m.update(format_version="1"))),
        "no format version"),
    "another format": (
        lambda p, f: write_bundle(p, changed_json(
            f, "manifest.json", lambda m: m.update(format="zip"))),
        "not an Undercover bundle"),
    "malformed JSON": (
        lambda p, f: write_bundle(p, {**f, "visits.json": b'[{"id": '}), "not valid JSON"),
    "records not a list": (
        lambda p, f: write_bundle(p, {**f, "locations.json": b'{"a": 1}'}), "not a list"),
    "wrong type": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", set_visit("status", 3))), "wrong status"),
    "wrong type in an answer": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", lambda v: v[0]["answers"][0].update(value="high"))),
        "wrong value"),
    "unknown field": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", set_visit("colour", "red"))), "unknown colour"),
    "id not a UUID": (
        lambda p, f: write_bundle(p, changed_json(f, "visits.json", set_visit("id", "visit-1"))),
        "wrong id"),
    "time not UTC": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", set_visit("updated_at", "2026-03-01T10:00:00+01:00"))),
        "wrong updated_at"),
    "location missing": (
        lambda p, f: write_bundle(p, {**f, "locations.json": b"[]"}),
        "location is neither in the bundle nor in this database"),
    "checklist missing": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", set_visit("checklist_sha256", "0" * 64))),
        "checklist is neither"),
    "finding refers to another photo": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", lambda v: v[0]["findings"][0].update(
                photo_ids=["00000000-0000-4000-8000-000000000000"]))),
        "refers to a photo it does not have"),
    "photo missing": (
        lambda p, f: write_bundle(p, {k: v for k, v in f.items() if k != first_photo(f)}),
        "is missing from it"),
    "photo not a JPEG": (
        lambda p, f: write_bundle(p, {**f, first_photo(f): png_bytes()}),
        "not a complete JPEG"),
    "photo cut short": (
        lambda p, f: write_bundle(p, {**f, first_photo(f): f[first_photo(f)][:-300]}),
        "not a complete JPEG"),
    "photo of another size": (
        lambda p, f: write_bundle(p, changed_json(
            f, "visits.json", lambda v: v[0]["photos"][0].update(width=999))),
        "not the JPEG photo its record describes"),
    "checklist tampered": (
        lambda p, f: write_bundle(p, changed_json(
            f, "checklists.json", lambda c: c[0].update(definition=c[0]["definition"] + " "))),
        "does not match its hash"),
}


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_bundle_is_refused_and_changes_nothing(case, good, owner, tmp_path, capsys):
    make, message = CASES[case]
    bundle = make(tmp_path / "bad.undercover", members(good))
    before = owner.read_bytes()
    around = files_under(tmp_path)
    assert main(["import", "--db", str(owner), str(bundle)]) == 1
    err = capsys.readouterr().err
    assert message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert owner.read_bytes() == before
    assert files_under(tmp_path) == around
    assert not Path("/tmp/evil.txt").exists()


def test_too_many_members_and_too_large_are_refused(good, owner, tmp_path, capsys, monkeypatch):
    before = owner.read_bytes()
    monkeypatch.setattr(importer, "MAX_MEMBERS", 5)
    assert main(["import", "--db", str(owner), str(good)]) == 1
    assert "more than 5 files inside" in capsys.readouterr().err
    monkeypatch.setattr(importer, "MAX_MEMBERS", 100_000)
    monkeypatch.setattr(importer, "MAX_TOTAL_BYTES", 10_000)
    assert main(["import", "--db", str(owner), str(good)]) == 1
    assert "larger than any bundle" in capsys.readouterr().err
    assert owner.read_bytes() == before


def test_one_bad_bundle_among_good_ones_imports_none_of_them(good, owner, tmp_path, capsys):
    bad = CASES["photo not a JPEG"][0](tmp_path / "bad.undercover", members(good))
    before = owner.read_bytes()
    assert main(["import", "--db", str(owner), str(good), str(bad)]) == 1
    assert "not a complete JPEG" in capsys.readouterr().err
    assert owner.read_bytes() == before


def test_the_good_bundle_itself_imports_and_changes_the_file(good, owner, capsys):
    before = owner.read_bytes()
    assert main(["import", "--db", str(owner), str(good)]) == 0
    assert "2 visits added" in capsys.readouterr().out
    assert owner.read_bytes() != before  # so the comparisons above can see a change
