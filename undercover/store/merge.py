"""Merging visits that come from other machines, record by record, in any order.

Each visit carries its edit history: how many edits each machine made to it
(``versions``). A version that has seen every edit of another replaces it; one
that has been seen already changes nothing (importing the same bundle twice, or
an older one, is a no-op). Two versions that each have edits the other has not
seen are in conflict: both are kept, one is shown (a completed version before a
draft, then the newer by its updated time, then by its content, so every machine
picks the same), and the owner chooses. Completed visits stay completed: a draft
from a laptop that never saw the visit completed (an old laptop, a wrong clock) is
kept beside it, never shown in its place, and resolving a conflict keeps a
completed visit completed. A deletion wins over versions older than it, never
over newer ones.

Whatever order bundles arrive in, the database ends the same: what is kept is
the set of versions no other version has seen, which does not depend on order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from undercover.errors import UndercoverError
from undercover.store.database import transaction
from undercover.store.edits import versions_text
from undercover.store.records import (
    Record,
    insert_photo,
    read_visit,
    update_photo_details,
    write_visit,
)
from undercover.store.shared_records import SharedRecords, rank

# A photo's stored JPEG and thumbnail, by photo id, from wherever the incoming records came.
PhotoSource = Callable[[str], tuple[bytes, bytes]]

ADDED, UPDATED, UNCHANGED, CONFLICT = "added", "updated", "unchanged", "conflict"


class ImportCancelled(UndercoverError):
    """The person stopped an import; its transaction was rolled back."""


@dataclass
class Incoming:
    """Everything a bundle brings, already checked for shape and types."""

    visits: list[Record] = field(default_factory=list)
    locations: list[Record] = field(default_factory=list)
    evaluators: list[Record] = field(default_factory=list)
    checklists: list[Record] = field(default_factory=list)
    tombstones: list[Record] = field(default_factory=list)


@dataclass
class MergeSummary:
    """What an import does (or did): visit ids by outcome."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflict: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)

    def add(self, outcome: str, visit_id: str) -> None:
        getattr(self, outcome).append(visit_id)

    @property
    def changes(self) -> int:
        return len(self.added) + len(self.updated) + len(self.conflict) + len(self.deleted)

    def merge(self, other: MergeSummary) -> None:
        for name in ("added", "updated", "unchanged", "conflict", "deleted"):
            getattr(self, name).extend(getattr(other, name))

    def union(self, other: MergeSummary) -> MergeSummary:
        """Two previews as one: a visit in both is counted once, by its biggest change."""
        outcome: dict[str, str] = {}
        for name in ("unchanged", "deleted", "updated", "conflict", "added"):
            for visit_id in getattr(self, name) + getattr(other, name):
                outcome[visit_id] = name
        result = MergeSummary()
        for visit_id, name in outcome.items():
            result.add(name, visit_id)
        return result

    def sentence(self) -> str:
        """One line for people: "2 visits added, 1 updated, 3 unchanged, 1 in conflict"."""
        def visits(n: int) -> str:
            return f"{n} visit{'s' * (n != 1)}"

        parts = [f"{visits(len(self.added))} added", f"{len(self.updated)} updated",
                 f"{len(self.unchanged)} unchanged"]
        if self.conflict:
            parts.append(f"{len(self.conflict)} in conflict (both versions kept)")
        if self.deleted:
            parts.append(f"{len(self.deleted)} deleted")
        return ", ".join(parts)


def seen(a: dict[str, int], b: dict[str, int]) -> bool:
    """Whether a version with history ``a`` has seen every edit of one with history ``b``."""
    return all(a.get(machine, 0) >= count for machine, count in b.items())


def _versions_key(record: Record) -> str:
    return versions_text(record["versions"])


def _shown_first(record: Record) -> tuple[bool, str, str]:
    """Which of the versions in conflict a visit shows: completed before draft, whatever
    the clocks say, then the newest, then by content (the same choice on every machine)."""
    return (record["status"] == "completed", *rank(record))


