"""Unexpected database content (a newer version's values, a damaged file) never hides every visit.

Each case is written into a real file with plain SQL, the way another version or
program would leave it, then read through the command line and the app's list.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import make_visit, page_texts

from undercover.cli import main
from undercover.domain.visit import Finding, FindingKind, Severity
from undercover.store import DatabaseError, Store

GOOD = "aaaa1111-0000-4000-8000-000000000001"
ODD = "3f2a1b2c-0000-4000-8000-000000000002"
OTHER = "bbbb3333-0000-4000-8000-000000000003"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    with Store.open(path) as store:
        make_visit(store, location="Harbour Street", day="2026-02-03", id=GOOD)
        make_visit(store, location="Station Road", day="2026-03-04", id=ODD,
                   findings=[Finding(FindingKind.LEAK, "Nobody said hello",
                                     severity=Severity.HIGH)])
        make_visit(store, location="Station Road", day="2026-03-05", id=OTHER)
    return path


def sql(db: Path, *statements: str) -> None:
    conn = sqlite3.connect(db)
    try:
        with conn:
            for statement in statements:
                conn.execute(statement)
    finally:
        conn.close()


def listed(capsys, db: Path, *extra: str) -> tuple[int, str, list[str]]:
    code = main(["list", "--db", str(db), *extra])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.out, captured.err.splitlines()


ODD_ROWS = {
    "channel": (f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'",
                "unknown channel 'drone'"),
    "status": (f"UPDATE visits SET status = 'archived' WHERE id = '{ODD}'",
               "unknown status 'archived'"),
    "assessment": (f"UPDATE visits SET assessment = 'peer' WHERE id = '{ODD}'",
                   "unknown assessment 'peer'"),
    "score": (f"UPDATE visits SET score = 'high' WHERE id = '{ODD}'",
              "its score is not a number ('high')"),
    "location": (f"UPDATE visits SET location_id = 'gone' WHERE id = '{ODD}'",
                 "its location is missing"),
}


@pytest.mark.parametrize(("change", "reason"), ODD_ROWS.values(), ids=ODD_ROWS.keys())
def test_list_shows_the_readable_visits_and_names_the_odd_one(db, capsys, change, reason):
    sql(db, change)
    code, out, err = listed(capsys, db)
    assert code == 1
    assert err == [f"undercover: visit 3f2a1b2c could not be read: {reason}"]
    ids = [line.split()[0] for line in out.splitlines()]
    assert ids == ["bbbb3333", "aaaa1111"]

    code, out, err = listed(capsys, db, "--json")
    assert code == 1
    assert err == [f"undercover: visit 3f2a1b2c could not be read: {reason}"]
    assert [row["id"] for row in json.loads(out)] == [OTHER, GOOD]


def test_only_unreadable_visits_still_say_so_and_no_more(db, capsys):
    sql(db, "UPDATE visits SET channel = 'drone'")
    code, out, err = listed(capsys, db)
    assert (code, out) == (1, "")
    assert len(err) == 3 and all("unknown channel 'drone'" in line for line in err)
    code, out, _ = listed(capsys, db, "--json")
    assert (code, json.loads(out)) == (1, [])


def test_a_clean_database_lists_with_exit_0_and_nothing_on_stderr(db, capsys):
    code, out, err = listed(capsys, db)
    assert (code, err) == (0, [])
    assert len(out.splitlines()) == 3


# A report scores a visit from its answers, so only values it must show stop it.
@pytest.mark.parametrize("change", [ODD_ROWS[k][0] for k in ("channel", "status", "assessment")],
                         ids=["channel", "status", "assessment"])
def test_report_of_a_readable_visit_works_and_of_the_odd_one_says_why(db, tmp_path, capsys,
                                                                       change):
    sql(db, change)
    out = tmp_path / "good.pdf"
    assert main(["report", "--db", str(db), "aaaa1111", "-o", str(out)]) == 0
    assert "Harbour Street" in " ".join(page_texts(out))
    capsys.readouterr()
    odd = tmp_path / "odd.pdf"
    assert main(["report", "--db", str(db), "3f2a", "-o", str(odd)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("undercover: visit 3f2a1b2c could not be read: ")
    assert err.count("\n") == 1 and "unexpected" not in err
    assert not odd.exists()


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [("kind", "praise", "unknown finding kind 'praise'"),
     ("severity", "urgent", "unknown finding severity 'urgent'"),
     ("status", "snoozed", "unknown finding status 'snoozed'")],
)
def test_an_odd_finding_makes_only_its_visit_unreadable(db, tmp_path, capsys, column, value,
                                                        reason):
    sql(db, f"UPDATE findings SET {column} = '{value}'")
    code, out, err = listed(capsys, db)
    assert (code, err) == (0, [])  # the list shows visits, not their findings
    assert len(out.splitlines()) == 3
    assert main(["report", "--db", str(db), ODD[:8], "-o", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == f"undercover: visit 3f2a1b2c could not be read: {reason}\n"
    assert main(["report", "--db", str(db), GOOD[:8], "-o", str(tmp_path / "y.pdf")]) == 0


def test_a_damaged_stored_checklist_is_a_plain_message_for_its_visits(db, tmp_path, capsys):
    sql(db, "UPDATE checklists SET definition = 'not json' WHERE key = 'customer-centric'")
    code, out, err = listed(capsys, db)
    assert (code, err) == (0, [])
    assert len(out.splitlines()) == 3
    assert main(["report", "--db", str(db), GOOD[:8], "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err == ("undercover: stored checklist customer-centric v2: "
                   "the stored definition is damaged\n")


@pytest.mark.parametrize("table", ["photos", "findings", "answers", "finding_photos"])
def test_a_missing_table_still_lists_and_a_report_says_what_is_missing(db, tmp_path, capsys,
                                                                       table):
    sql(db, "PRAGMA foreign_keys = OFF", f"DROP TABLE {table}")
    code, out, err = listed(capsys, db)
    assert (code, err) == (0, [])
    assert len(out.splitlines()) == 3
    assert main(["report", "--db", str(db), ODD[:8], "-o", str(tmp_path / "x.pdf")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected" not in err
    assert f"its table '{table}' is missing" in err


def test_a_missing_visits_table_is_one_plain_line(db, capsys):
    sql(db, "DROP TABLE answers", "DROP TABLE finding_photos", "DROP TABLE photos",
        "DROP TABLE findings", "DROP TABLE visits")
    code, out, err = listed(capsys, db)
    assert (code, out) == (1, "")
    assert len(err) == 1 and "its table 'visits' is missing" in err[0]


def test_a_missing_column_is_one_plain_line(db, capsys):
    sql(db, "ALTER TABLE visits DROP COLUMN score_presence")
    with Store.open(db) as store, pytest.raises(DatabaseError, match="column"):
        store.visits.summaries()
    code, _, err = listed(capsys, db)
    assert code == 1
    assert err == [f"undercover: {db} is damaged or was changed by another program: its "
                   "column 'v.score_presence' is missing. Restore a backup, or open it with "
                   "the version that wrote it."]


def test_the_command_line_in_a_fresh_process_never_shows_a_traceback(db):
    sql(db, ODD_ROWS["channel"][0])
    result = subprocess.run([sys.executable, "-m", "undercover", "list", "--db", str(db)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr == (
        "undercover: visit 3f2a1b2c could not be read: unknown channel 'drone'\n"
    )
    assert [line[:8] for line in result.stdout.splitlines()] == ["bbbb3333", "aaaa1111"]


def test_the_app_lists_the_readable_visits_and_says_one_was_skipped(db, qtbot):
    from undercover.ui.main_window import MainWindow

    sql(db, ODD_ROWS["status"][0])
    store = Store.open(db)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    model = window.list_page.model
    assert model.rowCount() == 2
    assert window.statusBar().currentMessage() == (
        "Skipped: visit 3f2a1b2c could not be read: unknown status 'archived'"
    )
    window.close()
    store.close()


def test_opening_a_visit_with_an_odd_finding_in_the_app_says_why(db, qtbot, monkeypatch):
    from undercover.ui import dialogs
    from undercover.ui.main_window import MainWindow

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda _parent, message: shown.append(message))
    sql(db, "UPDATE findings SET severity = 'urgent'")
    store = Store.open(db)
    window = MainWindow(store)
    qtbot.addWidget(window)
    window.show()
    assert window.list_page.model.rowCount() == 3
    assert window.open_visit(ODD) is None
    assert shown == ["visit 3f2a1b2c could not be read: unknown finding severity 'urgent'"]
    assert window.open_visit(GOOD) is not None  # the others open as ever
    window.close()
    store.close()


def test_a_damaged_setting_falls_back_to_its_default_and_hides_nothing(db, tmp_path, capsys):
    sql(db, "INSERT INTO settings (key, value) VALUES ('business_name', '{not json')",
        "INSERT INTO settings (key, value) VALUES ('page_size', 42.5)")
    with Store.open(db) as store:
        assert store.settings.get("business_name", "Mine") == "Mine"
        assert store.settings.get("page_size", "A4") == "A4"  # not JSON text: the default
    code, out, err = listed(capsys, db)
    assert (code, err, len(out.splitlines())) == (0, [], 3)
    out_pdf = tmp_path / "good.pdf"
    assert main(["report", "--db", str(db), GOOD[:8], "-o", str(out_pdf)]) == 0
    assert "Harbour Street" in " ".join(page_texts(out_pdf))


def test_an_answer_that_is_not_a_number_makes_only_its_visit_unreadable(db, tmp_path, capsys):
    sql(db, f"UPDATE answers SET value = 'four' WHERE visit_id = '{ODD}' "
            "AND question_id = 'greeting'")
    code, out, err = listed(capsys, db)
    assert (code, err, len(out.splitlines())) == (0, [], 3)
    assert main(["report", "--db", str(db), ODD[:8], "-o", str(tmp_path / "x.pdf")]) == 1
    assert capsys.readouterr().err == (
        "undercover: visit 3f2a1b2c could not be read: its answer to greeting is not a number "
        "('four')\n"
    )
    assert main(["report", "--db", str(db), GOOD[:8], "-o", str(tmp_path / "y.pdf")]) == 0
