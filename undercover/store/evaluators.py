"""Evaluators as records that travel with their visits, so an owner can tell shoppers apart."""

from __future__ import annotations

from sqlite_utils import Database

from undercover.domain.visit import Evaluator, now_iso
from undercover.store.edits import machine_id

_COLUMNS = "id, code, name, machine_id, updated_at"


def _evaluator(row: tuple) -> Evaluator:
    return Evaluator(id=row[0], code=row[1], name=row[2], machine_id=row[3], updated_at=row[4])


class EvaluatorRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def mine(self, code: str) -> Evaluator:
        """This computer's evaluator with ``code``, made the first time the code is used.

        Call inside the caller's transaction.
        """
        machine = machine_id(self._db)
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM evaluators WHERE machine_id = ? AND code = ? "
            "ORDER BY id LIMIT 1", [machine, code],
        ).fetchone()
        if row:
            return _evaluator(row)
        name = self._db.execute(
            "SELECT json_extract(value, '$') FROM settings WHERE key = 'evaluator_name' "
            "AND (SELECT json_extract(value, '$') FROM settings "
            "WHERE key = 'evaluator_code') = ?", [code],
        ).fetchone()
        evaluator = Evaluator(code=code, name=name[0] if name and name[0] else "",
                              machine_id=machine, updated_at=now_iso())
        self.put(evaluator)
        return evaluator

    def put(self, evaluator: Evaluator) -> None:
        """Store an evaluator exactly as given (id and time included)."""
        self._db.execute(
            f"INSERT INTO evaluators ({_COLUMNS}) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET code = excluded.code, name = excluded.name, "
            "machine_id = excluded.machine_id, updated_at = excluded.updated_at",
            [evaluator.id, evaluator.code, evaluator.name, evaluator.machine_id,
             evaluator.updated_at or now_iso()],
        )

    def get(self, evaluator_id: str) -> Evaluator | None:
        row = self._db.execute(
            f"SELECT {_COLUMNS} FROM evaluators WHERE id = ?", [evaluator_id]
        ).fetchone()
        return _evaluator(row) if row else None

    def all(self) -> list[Evaluator]:
        rows = self._db.execute(f"SELECT {_COLUMNS} FROM evaluators ORDER BY code, id")
        return [_evaluator(r) for r in rows.fetchall()]
