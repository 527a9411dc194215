"""What merged visits refer to: checklist versions, locations and evaluators.

A checklist version is known by the hash of its definition; a location by its
name (the same place named on two machines becomes one, under the smaller id,
the other id kept as an alias); an evaluator by its id, the newer record winning.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from sqlite_utils import Database

from undercover.domain.visit import Evaluator
from undercover.errors import UndercoverError
from undercover.store.evaluators import EvaluatorRepo
from undercover.store.records import LOCATION_FIELDS, Record


def rank(record: Record) -> tuple[str, str]:
    """Newest first, then a hash of the content: every machine picks the same one."""
    content = {k: v for k, v in record.items() if k != "location_id"}
    digest = hashlib.sha256(json.dumps(content, sort_keys=True).encode()).hexdigest()
    return record["updated_at"], digest


def _location_rank(loc: Record) -> tuple[str, str]:
    content = json.dumps([loc["name"], loc["address"], loc["notes"]])
    return loc["updated_at"], hashlib.sha256(content.encode()).hexdigest()


class SharedRecords:
    """Stores the records visits refer to, inside the caller's transaction."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def checklists(self, checklists: Iterable[Record]) -> None:
        for c in checklists:
            if self._db.execute(
                "SELECT 1 FROM checklists WHERE sha256 = ?", [c["sha256"]]
            ).fetchone():
                continue
            if self._db.execute(
                "SELECT 1 FROM checklists WHERE key = ? AND version = ?",
                [c["key"], c["version"]],
            ).fetchone():
                raise UndercoverError(
                    f"The bundle's checklist {c['key']} version {c['version']} differs from "
                    "this database's version with the same number; nothing was imported."
                )
            self._db.execute(
                "INSERT INTO checklists (key, version, title, audience, definition, sha256, "
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [c["key"], c["version"], c["title"], c["audience"], c["definition"],
                 c["sha256"], c["created_at"]],
            )

    def checklist_of(self, record: Record) -> None:
        """Refer to the checklist by this database's key and number for its hash."""
        key, version = self._db.execute(
            "SELECT key, version FROM checklists WHERE sha256 = ?", [record["checklist_sha256"]]
        ).fetchone()
        record["checklist_key"], record["checklist_version"] = key, version

    def location_id(self, location_id: str) -> str:
        row = self._db.execute(
            "SELECT location_id FROM location_aliases WHERE alias_id = ?", [location_id]
        ).fetchone()
        return row[0] if row else location_id

    def locations(self, locations: Iterable[Record]) -> dict[str, str]:
        """Store incoming locations; the same name is one location (the smaller id stays,
        the other becomes its alias). Returns incoming id → stored id."""
        mapping = {}
        for loc in locations:
            local_id = self.location_id(loc["id"])
            row = self._db.execute(
                "SELECT id, updated_at FROM locations WHERE id = ?", [local_id]
            ).fetchone()
            if row is None:
                same = self._db.execute(
                    "SELECT id, updated_at FROM locations WHERE name = ? COLLATE NOCASE",
                    [loc["name"].strip()],
                ).fetchone()
                if same is None:
                    self._db.execute(
                        f"INSERT INTO locations ({', '.join(LOCATION_FIELDS)}) "
                        "VALUES (?, ?, ?, ?, ?, ?)", [loc[f] for f in LOCATION_FIELDS],
                    )
                    mapping[loc["id"]] = loc["id"]
                    continue
                local_id, row = self._join_locations(same[0], loc["id"]), same
            mapping[loc["id"]] = local_id
            stored = self._db.execute(
                f"SELECT {', '.join(LOCATION_FIELDS)} FROM locations WHERE id = ?", [local_id]
            ).fetchone()
            stored_record = dict(zip(LOCATION_FIELDS, stored, strict=True))
            self._db.execute(
                "UPDATE locations SET created_at = min(created_at, ?) WHERE id = ?",
                [loc["created_at"], local_id],
            )
            if _location_rank(loc) > _location_rank(stored_record):
                clash = self._db.execute(
                    "SELECT 1 FROM locations WHERE name = ? COLLATE NOCASE AND id != ?",
                    [loc["name"], local_id],
                ).fetchone()
                self._db.execute(
                    "UPDATE locations SET name = CASE WHEN ? THEN name ELSE ? END, "
                    "address = ?, notes = ?, updated_at = ? WHERE id = ?",
                    [bool(clash), loc["name"], loc["address"], loc["notes"],
                     loc["updated_at"], local_id],
                )
        return mapping

    def _join_locations(self, stored_id: str, incoming_id: str) -> str:
        """One location under the smaller of two ids; the other id becomes an alias."""
        keep, alias = sorted([stored_id, incoming_id])
        if keep != stored_id:
            self._db.execute("UPDATE locations SET id = ? WHERE id = ?", [keep, stored_id])
            self._db.execute(
                "UPDATE visits SET location_id = ? WHERE location_id = ?", [keep, stored_id]
            )
            self._db.execute(
                "UPDATE location_aliases SET location_id = ? WHERE location_id = ?",
                [keep, stored_id],
            )
            for visit_id, versions, text in self._db.execute(
                "SELECT visit_id, versions, record FROM visit_conflicts "
                "WHERE json_extract(record, '$.location_id') = ?", [stored_id],
            ).fetchall():
                record = dict(json.loads(text), location_id=keep)
                self._db.execute(
                    "UPDATE visit_conflicts SET record = ? WHERE visit_id = ? AND versions = ?",
                    [json.dumps(record, sort_keys=True), visit_id, versions],
                )
        self._db.execute(
            "INSERT OR REPLACE INTO location_aliases (alias_id, location_id) VALUES (?, ?)",
            [alias, keep],
        )
        return keep

    def evaluator(self, record: Record) -> None:
        repo = EvaluatorRepo(self._db)
        stored = repo.get(record["id"])
        incoming = Evaluator(**record)
        if stored is None or rank(vars(incoming)) > rank(vars(stored)):
            repo.put(incoming)
