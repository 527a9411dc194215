"""CSV for spreadsheets: read back with Python's csv module and through LibreOffice."""

from __future__ import annotations

import csv
import io
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from undercover.cli import main
from undercover.demo import create_demo
from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.visit import (
    Answer,
    Channel,
    Finding,
    FindingStatus,
    Location,
    Visit,
    VisitStatus,
)
from undercover.exchange.csv_export import ANSWER_COLUMNS, VISIT_COLUMNS, text_cell
from undercover.store import Store

HOSTILE_NOTES = {
    "greeting": "=1+1",
    "facial_expression": "+44 20 7946 0958",
    "eye_contact": "-2+3+cmd|' /C calc'!A0",
    "tone_of_voice": "@SUM(A1:A9)",
    "body_language": "\tindented",
    "listening": "\rcarriage",
    "used_name": "-5",
    "plain_language": "Price €4.50 at the café in Łódź,\nsecond line \"quoted\"",
}


@pytest.fixture
def shop(tmp_path: Path) -> tuple[Path, str]:
    """A database with one visit to Łódź whose notes try every formula trick."""
    path = tmp_path / "shop.db"
    with Store.open(path) as store:
        lodz = store.locations.add(Location("Łódź Old Town"))
        store.locations.add(Location("Harbour Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(
            location_id=lodz.id, checklist_key=checklist.key,
            checklist_version=checklist.version, channel=Channel.IN_PERSON,  # faces are seen
            evaluator_code="=HYPERLINK(\"http://x\")", started_at="2026-03-14T10:00:00+01:00",
        ))
        for qid, note in HOSTILE_NOTES.items():
            kind = checklist.question(qid).kind
            value = 1.0 if kind == "yes_no" else 2.0
            store.visits.save_answer(visit.id, Answer(qid, value, note=note))
        store.visits.save_answer(visit.id, Answer("acknowledged_minutes", 4.0))
        store.visits.save_answer(visit.id, Answer("busy_signal", na=True))
        store.visits.save_answer(visit.id, Answer("likely_return", 10.0))
        store.visits.save_answer(visit.id, Answer("felt_leaving", text="Tired — €€ wasted"))
        store.visits.save_answer(visit.id, Answer("courtesy", 0.0))  # a critical failure
        store.visits.save_finding(visit.id, Finding(FindingKind.LEAK, "Kept waiting"))
        store.visits.save_finding(visit.id, Finding(FindingKind.MISSED, "No upsell"))
        store.visits.save_finding(visit.id, Finding(
            FindingKind.LEAK, "Dismissed one", status=FindingStatus.DISMISSED))
    return path, visit.id


def read_csv(path: Path) -> list[dict[str, str]]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_one_row_per_answer_with_every_column_and_formulas_kept_as_text(shop, tmp_path):
    db, visit_id = shop
    out = tmp_path / "answers.csv"
    assert main(["csv", "--db", str(db), "-o", str(out)]) == 0
    rows = read_csv(out)
    assert list(rows[0]) == list(ANSWER_COLUMNS)
    assert len(rows) == len(HOSTILE_NOTES) + 5
    by_question = {r["Question id"]: r for r in rows}
    assert by_question["greeting"]["Note"] == "'=1+1"
    assert by_question["facial_expression"]["Note"] == "'+44 20 7946 0958"
    assert by_question["eye_contact"]["Note"] == "'-2+3+cmd|' /C calc'!A0"
    assert by_question["tone_of_voice"]["Note"] == "'@SUM(A1:A9)"
    assert by_question["body_language"]["Note"] == "'\tindented"
    assert by_question["listening"]["Note"] == "'\rcarriage"
    assert by_question["used_name"]["Note"] == "-5"  # a plain number is harmless
    assert by_question["plain_language"]["Note"] == HOSTILE_NOTES["plain_language"]
    greeting = by_question["greeting"]
    assert greeting["Visit id"] == visit_id
    assert greeting["Location"] == "Łódź Old Town"
    assert greeting["Channel"] == "In person"
    assert greeting["Evaluator code"] == "'=HYPERLINK(\"http://x\")"
    assert greeting["Date"] == "2026-03-14"
    assert greeting["Status"] == "Draft"
    assert greeting["Section"] == "Arrival and greeting"
    assert greeting["Question"] == "How were you greeted?"
    assert greeting["Answer"].startswith("2 of 5")
    assert greeting["Score (0-100)"] == "25"  # (2 - 1) / 4 of the scale
    assert greeting["N/A"] == "no"
    assert by_question["busy_signal"] | {"Answer": "N/A", "Score (0-100)": "", "N/A": "yes"} \
        == by_question["busy_signal"]
    assert by_question["acknowledged_minutes"]["Answer"] == "4 minutes, target 1"
    assert by_question["likely_return"]["Answer"] == "10 of 10"
    assert by_question["likely_return"]["Score (0-100)"] == "100"
    assert by_question["felt_leaving"]["Answer"] == "Tired — €€ wasted"
    assert by_question["felt_leaving"]["Score (0-100)"] == ""
    assert by_question["courtesy"]["Answer"] == "No"
    assert by_question["courtesy"]["Score (0-100)"] == "0"


