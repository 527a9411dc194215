"""Helpers for the sync tests: completing visits, aging files, comparing databases."""

from __future__ import annotations

import os
import time
from pathlib import Path

from exchange_helpers import contents

from undercover.cli import main
from undercover.domain.scoring import missing_required
from undercover.domain.visit import Answer
from undercover.store import Store

HOUR_AGO = time.time() - 3600


def run(*args: object) -> int:
    return main([str(a) for a in args])


def complete(store: Store, visit_id: str) -> None:
    """Answer what the checklist requires, then complete the visit."""
    visit = store.visits.get(visit_id)
    checklist = store.checklists.get(visit.checklist_key, visit.checklist_version)
    for question in missing_required(checklist, visit.answers):
        store.visits.save_answer(visit_id, Answer(question.id, 1.0))
    store.visits.complete(visit_id)


def records(path: Path) -> dict[str, list[tuple]]:
    """A database's visits and all they need, leaving out its own record of sync files."""
    return {k: v for k, v in contents(path).items() if not k.startswith("sync_")}


def age(path: Path, when: float = HOUR_AGO) -> Path:
    """Make a file look as if it arrived long ago (a sync engine finished with it)."""
    os.utime(path, (when, when))
    return path
