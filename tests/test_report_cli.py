"""`undercover report` as scripts call it: exit codes, one-line messages, the PDFs it writes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import make_visit, page_texts

from undercover.cli import main
from undercover.domain.visit import Visit
from undercover.store import Store


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "u.db"
    with Store.open(path) as store:
        make_visit(store, location="Harbour Street", day="2026-02-03",
                   id="aaaa1111-0000-4000-8000-000000000001")
        make_visit(store, location="Harbour Street", day="2026-03-04",
                   id="aaaa2222-0000-4000-8000-000000000002")
        make_visit(store, location="Station Road", day="2026-03-05",
                   id="bbbb3333-0000-4000-8000-000000000003")
    return path


def report(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


def test_visits_by_id_prefix(db, tmp_path, capsys):
    out = tmp_path / "two.pdf"
    code, stdout, err = report(capsys, "--db", str(db), "aaaa1", "BBBB", "-o", str(out))
    assert (code, err) == (0, "")
    assert "Wrote the findings of 2 visits" in stdout
    text = " ".join(page_texts(out))
    assert "Visit findings · Harbour Street · 3 Feb 2026" in text
    assert "Visit findings · Station Road · 5 Mar 2026" in text


def test_summary_of_a_location_and_period(db, tmp_path, capsys):
    out = tmp_path / "summary.pdf"
    code, stdout, err = report(capsys, "--db", str(db), "--location", "harbour street",
                               "--since", "2026-03-01", "--until", "2026-03-31", "-o", str(out))
    assert (code, err) == (0, "")
    assert "summary" in stdout
    text = " ".join(page_texts(out))
    assert "aaaa2222" in text and "aaaa1111" not in text and "bbbb3333" not in text


def test_summary_of_everything_with_all(db, tmp_path, capsys):
    out = tmp_path / "all.pdf"
    code, stdout, err = report(capsys, "--db", str(db), "--all", "-o", str(out))
    assert (code, err) == (0, "")
    assert "Wrote the summary of findings" in stdout
    text = " ".join(page_texts(out))
    assert all(v in text for v in ("aaaa1111", "aaaa2222", "bbbb3333"))
    assert "Summary of findings · All locations · all dates" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["zzzz"], "No visit has an id starting with zzzz"),
        (["aaaa"], "More than one visit has an id starting with aaaa"),
        (["--location", "Nowhere"], "no location called Nowhere"),
        (["--location", "Station Road", "--since", "2027-01-01"], "No visits at Station Road"),
        (["--location", "Station Road", "--since", "March"], "--since must be a date"),
        (["--location", "Station Road", "--until", "2026-3-5"], "--until must be a date"),
    ],
)
def test_user_errors_exit_1_with_one_line(db, tmp_path, capsys, args, message):
    out = tmp_path / "out.pdf"
    code, _, err = report(capsys, "--db", str(db), *args, "-o", str(out))
    assert code == 1
    assert message in one_line_error(err)
    assert not out.exists()


def test_missing_output_folder_exits_1(db, tmp_path, capsys):
    code, _, err = report(capsys, "--db", str(db), "aaaa1", "-o",
                          str(tmp_path / "missing" / "out.pdf"))
    assert code == 1
    assert "does not exist" in one_line_error(err)


@pytest.mark.parametrize(
    "args",
    [["aaaa1", "--location", "Harbour Street"], ["aaaa1", "--since", "2026-01-01"], [],
     ["aaaa1", "--all"]],
)
def test_bad_usage_exits_2(db, tmp_path, capsys, args):
    code, _, err = report(capsys, "--db", str(db), *args, "-o", str(tmp_path / "o.pdf"))
    assert code == 2
    assert one_line_error(err).startswith("undercover report:")


def test_console_script_in_a_fresh_process(db, tmp_path):
    out = tmp_path / "fresh.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "undercover", "report", "--db", str(db), "bbbb", "-o", str(out)],
        capture_output=True, text=True, timeout=120, env={**os.environ},
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    with Store.open(db) as store:
        visit: Visit = store.visits.get("bbbb3333-0000-4000-8000-000000000003")
    assert visit.scenario in " ".join(page_texts(out))