def test_one_row_per_visit_has_its_scores_flags_and_findings(shop, tmp_path):
    db, visit_id = shop
    out = tmp_path / "visits.csv"
    assert main(["csv", "--db", str(db), "--visits", "-o", str(out)]) == 0
    [row] = read_csv(out)
    assert list(row) == list(VISIT_COLUMNS)
    with Store.open(db) as store:
        card = store.visits.scorecard(visit_id)
    assert row["Overall (0-100)"] == f"{card.overall:.1f}".removesuffix(".0")
    for pillar in Pillar:
        assert float(row[f"{pillar.label} (0-100)"]) == round(card.pillars[pillar], 1)
    assert row["Critical flags"] == "1"
    assert row["Flagged questions"].startswith("Were you treated with basic courtesy")
    assert row["Leaks"] == "1"  # the dismissed one is not counted
    assert row["Missed opportunities"] == "1"
    assert row["Answered"] == str(len(HOSTILE_NOTES) + 5)
    assert row["Scripted vs authentic"] == card.authenticity.label
    assert row["Assessment"] == "Observed"


def test_filters_by_location_and_dates(tmp_path, capsys):
    db = tmp_path / "demo.db"
    with Store.open(db) as store:
        create_demo(store, visits=12, seed=4)
        everything = store.visits.summaries()
    out = tmp_path / "x.csv"
    assert main(["csv", "--db", str(db), "--visits", "--location", "market square",
                 "-o", str(out)]) == 0
    rows = read_csv(out)
    assert {r["Location"] for r in rows} == {"Market Square"}
    assert len(rows) == sum(1 for v in everything if v.location == "Market Square")
    assert "Wrote" in capsys.readouterr().out
    days = sorted(v.date for v in everything)
    since, until = days[3], days[8]
    assert main(["csv", "--db", str(db), "--visits", "--since", since, "--until", until,
                 "-o", str(out)]) == 0
    rows = read_csv(out)
    assert len(rows) == sum(1 for v in everything if since <= v.date <= until)
    assert [r["Date"] for r in rows] == sorted(r["Date"] for r in rows)  # oldest first
    # One row per answer covers the same visits.
    assert main(["csv", "--db", str(db), "--since", since, "--until", until,
                 "-o", str(out)]) == 0
    assert {r["Visit id"] for r in read_csv(out)} <= {v.id for v in everything}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--location", "Nowhere"], "There is no location called Nowhere."),
        (["--since", "14/03/2026"], "--since must be a date written as YYYY-MM-DD"),
        (["--until", "2026-02-30"], "--until must be a date written as YYYY-MM-DD"),
        (["--since", "2026-05-01", "--until", "2026-04-01"], "is after the end date"),
        (["--since", "2030-01-01"], "No visits match; nothing was written."),
    ],
)
def test_bad_filters_are_one_line_errors_and_write_nothing(shop, tmp_path, capsys, args,
                                                           message):
    db, _ = shop
    out = tmp_path / "out.csv"
    assert main(["csv", "--db", str(db), *args, "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not out.exists()
    assert list(tmp_path.glob(".out.csv*")) == []


def test_standard_output_and_refusing_the_database_itself(shop, tmp_path):
    db, _ = shop
    result = subprocess.run(
        [sys.executable, "-m", "undercover", "csv", "--db", str(db), "--visits", "-o", "-"],
        capture_output=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"\xef\xbb\xbfVisit id,")
    assert result.stdout.count(b"\r\n") == 2  # header and the one visit
    before = db.read_bytes()
    assert main(["csv", "--db", str(db), "-o", str(db)]) == 1
    assert main(["csv", "--db", str(db), "-o", f"{db}-wal"]) == 1
    assert db.read_bytes() == before


def test_text_cells_that_are_not_formulas_are_left_alone():
    assert text_cell("Harbour Street") == "Harbour Street"
    assert text_cell("") == ""
    assert text_cell("a=b") == "a=b"
    assert text_cell("-12.5") == "-12.5"
    assert text_cell("+3") == "+3"
    assert text_cell("-") == "'-"
    assert text_cell("- a list item") == "'- a list item"


@pytest.mark.slow
def test_libreoffice_opens_it_with_the_same_values_unicode_and_formulas_as_text(shop, tmp_path):
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice Calc is needed: apt-get install libreoffice-calc-nogui"
    db, _ = shop
    for per_visit, name in ((False, "answers"), (True, "visits")):
        out = tmp_path / f"{name}.csv"
        assert main(["csv", "--db", str(db), *(["--visits"] if per_visit else []),
                     "-o", str(out)]) == 0
        converted = tmp_path / "xlsx"
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}",
             "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx",
             "--outdir", str(converted), str(out)],
            capture_output=True, text=True, timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        assert result.returncode == 0, result.stderr
        sheet = openpyxl.load_workbook(converted / f"{name}.xlsx").active
        cells = [[c.value for c in row] for row in sheet.iter_rows()]
        with out.open(encoding="utf-8-sig", newline="") as f:
            expected = list(csv.reader(f))
        assert len(cells) == len(expected)
        for got, want in zip(cells, expected, strict=True):
            for value, text in zip(got, want, strict=False):
                if isinstance(value, datetime):  # the visit's day, as a real date
                    assert value.date().isoformat() == text
                elif isinstance(value, int | float):  # numbers stay numbers
                    assert float(text) == value
                else:  # LibreOffice keeps line breaks inside a cell as \n
                    assert (value or "") == text.replace("\r\n", "\n").replace("\r", "\n")
        types = {c.value: c.data_type for row in sheet.iter_rows() for c in row}
        assert all(t != "f" for t in types.values())  # no cell became a formula
        if not per_visit:
            assert types["'=1+1"] == "s"
            assert any(c == "Łódź Old Town" for row in cells for c in row)
            assert any(isinstance(c, str) and "Price €4.50" in c for row in cells for c in row)
            assert any(c == -5 for row in cells for c in row)  # a plain number note
            assert any(c == 25 for row in cells for c in row)  # a score, as a number


