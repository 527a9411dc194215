"""Stored list scores follow the scoring rules: a database scored under older rules is
rescored once when it is opened for writing, and never by a command that only reads."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from test_report import make_visit

from undercover.store import Store
from undercover.store.visits import SCORING_RULES


def _stale(path: Path) -> None:
    """What a file scored under older rules looks like: other figures, no rules marker."""
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE visits SET score = 3, score_empathy = 4, flagged = 1")
        conn.execute("DELETE FROM settings WHERE key = 'scoring_rules'")
    conn.close()


def _stored(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT id, score, score_empathy, flagged, updated_at, versions FROM visits "
            "ORDER BY id").fetchall()
    conn.close()
    return rows


def test_old_scores_are_recomputed_once_without_counting_as_an_edit(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with Store.open(path) as store:
        visits = [make_visit(store, day=f"2026-03-1{n}") for n in range(3)]
        expected = {v.id: store.visits.scorecard(v.id).overall for v in visits}
    fresh = _stored(path)
    assert all(row[1] == expected[row[0]] for row in fresh)
    _stale(path)
    assert all(row[1] == 3 for row in _stored(path))

    with Store.open(path) as store:
        assert store.settings.get("scoring_rules") == SCORING_RULES
    assert _stored(path) == fresh  # same figures, same times, same edit counts
    with Store.open(path) as store:
        assert store.visits.refresh_scores() == 0  # once only


def test_a_read_only_command_leaves_old_scores_and_the_file_as_they_are(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    with Store.open(path) as store:
        make_visit(store)
    _stale(path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    with Store.open(path, read_only=True) as store:
        assert store.visits.summaries()[0].score == 3
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