@dataclass
class _Decision:
    outcome: str
    main: Record | None = None  # the version to show (None: leave the stored one)
    others: list[Record] = field(default_factory=list)  # versions kept beside it
    stored: Record | None = None  # the version shown until now


class Merger:
    """Applies incoming records to one database (the caller's thread, one transaction)."""

    def __init__(self, db: Database, rescore: Callable[[str], Any]) -> None:
        self._db = db
        self._rescore = rescore
        self._shared = SharedRecords(db)

    # -- reading what is stored -----------------------------------------------------

    def read(self, visit_id: str) -> Record | None:
        """The shown version of a visit, as a record."""
        return read_visit(self._db, visit_id)

    def conflicts(self, visit_id: str) -> list[Record]:
        rows = self._db.execute(
            "SELECT record FROM visit_conflicts WHERE visit_id = ? ORDER BY versions",
            [visit_id],
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def _deleted_at(self, visit_id: str) -> str | None:
        row = self._db.execute(
            "SELECT deleted_at FROM tombstones WHERE kind = 'visit' AND id = ?", [visit_id]
        ).fetchone()
        return row[0] if row else None

    def decide(self, record: Record) -> _Decision:
        """What importing this visit version would do; reads only."""
        deleted_at = self._deleted_at(record["id"])
        if deleted_at is not None and record["updated_at"] <= deleted_at:
            return _Decision(UNCHANGED)
        main = read_visit(self._db, record["id"])
        known = ([main] if main else []) + self.conflicts(record["id"])
        if any(seen(k["versions"], record["versions"]) for k in known):
            return _Decision(UNCHANGED)
        keep = [k for k in known if not seen(record["versions"], k["versions"])] + [record]
        if len(keep) == 1:  # the usual case: nothing to choose between
            return _Decision(ADDED if main is None else UPDATED, record, [], main)
        winner = max(keep, key=_shown_first)
        others = sorted((k for k in keep if k is not winner), key=_shown_first)
        if main is None:
            return _Decision(ADDED, winner, others)
        return _Decision(CONFLICT if others else UPDATED, winner, others, main)

    # -- planning and applying ------------------------------------------------------

    def plan(self, incoming: Incoming) -> MergeSummary:
        """The summary an import of ``incoming`` would give, without writing anything."""
        summary = MergeSummary()
        for record in incoming.visits:
            summary.add(self.decide(record).outcome, record["id"])
        arriving = {r["id"]: r["updated_at"] for r in incoming.visits}
        for stone in incoming.tombstones:
            if stone["kind"] != "visit":
                continue
            updated = self._db.execute(
                "SELECT updated_at FROM visits WHERE id = ?", [stone["id"]]
            ).fetchone()
            newest = max(filter(None, [updated and updated[0], arriving.get(stone["id"])]),
                         default=None)
            if newest is not None and newest <= stone["deleted_at"]:
                summary.deleted.append(stone["id"])
                for outcome in ("added", "updated", "unchanged", "conflict"):
                    ids = getattr(summary, outcome)
                    if stone["id"] in ids:
                        ids.remove(stone["id"])
        return summary

    def apply(
        self,
        incoming: Incoming,
        photos: PhotoSource,
        progress: Callable[[int, int], None] | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> MergeSummary:
        """Import ``incoming`` in one transaction: all of it, or (on any error, or when
        ``cancelled`` says so) nothing."""
        summary = self.plan(incoming)
        with transaction(self._db):
            self._db.execute("PRAGMA defer_foreign_keys = ON")
            self._shared.checklists(incoming.checklists)
            locations = self._shared.locations(incoming.locations)
            for evaluator in incoming.evaluators:
                self._shared.evaluator(evaluator)
            total = len(incoming.visits)
            for done, record in enumerate(incoming.visits, 1):
                if cancelled and cancelled():
                    raise ImportCancelled("The import was stopped; nothing was imported.")
                record = dict(record, location_id=locations.get(
                    record["location_id"], self._shared.location_id(record["location_id"])))
                self._shared.checklist_of(record)
                self._visit(record, photos)
                if progress:
                    progress(done, total)
            self._tombstones(incoming.tombstones)
        return summary

    # -- visits ---------------------------------------------------------------------

    def _visit(self, record: Record, photos: PhotoSource) -> None:
        decision = self.decide(record)
        if decision.outcome == UNCHANGED:
            return
        self._settle(record["id"], decision.main, decision.others, photos, decision.stored)

    def _settle(
        self,
        visit_id: str,
        main: Record | None,
        others: list[Record],
        photos: PhotoSource,
        before: Record | None = None,
    ) -> None:
        """Store ``main`` as the visit and ``others`` as versions kept beside it
        (``before``: the stored visit, if the caller has just read it)."""
        before = before or read_visit(self._db, visit_id)
        if main is not None and main != before:
            wanted = {p["id"] for p in main["photos"]}
            kept = {p["id"] for o in others for p in o["photos"]} - wanted
            for (photo_id,) in self._db.execute(
                "SELECT id FROM photos WHERE visit_id = ?", [visit_id]
            ).fetchall():
                if photo_id in wanted:
                    continue
                if photo_id in kept:
                    self._db.execute(
                        "INSERT OR IGNORE INTO parked_photos (id, visit_id, thumbnail, jpeg) "
                        "SELECT id, visit_id, thumbnail, jpeg FROM photos WHERE id = ?",
                        [photo_id],
                    )
                self._db.execute("DELETE FROM photos WHERE id = ?", [photo_id])
            for photo in main["photos"]:
                self._place_photo(visit_id, photo, photos)
            write_visit(self._db, main)
            self._rescore(visit_id)
        self._db.execute("DELETE FROM visit_conflicts WHERE visit_id = ?", [visit_id])
        in_main = {p["id"] for p in (main or before or {"photos": []})["photos"]}
        needed: set[str] = set()
        for other in others:
            self._db.execute(
                "INSERT INTO visit_conflicts (visit_id, versions, updated_at, record) "
                "VALUES (?, ?, ?, ?)",
                [visit_id, _versions_key(other), other["updated_at"],
                 json.dumps(other, sort_keys=True)],
            )
            for photo in other["photos"]:
                if photo["id"] not in in_main:
                    needed.add(photo["id"])
                    self._park_photo(visit_id, photo["id"], photos)
        for (photo_id,) in self._db.execute(
            "SELECT id FROM parked_photos WHERE visit_id = ?", [visit_id]
        ).fetchall():
            if photo_id not in needed:
                self._db.execute("DELETE FROM parked_photos WHERE id = ?", [photo_id])

    def _place_photo(self, visit_id: str, photo: Record, photos: PhotoSource) -> None:
        exists = self._db.execute(
            "SELECT visit_id FROM photos WHERE id = ?", [photo["id"]]
        ).fetchone()
        if exists:
            update_photo_details(self._db, visit_id, photo)
            return
        parked = self._db.execute(
            "SELECT jpeg, thumbnail FROM parked_photos WHERE id = ?", [photo["id"]]
        ).fetchone()
        jpeg, thumbnail = parked if parked else photos(photo["id"])
        insert_photo(self._db, visit_id, photo, jpeg, thumbnail)
        self._db.execute("DELETE FROM parked_photos WHERE id = ?", [photo["id"]])

    def _park_photo(self, visit_id: str, photo_id: str, photos: PhotoSource) -> None:
        if self._db.execute(
            "SELECT 1 FROM parked_photos WHERE id = ?", [photo_id]
        ).fetchone():
            return
        jpeg, thumbnail = photos(photo_id)
        self._db.execute(
            "INSERT INTO parked_photos (id, visit_id, thumbnail, jpeg) VALUES (?, ?, ?, ?)",
            [photo_id, visit_id, thumbnail, jpeg],
        )

    def _tombstones(self, stones: Iterable[Record]) -> None:
        for stone in stones:
            self._db.execute(
                "INSERT INTO tombstones (kind, id, visit_id, deleted_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (kind, id) DO UPDATE SET "
                "deleted_at = max(deleted_at, excluded.deleted_at)",
                [stone["kind"], stone["id"], stone.get("visit_id"), stone["deleted_at"]],
            )
            if stone["kind"] == "visit":
                self._delete_older(stone["id"])

    def _delete_older(self, visit_id: str) -> None:
        """Apply a visit's deletion to every stored version not newer than it."""
        deleted_at = self._deleted_at(visit_id)
        main = read_visit(self._db, visit_id)
        if main is None or deleted_at is None:
            return
        versions = [v for v in [main, *self.conflicts(visit_id)]
                    if v["updated_at"] > deleted_at]
        if not versions:
            self._db.execute("DELETE FROM parked_photos WHERE visit_id = ?", [visit_id])
            self._db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
            return
        winner = max(versions, key=_shown_first)
        self._settle(visit_id, winner, [v for v in versions if v is not winner],
                     self._stored_photo)

    def _stored_photo(self, photo_id: str) -> tuple[bytes, bytes]:
        row = self._db.execute(
            "SELECT jpeg, thumbnail FROM photos WHERE id = ? UNION ALL "
            "SELECT jpeg, thumbnail FROM parked_photos WHERE id = ?", [photo_id, photo_id],
        ).fetchone()
        if row is None:
            raise UndercoverError("A photo of a kept version is missing from the database.")
        return row[0], row[1]

    def resolve(self, visit_id: str, chosen: Record, machine: str, now: str) -> None:
        """End a conflict with the owner's choice: ``chosen`` becomes the visit, as an edit
        made here that has seen every version, so no version kept comes back. A visit
        completed in any of its versions stays completed, whichever details are chosen."""
        main = read_visit(self._db, visit_id)
        if main is None:
            raise UndercoverError("That visit no longer exists.")
        versions: dict[str, int] = {}
        known = [main, *self.conflicts(visit_id)]
        for version in known:
            for m, n in version["versions"].items():
                versions[m] = max(versions.get(m, 0), n)
        versions[machine] = versions.get(machine, 0) + 1
        record = dict(chosen, versions=versions, updated_at=now)
        completed = [v for v in known if v["status"] == "completed"]
        if completed and record["status"] != "completed":  # completed visits stay completed
            record["status"] = "completed"
            record["ended_at"] = record["ended_at"] or max(
                completed, key=_shown_first)["ended_at"]
        if record["status"] == "completed":
            record["edited_at"] = now
        with transaction(self._db):
            self._settle(visit_id, record, [], self._stored_photo)

# -- the owner's choice between versions in conflict -----------------------------------

_DETAILS = "visit"


def parts(record: Record) -> dict[str, Any]:
    """A version's parts the owner can choose one by one: its details, each answer,
    finding and photo (keys "visit", "answer:ID", "finding:ID", "photo:ID")."""
    details = {k: v for k, v in record.items()
               if k not in ("answers", "findings", "photos", "versions")}
    chosen: dict[str, Any] = {_DETAILS: details}
    for kind, key in (("answers", "question_id"), ("findings", "id"), ("photos", "id")):
        for item in record[kind]:
            chosen[f"{kind[:-1]}:{item[key]}"] = item
    return chosen


def combine(main: Record, other: Record, take: Iterable[str]) -> Record:
    """``main`` with the parts named in ``take`` as ``other`` has them (or without them,
    where ``other`` does not have them)."""
    mine, theirs = parts(main), parts(other)
    for key in take:
        if key in theirs:
            mine[key] = theirs[key]
        else:
            mine.pop(key, None)
    result: Record = dict(mine[_DETAILS])
    for kind in ("answers", "findings", "photos"):
        result[kind] = [v for k, v in mine.items() if k.startswith(kind[:-1] + ":")]
    result["versions"] = main["versions"]
    photos = {p["id"] for p in result["photos"]}
    result["findings"] = [
        dict(f, photo_ids=[p for p in f["photo_ids"] if p in photos]) for f in result["findings"]
    ]
    return result
