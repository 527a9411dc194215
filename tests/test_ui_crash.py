"""Autosave under the worst case: the app killed with SIGKILL in the middle of a visit.

A separate process runs the real app (offscreen Qt), answers questions from
the keyboard, says READY and is killed at once, with no chance to clean up.
Every answer given before the kill must be in the database.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from undercover.domain.visit import Answer, Location, Visit
from undercover.store import Store
from undercover.store.checklists import DEFAULT_CHECKLIST

HELPER = Path(__file__).parent / "ui_helpers.py"
ANSWERED = 12  # into the third section: Enter and Tab carry it across section ends


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (POSIX)")
def test_answers_given_before_a_sigkill_are_all_in_the_database(tmp_path):
    db = tmp_path / "visits.db"
    with Store.open(db) as store:
        location = store.locations.add(Location("Market Square"))
        checklist = store.checklists.get(DEFAULT_CHECKLIST)
        visit = store.visits.create(
            Visit(location.id, checklist.key, checklist.version, scenario="Bought a tea")
        )

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, str(HELPER), "answer-then-wait", str(db), visit.id, str(ANSWERED)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
        cwd=Path(__file__).parents[1],
    )
    try:
        line = process.stdout.readline()  # blocks until the driver has answered
        assert line.startswith("READY "), f"driver said {line!r}; stderr: {process.stderr.read()}"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    given = [Answer(**a) for a in json.loads(line.removeprefix("READY "))]
    assert len(given) == ANSWERED
    with Store.open(db) as store:
        stored = store.visits.get(visit.id)
    assert stored.answers == {a.question_id: a for a in given}
    # It was answering the third section when it died: reopening resumes there.
    assert stored.current_section == 2