def test_a_completed_visit_says_so(shop, tmp_path):
    db, visit_id = shop
    with Store.open(db) as store:
        store.db.execute("UPDATE visits SET status = ? WHERE id = ?",
                         [VisitStatus.COMPLETED.value, visit_id])
        store.db.conn.commit()
    out = tmp_path / "v.csv"
    assert main(["csv", "--db", str(db), "--visits", "-o", str(out)]) == 0
    assert read_csv(out)[0]["Status"] == "Completed"


def test_every_text_column_is_neutralised_not_only_notes(tmp_path):
    db = tmp_path / "odd.db"
    with Store.open(db) as store:
        odd = store.locations.add(Location("@Harbour =Street"))
        checklist = store.checklists.get("customer-centric")
        visit = store.visits.create(Visit(
            location_id=odd.id, checklist_key=checklist.key,
            checklist_version=checklist.version, evaluator_code="+MS-1",
            scenario="=x",
        ))
        # A time field holding formula-like text (from a damaged or foreign file).
        store.db.execute("UPDATE visits SET started_at = '=1+2 and more' WHERE id = ?",
                         [visit.id])
        store.db.conn.commit()
        store.visits.save_answer(visit.id, Answer("felt_leaving", text="-minus start"))
    out = tmp_path / "odd.csv"
    assert main(["csv", "--db", str(db), "-o", str(out)]) == 0
    [row] = read_csv(out)
    assert row["Location"] == "'@Harbour =Street"
    assert row["Evaluator code"] == "'+MS-1"
    assert row["Date"] == "'=1+2 and m"
    assert row["Answer"] == "'-minus start"
    assert main(["csv", "--db", str(db), "--visits", "-o", str(out)]) == 0
    [row] = read_csv(out)
    assert row["Location"] == "'@Harbour =Street" and row["Date"] == "'=1+2 and m"


def sql(db: Path, statement: str) -> None:
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize(
    ("per_visit", "change", "reason"),
    [
        (False, "UPDATE answers SET value = 'lots' WHERE visit_id = '{odd}' AND question_id = "
                "'greeting'",
         "its answer to greeting is not a number ('lots')"),
        (True, "UPDATE findings SET kind = 'praise'", "unknown finding kind 'praise'"),
        (True, "UPDATE visits SET channel = 'drone' WHERE location_id = "
               "(SELECT id FROM locations WHERE name LIKE 'Łódź%')", "unknown channel 'drone'"),
    ],
)
def test_a_visit_this_version_cannot_read_is_named_and_the_others_written(
    shop, tmp_path, capsys, per_visit, change, reason
):
    db, odd_id = shop
    with Store.open(db) as store:
        harbour = store.locations.find("Harbour Street")
        checklist = store.checklists.get("customer-centric")
        good = store.visits.create(Visit(location_id=harbour.id, checklist_key=checklist.key,
                                         checklist_version=checklist.version))
        store.visits.save_answer(good.id, Answer("greeting", 5.0))
    sql(db, change.format(odd=odd_id))
    out = tmp_path / "some.csv"
    args = ["csv", "--db", str(db), *(["--visits"] if per_visit else []), "-o", str(out)]
    assert main(args) == 1
    captured = capsys.readouterr()
    assert captured.err == f"undercover: visit {odd_id[:8]} could not be read: {reason}\n"
    assert "Wrote 1 visit (" in captured.out
    assert {r["Visit id"] for r in read_csv(out)} == {good.id}
