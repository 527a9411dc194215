"""A summary never drops a visit it cannot read without saying so.

Visits a newer version wrote (an unknown channel or status), or that were damaged
(a checklist, an answer, a finding), are written into a real database with plain
SQL. `report` still prints the summary of the others, names each visit left out
on stderr (one line each), says in the PDF how many were left out, and exits 1,
as `list` and `csv` do.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from test_odd_data import GOOD, ODD, OTHER, db, sql  # noqa: F401 (db is a fixture)

from undercover.cli import main
from undercover.report.summary_data import summarise
from undercover.store import Store

DAMAGED_V3 = (
    "INSERT INTO checklists (key, version, title, audience, definition, sha256, created_at) "
    "VALUES ('customer-centric', 3, 'Customer-centric visit', 'customer', 'not json', "
    "'0000000000000000000000000000000000000000000000000000000000000003', "
    "'2026-01-01T00:00:00Z')"
)
ODD_VISITS = {
    "channel": ([f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'"],
                "unknown channel 'drone'"),
    "status": ([f"UPDATE visits SET status = 'archived' WHERE id = '{ODD}'"],
               "unknown status 'archived'"),
    "checklist": ([DAMAGED_V3, f"UPDATE visits SET checklist_version = 3 WHERE id = '{ODD}'"],
                  "its checklist (customer-centric version 3) is damaged"),
    "answer": ([f"UPDATE answers SET value = 'four' WHERE visit_id = '{ODD}' "
                "AND question_id = 'greeting'"],
               "its answer to greeting is not a number ('four')"),
    "finding": ([f"UPDATE findings SET severity = 'urgent' WHERE visit_id = '{ODD}'"],
                "unknown finding severity 'urgent'"),
}


def pdf_text(path: Path) -> str:
    result = subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                            text=True, check=True)
    return " ".join(result.stdout.split())


def report(capsys, path: Path, out: Path, *scope: str) -> tuple[int, str, list[str]]:
    code = main(["report", "--db", str(path), *scope, "-o", str(out)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "unexpected" not in captured.err
    return code, captured.out, captured.err.splitlines()


@pytest.mark.parametrize(("changes", "reason"), ODD_VISITS.values(), ids=ODD_VISITS.keys())
def test_the_summary_names_each_visit_left_out_and_counts_it_in_the_pdf(
    db, tmp_path, capsys, changes, reason  # noqa: F811
):
    sql(db, *changes)
    out = tmp_path / "summary.pdf"
    code, stdout, err = report(capsys, db, out, "--all")
    assert code == 1
    assert err == [f"undercover: Left out visit 3f2a1b2c (Station Road, 2026-03-04): {reason}"]
    assert stdout == f"Wrote the summary of findings to {out}\n"
    text = pdf_text(out)
    assert "Counted 2 completed customer visits" in text
    assert ("Left out 1 visit this version could not read, in none of these figures: "
            f"3f2a1b2c (Station Road, 4 Mar 2026): {reason}") in text
    assert "Nobody said hello" not in text  # the odd visit's finding is in no figure


def test_a_clean_database_prints_no_left_out_line_and_exits_0(db, tmp_path, capsys):  # noqa: F811
    out = tmp_path / "summary.pdf"
    code, _, err = report(capsys, db, out, "--all")
    assert (code, err) == (0, [])
    text = pdf_text(out)
    assert "Counted 3 completed customer visits" in text
    assert "Left out" not in text


def test_a_visit_whose_location_is_gone_is_named_without_one(db, tmp_path, capsys):  # noqa: F811
    sql(db, f"UPDATE visits SET location_id = 'gone' WHERE id = '{ODD}'")
    code, _, err = report(capsys, db, tmp_path / "summary.pdf", "--all")
    assert code == 1
    assert err == ["undercover: Left out visit 3f2a1b2c (location unknown, 2026-03-04): "
                   "its location is missing"]


def test_several_left_out_are_each_named_once_and_the_pdf_counts_them(
    db, tmp_path, capsys  # noqa: F811
):
    sql(db, f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'",
        f"UPDATE visits SET status = 'archived' WHERE id = '{OTHER}'")
    out = tmp_path / "summary.pdf"
    code, _, err = report(capsys, db, out, "--location", "Harbour Street")
    assert code == 1  # the business average beside Harbour Street leaves them out too
    assert err == [
        "undercover: Left out visit 3f2a1b2c (Station Road, 2026-03-04): "
        "unknown channel 'drone'",
        "undercover: Left out visit bbbb3333 (Station Road, 2026-03-05): "
        "unknown status 'archived'",
    ]
    assert "Left out 2 visits this version could not read" in pdf_text(out)


def test_a_location_without_odd_visits_and_no_comparison_is_clean(db, tmp_path, capsys):  # noqa: F811
    """Neighbour: a period holding no odd visit, and none in its comparison, exits 0."""
    sql(db, f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'")
    out = tmp_path / "summary.pdf"
    code, _, err = report(capsys, db, out, "--location", "Harbour Street",
                          "--until", "2026-02-28")
    assert (code, err) == (0, [])
    assert "Left out" not in pdf_text(out)


def test_when_no_visit_can_be_read_nothing_is_written_and_each_is_named(
    db, tmp_path, capsys  # noqa: F811
):
    sql(db, "UPDATE checklists SET definition = 'not json' WHERE key = 'customer-centric'")
    out = tmp_path / "summary.pdf"
    code, stdout, err = report(capsys, db, out, "--all")
    assert (code, stdout) == (1, "")
    reason = "its checklist (customer-centric version 2) is damaged"
    assert err == [
        f"undercover: Left out visit aaaa1111 (Harbour Street, 2026-02-03): {reason}",
        f"undercover: Left out visit 3f2a1b2c (Station Road, 2026-03-04): {reason}",
        f"undercover: Left out visit bbbb3333 (Station Road, 2026-03-05): {reason}",
        "undercover: No visit at any location (all dates) could be read: 3 visits left out; "
        "no summary was written.",
    ]
    assert not out.exists()


def test_odd_names_stay_on_one_line_and_print_in_the_pdf(db, tmp_path, capsys):  # noqa: F811
    name = "Station <&> Road 🚉 " + "long " * 200
    sql(db, f"UPDATE locations SET name = '{name}' WHERE name = 'Station Road'",
        f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'")
    out = tmp_path / "summary.pdf"
    code, _, err = report(capsys, db, out, "--all")
    assert code == 1
    assert len(err) == 1 and err[0].startswith(
        "undercover: Left out visit 3f2a1b2c (Station <&> Road 🚉 long")
    assert err[0].endswith("unknown channel 'drone'") and len(err[0]) < 320
    assert "3f2a1b2c (Station <&> Road" in pdf_text(out)


def test_the_pdf_says_so_also_when_the_app_writes_it(db, tmp_path):  # noqa: F811
    """The app's export passes no list for stderr: the count is in the PDF all the same."""
    from undercover.report import export_summary

    sql(db, f"UPDATE visits SET status = 'archived' WHERE id = '{ODD}'")
    with Store.open(db, read_only=True) as store:
        summary = summarise(store)
        assert [(v.visit_id, v.reason) for v in summary.left_out] == [
            (ODD, "unknown status 'archived'")]
        assert sorted(f.row.id for f in summary.counted) == sorted([GOOD, OTHER])
        export_summary(store, tmp_path / "app.pdf")
    assert "Left out 1 visit this version could not read" in pdf_text(tmp_path / "app.pdf")


def test_in_a_fresh_process_stderr_names_it_and_stdout_carries_only_the_pdf(
    db, tmp_path  # noqa: F811
):
    sql(db, f"UPDATE visits SET channel = 'drone' WHERE id = '{ODD}'")
    result = subprocess.run(
        [sys.executable, "-m", "undercover", "report", "--db", str(db), "--all", "-o", "-"],
        capture_output=True, timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.decode() == (
        "undercover: Left out visit 3f2a1b2c (Station Road, 2026-03-04): "
        "unknown channel 'drone'\n"
    )
    assert result.stdout.startswith(b"%PDF-")
