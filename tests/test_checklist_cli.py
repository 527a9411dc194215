"""Adding your own checklist, listing them, and bad checklists that never stop the app."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from undercover.cli import main
from undercover.domain.checklist_format import ChecklistError
from undercover.store import Store

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "resources" / "checklists"
EXAMPLE = ROOT / "resources" / "examples" / "quick-cafe-check.toml"
V = 2  # the version of the bundled checklists (both move together)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "undercover", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "shop.db"
    Store.open(path).close()
    return path


def table(db: Path) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(
            "SELECT key, version, title, sha256 FROM checklists ORDER BY key, version"
        ).fetchall()
    finally:
        conn.close()


@pytest.fixture
def resources_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Bundled checklists as shipped, plus the bad files a test adds."""
    folder = tmp_path / "resources"
    shutil.copytree(BUNDLED, folder / "checklists")
    monkeypatch.setattr("undercover.store.checklists.resource_dir", lambda: folder)

    def add(name: str, text: str) -> None:
        (folder / "checklists" / name).write_text(text, encoding="utf-8")

    return add


def test_the_readme_example_is_part_of_the_tested_example_file():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "undercover checklist add resources/examples/quick-cafe-check.toml" in readme
    assert "resources/checklists" not in readme
    snippet = readme.split("```toml\n", 1)[1].split("```", 1)[0].splitlines()
    example = EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert len(snippet) > 10
    assert all(line in example for line in snippet)


def test_add_stores_a_new_checklist_and_the_new_visit_choice_offers_it(db, capsys):
    assert main(["checklist", "add", "--db", str(db), str(EXAMPLE)]) == 0
    out = capsys.readouterr().out
    assert out == f"Added Quick café check (quick-cafe-check version 1, 6 questions) to {db}\n"
    with Store.open(db) as store:
        offered = {(c.key, c.version) for c in store.checklists.latest()}
        assert ("quick-cafe-check", 1) in offered
        assert store.checklists.get("quick-cafe-check").questions[0].id == "greeted"


def test_a_changed_file_with_a_known_key_becomes_the_next_version(db, tmp_path, capsys):
    changed = tmp_path / "internal.toml"
    text = (BUNDLED / "internal-customer.toml").read_text(encoding="utf-8")
    changed.write_text(text.replace('title = "Internal customer"', 'title = "Colleagues"', 1),
                       encoding="utf-8")
    assert main(["checklist", "add", "--db", str(db), str(changed)]) == 0
    assert f"internal-customer version {V + 1}" in capsys.readouterr().out
    rows = {(k, v): t for k, v, t, _ in table(db)}
    assert rows[("internal-customer", V)] == "Internal customer"
    assert rows[("internal-customer", V + 1)] == "Colleagues"
    with Store.open(db) as store:  # the newest version is the one a new visit offers
        latest = {c.key: c for c in store.checklists.latest()}
        assert (latest["internal-customer"].version, latest["internal-customer"].title) == (
            V + 1, "Colleagues")
        assert store.checklists.get("internal-customer", V).title == "Internal customer"
    changed.write_text(text.replace('title = "Internal customer"', 'title = "Peers"', 1),
                       encoding="utf-8")
    assert main(["checklist", "add", "--db", str(db), str(changed)]) == 0
    assert f"internal-customer version {V + 2}" in capsys.readouterr().out


def test_an_identical_definition_is_reported_not_stored_again(db, tmp_path, capsys):
    before = table(db)
    assert main(["checklist", "add", "--db", str(db), str(BUNDLED / "customer-centric.toml")]) == 0
    out = capsys.readouterr().out
    assert f"already stored as customer-centric version {V}; nothing added" in out
    assert table(db) == before
    # The same definition under another version number is still the same checklist.
    renumbered = tmp_path / "renumbered.toml"
    text = (BUNDLED / "customer-centric.toml").read_text(encoding="utf-8")
    renumbered.write_text(text.replace(f"version = {V}", "version = 7", 1), encoding="utf-8")
    assert main(["checklist", "add", "--db", str(db), str(renumbered)]) == 0
    assert f"already stored as customer-centric version {V}" in capsys.readouterr().out
    assert table(db) == before


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("weight = 2", "weight = nan", "'weight'"),
        ("weight = 2", "weight = 1e9", "'weight'"),
        ("weight = 2", "weight = 0", "'weight'"),
        ("target = 5", "target = inf", "'target'"),
        ("worst = 20", "worst = 5", "'worst'"),
        ("version = 1", "version = 99999999999999999999", "at most 9223372036854775807"),
        ("version = 1", "version = 9223372036854775808", "'version'"),
        ('kind = "rating"', 'kind = "stars"', "'kind'"),
    ],
)
def test_a_bad_file_is_refused_in_one_line_naming_file_and_field(db, tmp_path, old, new, field):
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1
    bad = tmp_path / "mine.toml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    before = table(db)
    result = cli("checklist", "add", "--db", str(db), str(bad))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("undercover: mine.toml")
    assert field in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert table(db) == before


