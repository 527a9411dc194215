"""Very long user text prints: it wraps and flows across pages; page furniture is clipped.

Real PDFs read back with pypdf: each long text is found from its first word to
its last. Messages about long names stay on one line.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.platypus import Table
from test_report import assert_valid_pdf, jpeg_bytes, leak, make_visit, page_texts
from test_report_cli import one_line_error

from undercover.cli import main
from undercover.errors import UndercoverError, one_line_message
from undercover.report import export_summary, export_visits
from undercover.report.fonts import Face
from undercover.report.layout import (
    Branding,
    ReportDocument,
    Steps,
    clip,
    fitted,
    layout,
    line_width,
    make_styles,
)
from undercover.report.text import one_line
from undercover.store import Store
from undercover.store import settings as keys

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "long.db") as s:
        yield s


def words(prefix: str, chars: int) -> str:
    """Numbered words ("p00001 p00002 …") making up about ``chars`` characters."""
    count = chars // (len(prefix) + 6) + 1
    return " ".join(f"{prefix}{n:05d}" for n in range(count))


def text_of(path: Path) -> str:
    return " ".join(page_texts(path))


def assert_in_order(text: str, *parts: str) -> None:
    """Each part is found after the one before it."""
    at = 0
    for part in parts:
        assert part in text[at:], f"{part!r} missing after {text[max(0, at - 40):at]!r}"
        at = text.index(part, at) + len(part)


# -- the visit findings ------------------------------------------------------------------


def test_a_scenario_of_80_lines_prints_every_line(store, tmp_path):
    scenario = "\n".join(f"Step {n:02d} of the visit" for n in range(80))
    visit = make_visit(store, scenario=scenario)
    out = export_visits(store, [visit.id], tmp_path / "scenario.pdf")
    assert_valid_pdf(out)
    text = text_of(out)
    assert_in_order(text, "Step 00 of the visit", "Step 40 of the visit", "Step 79 of the visit",
                    "Executive summary")
    assert "in full below" in page_texts(out)[0]  # the cover says where the text went


def test_a_20000_character_address_flows_across_pages(store, tmp_path):
    address = words("addr", 20_000)
    visit = make_visit(store, location="Harbour Street")
    place = store.locations.get(visit.location_id)
    store.locations.update(dataclasses.replace(place, address=address))
    out = export_visits(store, [visit.id], tmp_path / "address.pdf")
    assert_valid_pdf(out)
    pages = page_texts(out)
    first = next(i for i, t in enumerate(pages) if "addr00000" in t)
    last_word = address.split()[-1]
    last = next(i for i, t in enumerate(pages) if last_word in t)
    assert last > first  # it continues on the next page instead of stopping the report
    assert_in_order(" ".join(pages), "addr00000", "addr01000", last_word, "Executive summary")


@pytest.mark.parametrize("field", ["scenario", "evaluator_code"])
def test_4000_characters_without_a_space_print_whole(store, tmp_path, field):
    value = "BEGIN" + "x" * 4000 + "END"
    visit = make_visit(store, **{field: value})
    out = export_visits(store, [visit.id], tmp_path / f"{field}.pdf")
    text = text_of(out)
    assert "BEGIN" in text and "END" in text
    # Broken into lines, but every character is there.
    between = text[text.index("BEGIN") + 5: text.index("END")]
    assert between.replace(" ", "") == "x" * 4000


def test_a_4000_character_evaluator_name_prints(store, tmp_path):
    name = words("name", 4000)
    store.settings.set(keys.SHOW_EVALUATOR_NAME, True)
    store.settings.set(keys.EVALUATOR_NAME, name)
    store.settings.set(keys.EVALUATOR_CODE, "MS-007")
    visit = make_visit(store, evaluator_code="MS-007")
    out = export_visits(store, [visit.id], tmp_path / "name.pdf")
    assert_in_order(text_of(out), "name00000", name.split()[-1], "(MS-007)")


def test_short_details_stay_beside_the_score(store, tmp_path):
    visit = make_visit(store, scenario="Bought a coffee")
    first = page_texts(export_visits(store, [visit.id], tmp_path / "short.pdf"))[0]
    assert "Bought a coffee" in first and "in full below" not in first


def test_a_long_location_name_in_the_visit_header_is_clipped(store, tmp_path):
    name = words("loc", 3000)
    visit = make_visit(store, location=name)
    pages = page_texts(export_visits(store, [visit.id], tmp_path / "loc.pdf"))
    header = pages[-1].split("Visit findings · ", 1)[1]
    assert header.startswith("loc00000") and "…" in header.split(" page ")[0]
    assert_in_order(" ".join(pages), "loc00000", name.split()[-1])  # whole in the title


# -- the summary -------------------------------------------------------------------------


@pytest.mark.parametrize("chars", [2000, 20_000])
def test_summary_of_a_location_with_a_very_long_name(store, tmp_path, chars):
    name = words("place", chars)
    make_visit(store, location=name)
    make_visit(store, location="Station Road")
    for scope in (name, None):
        out = export_summary(store, tmp_path / f"summary{chars}.pdf", location=scope)
        assert_valid_pdf(out)
        text = text_of(out)
        if scope:  # the name in full as the subtitle
            assert_in_order(text, "place00000", name.split()[-1], "Overview")
        # in full in the sentence on what needs work at that location
        assert_in_order(text, "per location", "place00000", name.split()[-1])
        assert "place00000" in text[text.index("Visits scored"):]  # the list of visits
        assert "…" in text  # shortened in table cells and headers


# -- clip and fitted ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["Harbour Street", "Łódź " * 40, "W" * 20_000, "i" * 5000, "上海 " * 300,
             "תל אביב " * 100])
def test_clip_keeps_the_longest_start_that_fits(text):
    width = 200.0
    clipped = clip(text, Face.REGULAR, 8, width)
    assert line_width(clipped, Face.REGULAR, 8) <= width
    text = one_line(text)
    if clipped == text:
        assert line_width(text, Face.REGULAR, 8) <= width
    else:
        kept = clipped[:-1]
        assert clipped.endswith("…") and text.startswith(kept)
        end = len(kept)
        while text[end] == " ":  # clip drops the spaces before "…"
            end += 1
        assert line_width(text[: end + 1] + "…", Face.REGULAR, 8) > width


def test_clip_measures_a_few_times_not_once_per_character(monkeypatch):
    import undercover.report.layout as layout_module

    calls = []
    real = layout_module.line_width

    def counting(*args):
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(layout_module, "line_width", counting)
    clip("Q" * 20_000 + " unique", Face.REGULAR, 8, 300)
    assert len(calls) < 25  # binary search: about log2(20,000) = 15, not 20,000


def test_fitted_cell_is_at_most_the_lines_asked_for():
    style = make_styles().cell
    short = fitted("Harbour Street", style, 120)
    assert short.wrap(120, 1e9)[1] <= style.leading + 0.5
    long = fitted(words("w", 20_000), style, 120, lines=3)
    height = long.wrap(120, 1e9)[1]
    assert 2 * style.leading < height <= 3 * style.leading + 0.5
    assert long.text.endswith("…") and long.text.startswith("w00000")


def test_a_flowable_taller_than_a_page_is_a_plain_error(store):
    from io import BytesIO

    doc = ReportDocument(BytesIO(), Branding.load(store), title="t", subject="s", footer="f",
                         steps=Steps(1, None, None))
    with pytest.raises(UndercoverError) as raised:
        layout(doc, [Table([["tall"]], rowHeights=[5000])])
    assert "\n" not in str(raised.value) and "too large to fit on a page" in str(raised.value)


# -- messages stay on one line -----------------------------------------------------------


def test_error_messages_are_one_line_and_shortened():
    name = "Q" * 20_000
    error = UndercoverError(f"There is no location called {name}.\nCheck the name.")
    message = str(error)
    assert "\n" not in message and len(message) <= 300
    assert message.startswith("There is no location called QQQ")
    assert message.endswith("QQQ. Check the name.") and "…" in message
    assert one_line_message("Short and\n  plain.") == "Short and plain."


def test_cli_says_a_long_name_on_one_short_line(store, tmp_path, capsys):
    make_visit(store, location="Harbour Street")
    db = str(store.path)
    cases = [
        ["report", "--db", db, "--location", "Q" * 20_000, "-o", str(tmp_path / "a.pdf")],
        ["report", "--db", db, "f" * 5000, "-o", str(tmp_path / "b.pdf")],
        ["report", "--db", db, "--location", "Harbour Street",
         "-o", str(tmp_path / ("d" * 200) / ("e" * 200) / "c.pdf")],
        ["backup", "--db", db, "-o", str(tmp_path / ("missing" * 100) / "x.db")],
    ]
    for args in cases:
        assert main(args) == 1, args
        line = one_line_error(capsys.readouterr().err)
        assert len(line) <= 320, line
    assert not list(tmp_path.glob("*.pdf"))


def test_long_text_benchmark_prints_its_figures():
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "report_long_text.py"), "--chars", "3000",
         "--runs", "1"],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
    assert "summary of that location:" in result.stdout and " s, " in result.stdout


def test_a_checklist_with_a_very_long_section_title_prints(store, tmp_path):
    source = (ROOT / "resources" / "checklists" / "customer-centric.toml").read_text()
    title = words("section", 20_000)
    bundled = int(re.search(r"^version = (\d+)$", source, re.M).group(1))
    changed = source.replace(f"version = {bundled}", f"version = {bundled + 1}", 1).replace(
        'title = "Arrival and greeting"', f'title = "{title}"', 1)
    path = tmp_path / "long-section.toml"
    path.write_text(changed)
    store.checklists.add_file(path)
    visit = make_visit(store)
    assert visit.checklist_version == bundled + 1
    text = text_of(export_visits(store, [visit.id], tmp_path / "visit.pdf"))
    assert_in_order(text, "Answers by section", "section00000", title.split()[-1])
    summary = text_of(export_summary(store, tmp_path / "summary.pdf"))
    assert_in_order(summary, "Average per section", "section00000", "…", "Visits")


def test_list_shows_a_long_or_multi_line_name_on_one_short_line(store, tmp_path, capsys):
    make_visit(store, location="Harbour\nStreet " + "Q" * 20_000)
    make_visit(store, location="Station Road", day="2026-03-15")
    assert main(["list", "--db", str(store.path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and all(len(line) < 120 for line in lines), lines
    harbour = next(line for line in lines if "Harbour" in line)
    assert "Harbour Street QQQ" in harbour and "…" in harbour
    assert main(["list", "--db", str(store.path), "--json"]) == 0
    assert "Q" * 20_000 in capsys.readouterr().out  # scripts still get the whole name


@pytest.mark.parametrize("field", ["caption", "summary", "where", "evidence", "recommendation"])
def test_other_long_texts_of_a_visit_print_in_full(store, tmp_path, field):
    text = words("long", 20_000)
    details: dict = {}
    if field == "caption":
        details["photos"] = [(jpeg_bytes(), "greeting", text)]
    else:
        details["findings"] = [leak(**{field: text})]
    visit = make_visit(store, **details)
    out = export_visits(store, [visit.id], tmp_path / f"{field}.pdf")
    assert_in_order(text_of(out), "long00000", "long01000", text.split()[-1])
