"""Summary findings across visits: locations compared, trends, recurring findings, read back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
from test_report import assert_valid_pdf, default_answers, leak, make_visit, page_texts

from undercover.demo import create_demo
from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.scoring import is_bad
from undercover.domain.visit import Answer, Assessment, Severity
from undercover.errors import UndercoverError
from undercover.report import ReportCancelled, export_summary
from undercover.report.summary_data import summarise
from undercover.store import Store
from undercover.store import settings as keys

LOCATIONS = ("Harbour Street", "Market Square", "Station Road")


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    with Store.open(path) as store:
        create_demo(store, visits=12, seed=1)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path):
    """A private copy of the demo business (three locations, twelve visits)."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    with Store.open(path) as store:
        yield store


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "empty.db") as s:
        yield s


def test_summary_across_all_locations(demo, tmp_path):
    out = export_summary(demo, tmp_path / "summary.pdf")
    assert_valid_pdf(out)
    pages = page_texts(out)
    text = " ".join(pages)
    for heading in ("Summary of findings", "AVERAGE SCORE", "Which part of the model needs work",
                    "Recurring leaks", "Recurring missed opportunities",
                    "Trend by month", "Locations compared", "Average per section",
                    "Visits"):
        assert heading in text, heading
    assert text.index("Recurring leaks") < text.index("Trend by month")
    for name in LOCATIONS:
        assert text.count(name) >= 3  # comparison chart, table, needs-work line, visit list
        assert f"{name}." in text  # its own "needs work" sentence
    for pillar in Pillar:
        assert pillar.label in text
    # Every visit listed with its short id; its date too.
    for row in demo.visits.summaries():
        assert row.id[:8] in text
    for n, page in enumerate(pages, start=1):
        assert f"page {n} of {len(pages)}" in page
    meta = pypdf.PdfReader(out).metadata
    assert meta.title == "Summary of findings: All locations · all dates"
    assert meta.author == "Copperleaf Coffee & Bakery"


def test_summary_of_one_location_in_a_period(demo, tmp_path):
    rows = [r for r in demo.visits.summaries() if r.location == "Market Square"]
    days = sorted(r.date for r in rows)
    since, until = days[1], days[-2]
    out = export_summary(demo, tmp_path / "market.pdf", location="market square",
                         since=since, until=until)
    text = " ".join(page_texts(out))
    inside = [r for r in rows if since <= r.date <= until]
    assert inside and len(inside) < len(rows)
    for row in demo.visits.summaries():
        assert (row.id[:8] in text) == (row in inside)
    assert "Harbour Street" not in text and "Station Road" not in text
    assert pypdf.PdfReader(out).metadata.title.startswith("Summary of findings: Market Square · ")


def test_recurring_findings_are_grouped_and_counted(store, tmp_path):
    for n in range(3):
        make_visit(store, location=LOCATIONS[n], day=f"2026-0{n + 1}-10", findings=[
            leak(f"Waited {n + 4} minutes", question_id="acknowledged_minutes",
                 severity=[Severity.LOW, Severity.HIGH, Severity.MEDIUM][n],
                 recommendation="Greet within a minute."),
            leak("Card machine down"),
        ])
    summary = summarise(store)
    groups = {group.label: group for group in summary.leaks}
    waits = groups["How many minutes passed before someone acknowledged you?"]
    cards = groups["Card machine down"]
    assert (waits.count, waits.asked, len(waits.visits), waits.worst) == (3, 3, 3, Severity.HIGH)
    assert waits.recommendation == "Greet within a minute."
    assert set(waits.locations) == set(LOCATIONS)
    assert (cards.count, cards.asked, len(cards.visits)) == (3, 3, 3)
    # Every low answer on a leak question counts, raised or not: courtesy (0), attention
    # (25), promises kept (0) and the wait (25) on each visit, plus the card machine.
    checklist = store.checklists.get("customer-centric")
    low = {q.text for q in checklist.questions if q.finding is FindingKind.LEAK
           and is_bad(q, default_answers().get(q.id))}
    assert set(groups) == low | {"Card machine down"}
    assert all(g.count == 3 for g in summary.leaks)
    assert summary.overall.leaks == 3 * len(groups) and summary.overall.at_risk == 3
    assert summary.months == ["2026-01", "2026-02", "2026-03"]

    text = " ".join(page_texts(export_summary(store, tmp_path / "s.pdf")))
    assert ("3 of 3 How many minutes passed before someone acknowledged you? "
            "Harbour Street (1), Market Square (1), Station Road (1) 100% High "
            "Greet within a minute.") in text