def test_deeply_nested_and_missing_files_are_refused_plainly(db, tmp_path, capsys):
    deep = tmp_path / "deep.toml"
    deep.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert main(["checklist", "add", "--db", str(db), str(deep)]) == 1
    assert capsys.readouterr().err == (
        "undercover: deep.toml: lists or tables are nested deeper than a checklist needs\n"
    )
    assert main(["checklist", "add", "--db", str(db), str(tmp_path / "none.toml")]) == 1
    assert capsys.readouterr().err == (
        "undercover: none.toml: cannot be read: no such file or directory\n"
    )


def test_add_refuses_a_mistyped_database_and_creates_the_default_one(tmp_path, capsys):
    missing = tmp_path / "typo.db"
    assert main(["checklist", "add", "--db", str(missing), str(EXAMPLE)]) == 1
    assert "There is no Undercover database at" in capsys.readouterr().err
    assert not missing.exists()
    assert main(["checklist", "add", str(EXAMPLE)]) == 0  # UNDERCOVER_HOME: a private folder
    assert "quick-cafe-check version 1" in capsys.readouterr().out


def test_checklist_without_a_subcommand_is_bad_usage(db, capsys):
    assert main(["checklist", "--db", str(db)]) == 2
    assert "list, or add FILE.toml" in capsys.readouterr().err


def test_list_shows_every_version_with_where_it_came_from(db, capsys):
    assert main(["checklist", "add", "--db", str(db), str(EXAMPLE)]) == 0
    capsys.readouterr()
    assert main(["checklist", "list", "--db", str(db)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["KEY", "VERSION", "TITLE", "AUDIENCE", "QUESTIONS", "FROM"]
    rows = [line.split() for line in lines[1:]]
    assert rows[0][:2] == ["customer-centric", str(V)] and rows[0][-3:] == [
        "49", "bundled", "(customer-centric.toml)"]
    assert rows[1][:2] == ["internal-customer", str(V)] and rows[1][-2:] == [
        "bundled", "(internal-customer.toml)"]
    assert rows[2] == ["quick-cafe-check", "1", "Quick", "café", "check", "customer", "6",
                       "added"]


def test_one_bad_bundled_file_never_stops_the_others(tmp_path, resources_with, capsys):
    resources_with("aaa-broken.toml", 'key = "aaa-broken"\ntitle = "Unfinished\n')
    resources_with("deep.toml", "x = " + "[" * 100_000 + "]" * 100_000 + "\n")
    resources_with("weights.toml", EXAMPLE.read_text(encoding="utf-8").replace(
        "weight = 2", "weight = inf"))
    db = tmp_path / "shop.db"
    with Store.open(db) as store:
        assert {c.key for c in store.checklists.latest()} == {
            "customer-centric", "internal-customer"}
        problems = store.checklists.problems
        assert len(problems) == 3
        assert problems[0].startswith("bundled checklist aaa-broken.toml: not valid TOML")
        assert problems[1].startswith("bundled checklist deep.toml: lists or tables are nested")
        assert problems[2].startswith("bundled checklist weights.toml: section 1 'welcome'")
    assert main(["list", "--db", str(db)]) == 0
    assert "No visits yet" in capsys.readouterr().out
    assert main(["checklist", "list", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "customer-centric" in captured.out and "internal-customer" in captured.out
    warnings = captured.err.splitlines()
    assert len(warnings) == 3
    assert warnings[0].startswith("undercover: skipped bundled checklist aaa-broken.toml")


def test_a_damaged_stored_definition_is_skipped_and_listed_as_damaged(db, capsys):
    assert main(["checklist", "add", "--db", str(db), str(EXAMPLE)]) == 0
    conn = sqlite3.connect(db)
    with conn:
        conn.execute(
            "UPDATE checklists SET definition = '{\"key\": ' WHERE key = 'internal-customer'"
        )
        conn.execute("UPDATE checklists SET definition = ? WHERE key = 'quick-cafe-check'",
                     [json.dumps({"key": "quick-cafe-check", "version": 1, "title": "Q",
                                  "sections": [[[[[[[[[[]]]]]]]]]]})])
    conn.close()
    with Store.open(db) as store:
        assert [c.key for c in store.checklists.latest()] == ["customer-centric"]
        assert store.checklists.problems == [
            f"stored checklist internal-customer v{V}: the stored definition is damaged",
            "stored checklist quick-cafe-check v1: lists or tables are nested deeper than a "
            "checklist needs",
        ]
        with pytest.raises(ChecklistError, match=f"internal-customer v{V}: the stored definition"):
            store.checklists.get("internal-customer", V)
    capsys.readouterr()
    assert main(["checklist", "list", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert f"internal-customer  {V}" in out and "?" in out
    assert (f"damaged: stored checklist internal-customer v{V}: the stored definition is "
            "damaged") in out
