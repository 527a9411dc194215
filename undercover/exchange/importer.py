"""Reading .undercover bundles: everything is checked before anything is written.

Checks, in order: the file is a zip within limits (member count, total size,
compression ratio); every member name is one a bundle has (no absolute paths,
no ``..``, no links); the manifest's format version is one this version reads;
every member's sha256 matches the manifest; the JSON has the right shape and
types; ids are UUIDs; every reference points into the bundle or the database;
each photo is a JPEG of the size its record says. Only then does the import run,
as one transaction. Photos are read one at a time, straight from the zip.
"""

from __future__ import annotations

import hashlib
import json
import re
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import Any

from undercover.domain.checklist_format import checklist_from_dict
from undercover.errors import UndercoverError
from undercover.exchange.backups import BackupOnce
from undercover.exchange.bundle import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    RECORD_MEMBERS,
    photo_member,
    thumbnail_member,
)
from undercover.exchange.records_check import BundleError, check_record, check_visit
from undercover.store import Store
from undercover.store import records as records_io
from undercover.store.database import bulk_writes, transaction
from undercover.store.merge import Incoming, MergeSummary

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 8 * 2**30  # all members, uncompressed
MAX_PHOTO_BYTES = 64 * 2**20
MAX_JSON_BYTES = 512 * 2**20
MAX_RATIO = 200  # uncompressed / compressed, for compressed members
_TAIL = 4096  # a photo's last bytes kept to find its end marker past any zero padding
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
_NAME = re.compile(
    rf"({'|'.join(RECORD_MEMBERS)})\.json|(photos|thumbnails)/{_UUID}\.jpg"
)