def test_money_at_risk_always_shows_its_assumption(store, tmp_path):
    make_visit(store, findings=[leak(), leak("Second leak")])
    without = " ".join(page_texts(export_summary(store, tmp_path / "plain.pdf")))
    assert "at risk" not in without
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, 420)
    store.settings.set(keys.CURRENCY, "€")
    text = " ".join(page_texts(export_summary(store, tmp_path / "clv.pdf")))
    assert ("1 of 1 customer visit had at least one leak. Each visit is one customer, so 1 "
            "customer at risk × €420 = up to €420 of customer lifetime value. Assumption: "
            "every customer at risk is lost") in text


def test_self_assessment_is_belief_beside_observation(store, tmp_path):
    make_visit(store)
    believed = {q: Answer(q, value=5) for q in ("greeting", "undivided_attention",
                                                "eye_contact")}
    believed["likely_recommend"] = Answer("likely_recommend", value=10)
    make_visit(store, answers=believed, assessment=Assessment.SELF, complete=False)
    summary = summarise(store)
    assert summary.belief is not None and summary.belief.visits == 1
    assert len(summary.counted) == 1  # belief never mixes into the observed averages
    believed_presence = summary.belief.pillars[Pillar.PRESENCE]
    observed_presence = summary.overall.pillars[Pillar.PRESENCE]
    assert believed_presence == 100 and observed_presence < 50
    text = " ".join(page_texts(export_summary(store, tmp_path / "belief.pdf")))
    assert "Belief and experience" in text
    gap = believed_presence - observed_presence
    assert (f"Palpable presence: believed 100, observed {observed_presence:.0f}; customers "
            f"experience it {gap:.0f} points lower than believed.") in text
    assert "Self-assessment" in text  # listed, marked


def test_drafts_are_listed_not_counted(store, tmp_path):
    make_visit(store, day="2026-05-01")
    draft = make_visit(store, day="2026-05-02", complete=False,
                       answers={"greeting": Answer("greeting", value=1)})
    summary = summarise(store)
    assert len(summary.facts) == 2 and len(summary.counted) == 1
    text = " ".join(page_texts(export_summary(store, tmp_path / "d.pdf")))
    assert draft.id[:8] in text and "1 draft" in text


def test_plain_errors_and_no_file_left(demo, tmp_path):
    target = tmp_path / "out.pdf"
    cases = [
        ({"location": "Nowhere"}, "no location called Nowhere"),
        ({"since": "2001-01-01", "until": "2001-12-31"}, "No visits at any location"),
        ({"location": "Station Road", "until": "2001-01-01"}, "No visits at Station Road"),
        ({"since": "01/02/2026"}, "YYYY-MM-DD"),
        ({"since": "2026-02-30"}, "YYYY-MM-DD"),
        ({"since": "2026-06-01", "until": "2026-01-01"}, "is after the end date"),
    ]
    for kwargs, message in cases:
        with pytest.raises(UndercoverError, match=message):
            export_summary(demo, target, **kwargs)
    with pytest.raises(UndercoverError, match="does not exist"):
        export_summary(demo, tmp_path / "no" / "such" / "folder.pdf")
    assert not target.exists() and not list(tmp_path.glob(".*.part"))


def test_cancel_summary_leaves_no_file(demo, tmp_path):
    calls = []
    with pytest.raises(ReportCancelled):
        export_summary(demo, tmp_path / "s.pdf", progress=lambda d, t: calls.append((d, t)),
                       cancelled=lambda: len(calls) >= 5)
    assert not (tmp_path / "s.pdf").exists() and not list(tmp_path.glob(".*.part"))
    done = []
    export_summary(demo, tmp_path / "s.pdf", progress=lambda d, t: done.append((d, t)))
    assert done[-1][0] == done[-1][1] and [d for d, _ in done] == sorted(d for d, _ in done)


def test_summary_with_unicode_names_and_no_completed_visits(store, tmp_path):
    answers = default_answers()
    answers["undivided_attention"].note = "Кириллица <b>"
    make_visit(store, location="Łódź Ελληνικά <Main>", complete=False, answers=answers,
               findings=[leak("Łódź & <leak>")])
    out = export_summary(store, tmp_path / "u.pdf")
    assert_valid_pdf(out)
    text = " ".join(page_texts(out))
    assert "Łódź Ελληνικά <Main>" in text
    assert "no completed visits" in text  # a draft only: nothing to average, still a report
    assert "Łódź & <leak>" not in text  # recurring findings come from counted visits only
