"""Every printed sentence true for the data behind it: real databases, PDFs read back.

The cases an owner would catch: a draft with a few answers, a courtesy failure,
dismissed suggestions, a tie between pillars, colleague visits beside customer
visits, and a money figure that must never exceed customers × lifetime value.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from test_report import flat, jpeg_bytes, leak, make_visit, page_texts

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.findings import suggested_findings
from undercover.domain.visit import (
    Answer,
    Assessment,
    Channel,
    Finding,
    FindingStatus,
    Location,
    Visit,
)
from undercover.report import export_summary, export_visits
from undercover.report.summary_data import summarise
from undercover.store import Store
from undercover.store import settings as keys


@pytest.fixture
def store(tmp_path: Path):
    with Store.open(tmp_path / "truth.db") as s:
        yield s


def text_of(path: Path) -> str:
    return flat(" ".join(page_texts(path)))


def good_answers(store: Store, key: str = "customer-centric", **changes) -> dict[str, Answer]:
    """Every scored question of a checklist answered at its best, then ``changes``."""
    checklist = store.checklists.get(key)
    answers = {}
    for q in checklist.questions:
        if q.kind.value == "text":
            answers[q.id] = Answer(q.id, text="Fine.")
        elif q.kind.value == "yes_no":
            answers[q.id] = Answer(q.id, value=float(q.good_answer))
        elif q.kind.value == "number":
            answers[q.id] = Answer(q.id, value=q.target)
        else:
            answers[q.id] = Answer(q.id, value=float(q.scale[1]))
    for qid, value in changes.items():
        answers[qid] = value if isinstance(value, Answer) else Answer(qid, value=value)
    return answers


def internal_visit(store: Store, location: str, day: str, **answers) -> Visit:
    place = store.locations.find(location) or store.locations.add(Location(location))
    checklist = store.checklists.get("internal-customer")
    visit = Visit(place.id, checklist.key, checklist.version,
                  started_at=f"{day}T09:00:00+00:00", ended_at=f"{day}T09:30:00+00:00",
                  answers=good_answers(store, "internal-customer", **answers))
    store.visits.create(visit)
    store.visits.complete(visit.id)
    return visit


# -- one visit ------------------------------------------------------------------------


def test_a_draft_with_few_answers_prints_no_headline_and_says_what_is_missing(store, tmp_path):
    answers = {q: Answer(q, value=5) for q in ("greeting", "facial_expression", "eye_contact",
                                                 "tone_of_voice", "body_language")}
    answers["courtesy"] = Answer("courtesy", value=1)
    draft = make_visit(store, answers=answers, complete=False)
    text = text_of(export_visits(store, [draft.id], tmp_path / "draft.pdf"))
    assert "OVERALL SCORE – not enough answers" in text
    card = store.visits.scorecard(draft.id)
    assert card.overall == 100 and not card.enough  # the arithmetic would have printed 100
    assert f"{card.scored_answered} of {card.scored_total} scored questions answered" in text
    assert "A headline score needs at least 60% of them." in text
    assert "Not enough answers yet" in text and "All scored pillars are strong" not in text
    assert "Not scored yet: Serving spirit" in text
    # An unanswered critical question is never reported as "no critical flags".
    assert "Critical flags. None" not in text
    assert ("Critical questions not answered yet. No flag can be raised or ruled out on "
            "these: ? Was what you were told accurate") in text
    # Unanswered questions of a draft are collapsed, not printed row by row.
    assert "Not answered yet: 6 questions (the whole section)." in text  # Going beyond...
    assert text.count("Not answered") < 12
    assert "In context:" not in text  # no comparison for a score that is not printed


def test_a_completed_visit_prints_its_score_in_context(store, tmp_path):
    first = make_visit(store, day="2026-03-01", answers=good_answers(store, greeting=3))
    second = make_visit(store, day="2026-04-01", answers=good_answers(store, greeting=1))
    make_visit(store, location="Market Square", day="2026-04-02",
               answers=good_answers(store, real_need=1))
    scores = {r.id: r.score for r in store.visits.summaries()}
    text = text_of(export_visits(store, [second.id], tmp_path / "ctx.pdf"))
    here = (scores[first.id] + scores[second.id]) / 2
    everywhere = sum(scores.values()) / 3
    assert (f"In context: last visit here {scores[first.id]:.0f} (1 Mar 2026) · Harbour Street "
            f"average {here:.0f} over 2 visits · business average {everywhere:.0f} over 3 "
            "visits · target 80 or above.") in text


def test_a_courtesy_failure_is_never_called_polite(store, tmp_path):
    answers = good_answers(store, courtesy=0, greeting_authentic=1, recommendations_authentic=1,
                           off_script=1, farewell_authentic=1, overall_authentic=1)
    visit = make_visit(store, answers=answers)
    text = text_of(export_visits(store, [visit.id], tmp_path / "rude.pdf"))
    assert "Polite" not in text and "polite but scripted" not in text.casefold()
    assert "Scripted · 0/100" in text
    assert "Critical flags. A critical question went badly" in text
    # The same visit without the courtesy failure is polite and scripted at once.
    answers["courtesy"] = Answer("courtesy", value=1)
    polite = make_visit(store, day="2026-03-15", answers=answers)
    text = text_of(export_visits(store, [polite.id], tmp_path / "polite.pdf"))
    assert "Polite but scripted · 0/100" in text


def test_dismissed_suggestions_still_show_their_low_answers(store, tmp_path):
    answers = good_answers(store, acknowledged_minutes=5, handoffs=3, used_phone=1)
    dismissed = [
        Finding(FindingKind.LEAK, "s", question_id=q, status=FindingStatus.DISMISSED)
        for q in ("acknowledged_minutes", "handoffs", "used_phone")
    ]
    visit = make_visit(store, answers=answers, findings=dismissed)
    text = text_of(export_visits(store, [visit.id], tmp_path / "dismissed.pdf"))
    assert ("At a glance: 0 leaks confirmed · 0 missed opportunities confirmed · 3 low answers "
            "not raised as findings (listed after the findings)") in text
    section = text[text.index("Low answers not raised as findings"):
                   text.index("Answers by section")]
    for question in ("How many minutes passed before someone acknowledged you? 5 minutes",
                     "How many times were you passed on to someone else? 3 hand-offs",
                     "Did the staff member look at a phone or an unrelated screen"):
        assert question in section
    assert section.count("Dismissed by the evaluator") == 3
    # The actions these answers suggest say what they rest on.
    assert "Because: “How many minutes passed before someone acknowledged you?” 5 minutes" in text
    # Summaries count them too: the rate measures the service, not the evaluator.
    summary = summarise(store)
    assert summary.overall.leaks == 3 and summary.overall.at_risk == 1


def test_a_tie_between_pillars_is_called_a_tie_with_its_evidence(store, tmp_path):
    # Empathy and presence both pulled down (cold tone, no attention), serving spirit intact.
    answers = good_answers(store, tone_of_voice=1, used_name=0, understood_situation=1,
                           acknowledged_feelings=1, farewell_authentic=1, eye_contact=1,
                           undivided_attention=1, used_phone=1)
    visit = make_visit(store, answers=answers)
    card = store.visits.scorecard(visit.id)
    empathy, presence = card.pillars[Pillar.EMPATHY], card.pillars[Pillar.PRESENCE]
    assert abs(empathy - presence) < 5 and card.pillars[Pillar.SERVING] - max(empathy, presence) > 5
    text = text_of(export_visits(store, [visit.id], tmp_path / "tie.pdf"))
    (low, a), (high, b) = sorted([(empathy, "Engaging empathy"), (presence, "Palpable presence")])
    assert (f"{a} and {b} need work about equally ({a} {low:.0f}, {b} {high:.0f}: less than 5 "
            "points apart, which is a tie)") in text
    assert "needs the most work" not in text
    # The three lowest answers behind the two pillars, each with its answer and score.
    assert ("Lowest answers behind it: “How much eye contact did they make?” 1 of 5") in text
    assert text.count("(0/100)") >= 3


# -- summaries ------------------------------------------------------------------------


def test_colleague_visits_get_their_own_section_and_are_never_priced(store, tmp_path):
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, 420)
    store.settings.set(keys.CURRENCY, "£")
    for day in ("2026-03-02", "2026-03-09"):
        make_visit(store, day=day, answers=good_answers(store, greeting=1, overall_authentic=1,
                                                        used_phone=1))
    customers_only = summarise(store).overall
    for day in ("2026-03-03", "2026-03-10", "2026-03-17"):
        internal_visit(store, "Harbour Street", day, chases=4)  # a leak on each
    summary = summarise(store)
    assert summary.overall == customers_only  # colleagues never move the customer figures
    assert [f for name, f in summary.by_location] == [customers_only]
    assert summary.internal is not None and summary.internal.visits == 3
    assert summary.internal.at_risk == 3
    text = text_of(export_summary(store, tmp_path / "internal.pdf"))
    assert "Counted 2 completed customer visits" in text
    assert "3 colleague visits (internal customers: their own section)" in text
    assert "Internal customers: colleagues" in text
    assert "never priced as lost customers" in text
    money = re.findall(r"£[\d,]+", text)
    assert money and max(int(m[1:].replace(",", "")) for m in money) <= 2 * 420
    assert "2 of 2 customer visits had at least one leak" in text


def test_money_at_risk_never_exceeds_customers_times_lifetime_value(store, tmp_path):
    store.settings.set(keys.CUSTOMER_LIFETIME_VALUE, 420)
    store.settings.set(keys.CURRENCY, "£")
    many_leaks = good_answers(store, acknowledged_minutes=5, used_phone=1, side_conversations=1,
                              hurried_along=1, wait_minutes=20, handoffs=4)
    for n in range(3):
        make_visit(store, day=f"2026-04-0{n + 1}", answers=many_leaks,
                   findings=[leak(f"Own leak {n}")])
    make_visit(store, day="2026-04-05", answers=good_answers(store))  # no leak at all
    summary = summarise(store)
    assert summary.overall.leaks > summary.overall.visits  # many leaks, few customers
    text = text_of(export_summary(store, tmp_path / "money.pdf"))
    assert ("3 of 4 customer visits had at least one leak. Each visit is one customer, so 3 "
            "customers at risk × £420 = up to £1,260 of customer lifetime value.") in text
    amounts = [int(m[1:].replace(",", "")) for m in re.findall(r"£[\d,]+", text)]
    assert max(amounts) <= 4 * 420


def test_summary_verdict_calls_flat_scores_continuous_improvement(store, tmp_path):
    for n in range(6):
        make_visit(store, day=f"2026-0{n + 1}-10", answers=good_answers(store, greeting=3,
                                                                          real_need=3))
    text = text_of(export_summary(store, tmp_path / "flat.pdf"))
    assert "Continuous improvement: the overall score is flat over the last six visits" in text


def test_a_section_named_after_a_pillar_says_how_its_score_differs(store, tmp_path):
    """Older checklists named sections after pillars: both numbers print, explained."""
    current = store.checklists.get("customer-centric")
    renamed = tuple(replace(s, title="Engaging empathy") if s.id == "empathy" else s
                    for s in current.sections)
    store.checklists.store(replace(current, version=current.version + 1, sections=renamed))
    visit = make_visit(store, answers=good_answers(store, greeting=1, courtesy=0))
    card = store.visits.scorecard(visit.id)
    text = text_of(export_visits(store, [visit.id], tmp_path / "old.pdf"))
    assert (f"Engaging empathy · section score {card.sections['empathy']:.0f}/100 This section "
            "score covers only the questions below. The Engaging empathy pillar on page 1 "
            f"({card.pillars[Pillar.EMPATHY]:.0f}/100) gathers every question tagged with it")\
        in text
    assert card.sections["empathy"] != card.pillars[Pillar.EMPATHY]


def test_a_phone_call_never_asks_about_faces(store, tmp_path):
    answers = {k: v for k, v in good_answers(store).items()
               if k not in ("facial_expression", "eye_contact", "body_language", "used_phone",
                            "hurried_along", "reply_minutes")}
    answers["rings_before_answer"] = Answer("rings_before_answer", value=9)
    visit = make_visit(store, answers=answers, channel=Channel.PHONE)
    card = store.visits.scorecard(visit.id)
    assert card.scored_answered == card.scored_total  # nothing left for the shopper to N/A
    text = text_of(export_visits(store, [visit.id], tmp_path / "phone.pdf"))
    assert "Did their face show" not in text and "eye contact" not in text
    assert "How many times did the phone ring before someone answered? 9 rings, target 3" in text
    assert "Low answers not raised as findings" in text  # 9 rings: a leak, not yet confirmed
    assert "Not answered" not in text


def test_who_served_you_is_printed_to_recognise_them(store, tmp_path):
    visit = make_visit(store, answers=good_answers(store, used_phone=1),
                       served_by="Priya (name badge), at the till")
    assert store.visits.get(visit.id).served_by == "Priya (name badge), at the till"
    text = text_of(export_visits(store, [visit.id], tmp_path / "served.pdf"))
    assert "Served by Priya (name badge), at the till" in text
    assert ("What went well Served by Priya (name badge), at the till: recognise them for "
            "these. + ") in text
    store.visits.update(visit.id, served_by="")
    text = text_of(export_visits(store, [visit.id], tmp_path / "anonymous.pdf"))
    assert "Served by" not in text and "What went well" in text


def test_one_location_beside_the_business_and_the_previous_period(store, tmp_path):
    # Harbour Street improves from January to February; Market Square stays where it was.
    make_visit(store, day="2026-01-10", answers=good_answers(store, greeting=1, used_phone=1))
    make_visit(store, day="2026-02-10", answers=good_answers(store))
    make_visit(store, location="Market Square", day="2026-02-11",
               answers=good_answers(store, wait_minutes=20, handoffs=4))
    scores = {(r.location, r.date): r.score for r in store.visits.summaries()}
    summary = summarise(store, location="Harbour Street", since="2026-02-01",
                        until="2026-02-28")
    assert summary.business is not None and summary.business.visits == 2
    assert summary.business.overall == pytest.approx(
        (scores[("Harbour Street", "2026-02-10")] + scores[("Market Square", "2026-02-11")]) / 2)
    change = summary.change
    assert change is not None
    assert (change.before_since, change.before_until) == ("2026-01-04", "2026-01-31")
    assert change.before.overall == pytest.approx(scores[("Harbour Street", "2026-01-10")])
    assert change.now.overall == pytest.approx(scores[("Harbour Street", "2026-02-10")])
    text = text_of(export_summary(store, tmp_path / "harbour.pdf", location="Harbour Street",
                                  since="2026-02-01", until="2026-02-28"))
    rise = round(change.now.overall - change.before.overall)
    assert "Change since the previous period" in text
    assert f"4 Jan 2026 to 31 Jan 2026 1 {change.before.overall:.0f}" in text
    assert f"Change +{rise}" in text
    assert ("Compared with the business average" in text
            and f"Whole business 2 {summary.business.overall:.0f}" in text)


def test_the_six_behaviours_are_a_profile_across_visits(store, tmp_path):
    make_visit(store, answers=good_answers(store, listening=1, took_feedback=1))
    summary = summarise(store)
    profile = {b.behaviour: b for b in summary.behaviours}
    assert list(profile) == ["self_awareness", "listening", "questioning", "empathy",
                             "responsiveness", "receiving_feedback"]
    assert profile["receiving_feedback"].average == 0 and profile["receiving_feedback"].answers == 1
    checklist = store.checklists.get("customer-centric")
    listening = [q for q in checklist.questions if "listening" in q.behaviours]
    low = {"listening", "took_feedback"}
    expected = sum(0 if q.id in low else 100 for q in listening) / len(listening)
    assert profile["listening"].average == pytest.approx(expected)
    text = text_of(export_summary(store, tmp_path / "six.pdf"))
    assert "The six behaviours" in text
    assert "Weakest behaviour. Receiving feedback 0/100 over 1 answers." in text


def test_where_is_the_moment_in_the_visit_not_a_section_name(store, tmp_path):
    answers = good_answers(store, farewell_authentic=1, used_phone=1, wait_minutes=12)
    visit = make_visit(store, answers=answers)
    checklist = store.checklists.get("customer-centric")
    where = {f.question_id: f.where for f in suggested_findings(checklist, answers)}
    assert where == {"farewell_authentic": "Leaving", "used_phone": "While being served",
                     "wait_minutes": "Waiting and getting it done"}
    for finding in suggested_findings(checklist, answers):
        store.visits.save_finding(visit.id, finding)
    text = text_of(export_visits(store, [visit.id], tmp_path / "where.pdf"))
    assert "Scripted or authentic Say goodbye" not in text
    assert "Leaving Say goodbye as if you mean it" in text


def test_the_summary_tracks_return_and_recommend_over_time_apart_from_scores(store, tmp_path):
    for day, back in (("2026-01-10", 9), ("2026-01-20", 6), ("2026-02-10", 3)):
        make_visit(store, day=day, answers=good_answers(
            store, likely_return=back, likely_recommend=back - 1))
    summary = summarise(store)
    assert summary.verdicts["How likely are you to come back?"] == [7.5, 3.0]
    assert summary.verdicts["How likely are you to recommend this business to a friend?"] \
        == [6.5, 2.0]
    assert summary.overall.overall == 100  # the verdict never moves the service score
    text = text_of(export_summary(store, tmp_path / "verdict.pdf"))
    assert "The customer's verdict over time" in text
    assert "Jan 2026 7.5 6.5" in text and "Feb 2026 3.0 2.0" in text


def test_an_action_names_the_photo_behind_it(store, tmp_path):
    answers = good_answers(store, used_phone=1)
    phone = Finding(FindingKind.LEAK, "Staff looked at a phone", question_id="used_phone",
                    recommendation="Phones away while serving.")
    visit = make_visit(store, answers=answers, findings=[phone],
                       photos=[(jpeg_bytes(), None, "Entrance"),
                               (jpeg_bytes((10, 200, 10)), "used_phone", "Phone by the till")],
                       evidence={0: [2]})
    text = text_of(export_visits(store, [visit.id], tmp_path / "photo.pdf"))
    assert "1. Phones away while serving. Because: Leak: Staff looked at a phone · Photo 2" in text


def test_a_self_assessment_is_never_set_in_the_context_of_visits(store, tmp_path):
    make_visit(store, day="2026-03-01", answers=good_answers(store, greeting=1))
    belief = make_visit(store, day="2026-03-05", answers=good_answers(store),
                        assessment=Assessment.SELF)
    text = text_of(export_visits(store, [belief.id], tmp_path / "belief.pdf"))
    assert "Self-assessment: how the owner believes a visit goes" in text
    assert "In context:" not in text and "Continuous improvement" not in text


def test_a_colleague_visit_reads_as_a_colleague_s_verdict(store, tmp_path):
    visit = internal_visit(store, "Harbour Street", "2026-03-03", chases=4)
    text = text_of(export_visits(store, [visit.id], tmp_path / "colleague.pdf"))
    assert "The colleague's verdict" in text and "The customer's verdict" not in text
    low = text[text.index("Low answers not raised as findings"):]
    assert "How many times did you have to chase before it was done? 4" in low


def _box(page, colour) -> tuple[int, int, int, int] | None:
    """The bounding box of the pixels close to ``colour``."""
    pixels = page.load()
    xs, ys = [], []
    for y in range(0, page.height, 2):
        for x in range(0, page.width, 2):
            r, g, b = pixels[x, y][:3]
            if abs(r - colour[0]) < 25 and abs(g - colour[1]) < 25 and abs(b - colour[2]) < 25:
                xs.append(x)
                ys.append(y)
    return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def test_the_photo_appendix_is_a_centred_grid(store, tmp_path):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler-utils is not installed (apt-get install poppler-utils)")
    green, blue, red = (40, 160, 60), (40, 60, 200), (200, 40, 40)
    photos = [(jpeg_bytes(c, (1200, 900)), None, "x") for c in (green, blue, red)]
    visit = make_visit(store, photos=photos)
    out = export_visits(store, [visit.id], tmp_path / "grid.pdf")
    subprocess.run([pdftoppm, "-r", "30", "-png", str(out), str(tmp_path / "p")], check=True)
    pages = [Image.open(p).convert("RGB") for p in sorted(tmp_path.glob("p*.png"))]
    last = pages[-1]
    g, b, r = (_box(last, c) for c in (green, blue, red))
    assert g and b and r
    assert abs(g[1] - b[1]) <= 2 and g[2] < b[0]  # two side by side on one row
    assert r[1] > g[3]  # the third on the next row...
    middle = (r[0] + r[2]) / 2
    assert abs(middle - last.width / 2) < last.width * 0.03  # ...alone, in the middle
    assert (g[2] - g[0]) > last.width * 0.35  # each photo uses its half of the page