@dataclass
class Bundle:
    """A checked bundle, open for reading its photos."""

    path: Path
    manifest: dict[str, Any]
    incoming: Incoming
    zf: zipfile.ZipFile

    def photo(self, photo_id: str) -> tuple[bytes, bytes]:
        """The stored JPEG and thumbnail of a photo in the bundle."""
        return self._read(photo_member(photo_id)), self._read(thumbnail_member(photo_id))

    def _read(self, name: str) -> bytes:
        try:
            return self.zf.read(name)
        except (KeyError, zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
            raise BundleError(f"{self.path.name} could not be read: {exc}.") from exc


class _ReadAhead:
    """A bundle's photos for the merge, each next one read while SQLite stores this one
    (zip reads and SQLite writes both release the GIL); at most one photo ahead."""

    def __init__(self, bundle: Bundle) -> None:
        self._bundle = bundle
        order = [p["id"] for v in bundle.incoming.visits for p in v["photos"]]
        self._after = dict(pairwise(order))
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bundle-read")
        self._ahead: tuple[str, Future[tuple[bytes, bytes]]] | None = None

    def __call__(self, photo_id: str) -> tuple[bytes, bytes]:
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[0] == photo_id:
            photo = ahead[1].result()
        else:  # the merge left a photo out (already stored): read this one now
            if ahead is not None:
                ahead[1].cancel()
            photo = self._bundle.photo(photo_id)
        following = self._after.get(photo_id)
        if following is not None:
            self._ahead = (following, self._pool.submit(self._bundle.photo, following))
        return photo

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _refuse(path: Path, why: str) -> BundleError:
    return BundleError(f"{path.name} cannot be imported: {why}. Nothing was imported.")


def _check_members(path: Path, zf: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(path, f"it has more than {MAX_MEMBERS:,} files inside")
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or "\\" in name:
            raise _refuse(path, f"it holds a file with an absolute path ({name[:60]})")
        if ".." in name.split("/"):
            raise _refuse(path, f"it holds a file outside its folder ({name[:60]})")
        if stat.S_ISLNK(info.external_attr >> 16):
            raise _refuse(path, f"it holds a link ({name[:60]})")
        if info.flag_bits & 0x1:
            raise _refuse(path, "it is encrypted")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _refuse(path, f"{name[:60]} is packed in a way bundles never are")
        if name != MANIFEST and not _NAME.fullmatch(name):
            raise _refuse(path, f"it holds a file a bundle never has ({name[:60]})")
        if name in members:
            raise _refuse(path, f"it holds {name} twice")
        limit = MAX_PHOTO_BYTES if name.endswith(".jpg") else MAX_JSON_BYTES
        if info.file_size > limit:
            raise _refuse(path, f"{name} is too large")
        if info.compress_type != zipfile.ZIP_STORED and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ) and info.file_size > 2**20:
            raise _refuse(path, f"{name} expands too much (a zip bomb?)")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(path, "it is larger than any bundle Undercover makes")
        members[name] = info
    if MANIFEST not in members:
        raise _refuse(path, "it has no manifest, so it is not an Undercover bundle")
    return members


def _read_limited(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes in chunks, never more than its recorded size."""
    left = info.file_size
    with zf.open(info) as f:
        while True:
            chunk = f.read(min(1 << 20, left + 1))
            if not chunk:
                return
            left -= len(chunk)
            if left < 0:
                raise zipfile.BadZipFile(f"{info.filename} is longer than recorded")
            yield chunk


def _manifest(path: Path, zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> dict[str, Any]:
    try:
        manifest = json.loads(b"".join(_read_limited(zf, info)))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refuse(path, "its manifest is not valid JSON") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "it is not an Undercover bundle")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise _refuse(path, "its manifest has no format version")
    if version > FORMAT_VERSION:
        raise _refuse(
            path, f"it was made by a newer version of Undercover (bundle format {version}; "
            f"this version reads up to {FORMAT_VERSION}). Update Undercover to import it"
        )
    if version < 1:
        raise _refuse(path, f"its bundle format {version} is unknown")
    members = manifest.get("members")
    if not isinstance(members, dict) or not all(
        isinstance(m, dict) and isinstance(m.get("sha256"), str) and isinstance(m.get("size"), int)
        for m in members.values()
    ):
        raise _refuse(path, "its manifest does not list its files")
    return manifest


def _json(path: Path, data: bytes, name: str) -> list[Any]:
    try:
        value = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise _refuse(path, f"{name} is not valid JSON") from exc
    if not isinstance(value, list):
        raise _refuse(path, f"{name} is not a list of records")
    return value


# Start-of-frame markers (baseline, progressive, lossless, arithmetic): they carry the size.
_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class _ShortHeader(Exception):
    """The JPEG's header goes on past the bytes given."""


def jpeg_size(data: bytes) -> tuple[int, int] | None:
    """A JPEG's (width, height) from its marker segments, without decoding it.

    Walks the segments from the start-of-image marker to the start of the scan,
    each with a well-formed length; None when the structure is not a JPEG's (no
    frame header, a broken marker, a size of zero). Raises _ShortHeader when
    ``data`` ends before the scan starts.
    """
    if not data.startswith(b"\xff\xd8"):
        return None
    pos, size = 2, None
    while True:
        if pos + 4 > len(data):
            raise _ShortHeader
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:  # fill bytes before a marker
            pos += 1
            continue
        if marker in (0x01, *range(0xD0, 0xD8)):  # markers without a length
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        if length < 2 or marker in (0x00, 0xD8, 0xD9):
            return None
        if marker in _SOF:
            if pos + 9 > len(data):
                raise _ShortHeader
            if length < 8:
                return None
            height = int.from_bytes(data[pos + 5:pos + 7], "big")
            width = int.from_bytes(data[pos + 7:pos + 9], "big")
            size = (width, height) if width and height else None
            if size is None:
                return None
        if marker == 0xDA:  # start of scan: the header is over
            return size
        pos += 2 + length


def _check_jpeg(
    path: Path, name: str, head: bytes, tail: bytes, size: tuple[int, int] | None,
    whole: Callable[[], bytes],
) -> None:
    """A JPEG's structure up to its scan, its size and its end marker; decoding every
    photo is too slow.

    ``head`` is the photo's first chunk and ``tail`` its last bytes, so the photo is
    never joined in memory; ``whole()`` reads it all, for a header longer than ``head``.
    """
    if not head.startswith(b"\xff\xd8\xff") or not tail.rstrip(b"\x00").endswith(b"\xff\xd9"):
        raise _refuse(path, f"{name} is not a complete JPEG photo")
    try:
        found = jpeg_size(head)
    except _ShortHeader:
        try:
            found = jpeg_size(whole())
        except _ShortHeader:
            found = None
    if found is None:
        raise _refuse(path, f"{name} is not a valid JPEG photo")
    if size is not None and found != size:
        raise _refuse(path, f"{name} is not the JPEG photo its record describes")


def _check_references(path: Path, store: Store, incoming: Incoming, names: set[str]) -> None:
    db = store.db
    locations = {r["id"] for r in incoming.locations}
    evaluators = {r["id"] for r in incoming.evaluators}
    checklists = {r["sha256"] for r in incoming.checklists}
    visits = incoming.visits
    need = {r["location_id"] for r in visits} - locations
    if need - records_io.known_ids(db, "location", need):
        raise _refuse(path, "a visit's location is neither in the bundle nor in this database")
    need = {r["evaluator_id"] for r in visits if r["evaluator_id"]} - evaluators
    if need - records_io.known_ids(db, "evaluator", need):
        raise _refuse(path, "a visit's evaluator is neither in the bundle nor in this database")
    need = {r["checklist_sha256"] for r in visits} - checklists
    if need - records_io.known_ids(db, "checklist", need):
        raise _refuse(path, "a visit's checklist is neither in the bundle nor in this database")
    if len({r["id"] for r in visits}) != len(visits):
        raise _refuse(path, "it holds the same visit twice")
    owner = {p["id"]: r["id"] for r in visits for p in r["photos"]}
    if len(owner) != sum(len(r["photos"]) for r in visits):
        raise _refuse(path, "it holds the same photo in two visits")
    for photo_id in owner:
        if photo_member(photo_id) not in names or thumbnail_member(photo_id) not in names:
            raise _refuse(path, f"the photo {photo_id} is missing from it")
    extra = {n for n in names if n.endswith(".jpg")} - {
        f(p) for p in owner for f in (photo_member, thumbnail_member)
    }
    if extra:
        raise _refuse(path, f"it holds a photo no visit refers to ({sorted(extra)[0]})")
    for table, ids in (("photos", owner), ("parked_photos", owner), ("findings", {
        f["id"]: r["id"] for r in visits for f in r["findings"]
    })):
        for record_id, visit_id in records_io.existing(db, table, list(ids)).items():
            if visit_id != ids[record_id]:
                raise _refuse(path, f"{record_id} belongs to another visit in this database")
    for checklist in incoming.checklists:
        definition = checklist["definition"]
        if hashlib.sha256(definition.encode()).hexdigest() != checklist["sha256"]:
            raise _refuse(path, f"the checklist {checklist['key']} does not match its hash")
        try:
            parsed = checklist_from_dict(json.loads(definition), "bundled checklist")
        except (UndercoverError, ValueError) as exc:
            raise _refuse(path, f"the checklist {checklist['key']} is damaged") from exc
        if (parsed.key, parsed.version) != (checklist["key"], checklist["version"]):
            raise _refuse(path, f"the checklist {checklist['key']} is damaged")


@contextmanager
def open_bundle(
    path: Path | str, store: Store, progress: Callable[[int, int], None] | None = None
) -> Iterator[Bundle]:
    """Check a bundle completely against ``store``; yields it for planning and importing."""
    path = Path(path).expanduser()
    try:
        info = path.stat()
    except OSError as exc:
        raise UndercoverError(f"Cannot read {path}: {exc.strerror or exc}.") from exc
    if not stat.S_ISREG(info.st_mode):
        raise UndercoverError(f"{path} is not a file.")
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(path, "it is damaged or is not a bundle (not a zip file)") from exc
    with zf:
        try:
            yield _check(path, zf, store, progress)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise _refuse(path, f"it is damaged ({exc})") from exc


def _check(
    path: Path, zf: zipfile.ZipFile, store: Store, progress: Callable[[int, int], None] | None
) -> Bundle:
    members = _check_members(path, zf)
    manifest = _manifest(path, zf, members[MANIFEST])
    listed = manifest["members"]
    if set(listed) != set(members) - {MANIFEST}:
        raise _refuse(path, "its files do not match its manifest")
    data: dict[str, list[Any]] = {}
    sizes: dict[str, tuple[int, int]] = {}
    for name in RECORD_MEMBERS:
        member = f"{name}.json"
        if member not in members:
            raise _refuse(path, f"{member} is missing")
        raw = b"".join(_read_limited(zf, members[member]))
        if hashlib.sha256(raw).hexdigest() != listed[member]["sha256"]:
            raise _refuse(path, f"{member} differs from what its manifest says")
        data[name] = _json(path, raw, member)
    kinds = {"visits": "visit", "locations": "location", "evaluators": "evaluator",
             "checklists": "checklist", "tombstones": "tombstone"}
    for name, kind in kinds.items():
        for n, record in enumerate(data[name]):
            where = f"{name}.json (record {n + 1})"
            check_visit(record, where) if kind == "visit" else check_record(kind, record, where)
    incoming = Incoming(**data)
    for visit in incoming.visits:
        for photo in visit["photos"]:
            sizes[photo_member(photo["id"])] = (photo["width"], photo["height"])
    _check_references(path, store, incoming, set(members))
    photos = [n for n in members if n.endswith(".jpg")]
    for done, name in enumerate(photos, 1):
        # Hashed as it streams in; only the first chunk and the last bytes are kept.
        digest = hashlib.sha256()
        head = tail = b""
        for chunk in _read_limited(zf, members[name]):
            digest.update(chunk)
            head = head or chunk
            tail = (tail + chunk)[-_TAIL:] if len(chunk) < _TAIL else chunk[-_TAIL:]
        if digest.hexdigest() != listed[name]["sha256"]:
            raise _refuse(path, f"{name} differs from what its manifest says")
        info = members[name]
        _check_jpeg(path, name, head, tail, sizes.get(name),
                    lambda info=info: b"".join(_read_limited(zf, info)))
        if progress:
            progress(done, len(photos))
    return Bundle(path, manifest, incoming, zf)


def preview(path: Path | str, store: Store) -> MergeSummary:
    """What importing this bundle would add, update and leave alone; writes nothing."""
    with open_bundle(path, store) as bundle:
        return store.merger.plan(bundle.incoming)


def import_bundles(
    paths: list[Path | str],
    store: Store,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    backup: Callable[[], object] | None = None,
) -> MergeSummary:
    """Check every bundle, then import them all in one transaction: all, or nothing.

    When the bundles change something, ``backup`` (by default a ``BackupOnce`` of
    this database) copies the database into the backups folder first; if it
    fails, nothing is imported.
    """
    total = MergeSummary()
    with ExitStack() as stack:
        bundles = [stack.enter_context(open_bundle(path, store)) for path in paths]
        if any(store.merger.plan(bundle.incoming).changes for bundle in bundles):
            (backup or BackupOnce(store.path))()
        with bulk_writes(store.db), transaction(store.db):
            for bundle in bundles:
                photos = _ReadAhead(bundle)
                try:
                    total.merge(store.merger.apply(bundle.incoming, photos, progress,
                                                   cancelled))
                finally:
                    photos.close()
    return total
