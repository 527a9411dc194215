"""Scoring as METHOD.md's rules say, checked by example and by property."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from undercover.domain.checklist import Checklist, Pillar, QuestionKind
from undercover.domain.checklist_format import checklist_from_dict
from undercover.domain.findings import (
    actions,
    describe_answer,
    strengths,
    suggested_findings,
    top_actions,
    unraised,
    what_happened,
)
from undercover.domain.scoring import (
    authenticity,
    critical_failures,
    in_service_score,
    missing_required,
    needs_work,
    overall_score,
    question_score,
    score_visit,
    section_score,
)
from undercover.domain.verdicts import improvement
from undercover.domain.visit import Answer, Finding, FindingKind, FindingStatus, Severity

FIVE = ["one", "two", "three", "four", "five"]


def small_checklist() -> Checklist:
    return checklist_from_dict(
        {
            "key": "small",
            "version": 1,
            "title": "Small",
            "sections": [
                {
                    "id": "front",
                    "title": "Front",
                    "questions": [
                        {"id": "greet", "text": "Greeting?", "kind": "rating", "anchors": FIVE,
                         "pillars": ["engaging_empathy"], "weight": 2, "polite": True},
                        {"id": "phone", "text": "On the phone?", "kind": "yes_no", "good": "no",
                         "pillars": ["palpable_presence"], "finding": "leak",
                         "recommend": "Phones away at the counter."},
                        {"id": "wait", "text": "Wait?", "kind": "number", "unit": "minutes",
                         "target": 2, "worst": 12, "better": "lower", "finding": "leak",
                         "happened": "Waited to be served",
                         "pillars": ["serving_spirit"]},
                    ],
                },
                {
                    "id": "close",
                    "title": "Close",
                    "weight": 3,
                    "questions": [
                        {"id": "courtesy", "text": "Courteous?", "kind": "yes_no",
                         "critical": True, "required": True, "na": False, "polite": True},
                        {"id": "real", "text": "Meant it?", "kind": "bipolar", "anchors": FIVE,
                         "pillars": ["engaging_empathy"]},
                        {"id": "invite", "text": "Invited back?", "kind": "rating",
                         "anchors": FIVE, "finding": "missed_opportunity",
                         "pillars": ["serving_spirit"], "recommend": "Invite people back."},
                        {"id": "return", "text": "Return?", "kind": "likelihood"},
                        {"id": "felt", "text": "How did you feel?", "kind": "text"},
                    ],
                },
            ],
        }
    )


CHECKLIST = small_checklist()


def a(qid: str, value: float | None = None, na: bool = False, **kw) -> Answer:
    return Answer(qid, value=value, na=na, **kw)


@pytest.mark.parametrize(
    ("qid", "value", "expected"),
    [
        ("greet", 1, 0.0), ("greet", 3, 50.0), ("greet", 5, 100.0),
        ("phone", 0, 100.0), ("phone", 1, 0.0),  # "no" is the good answer here
        ("wait", 0, 100.0), ("wait", 2, 100.0), ("wait", 7, 50.0), ("wait", 12, 0.0),
        ("wait", 40, 0.0),
        ("return", 0, 0.0), ("return", 7, 70.0), ("return", 10, 100.0),
        ("real", 2, 25.0),
    ],
)
def test_question_scores_are_normalised_to_0_100(qid, value, expected):
    assert question_score(CHECKLIST.question(qid), a(qid, value)) == pytest.approx(expected)


def test_na_blank_and_text_answers_do_not_score():
    assert question_score(CHECKLIST.question("greet"), a("greet", na=True)) is None
    assert question_score(CHECKLIST.question("greet"), None) is None
    assert question_score(CHECKLIST.question("felt"), Answer("felt", text="great")) is None


def test_higher_is_better_numbers_score_upwards():
    q = replace(CHECKLIST.question("wait"), target=10.0, worst=0.0, better="higher")
    assert question_score(q, a("wait", 5)) == pytest.approx(50.0)
    assert question_score(q, a("wait", 15)) == 100.0


def test_section_is_the_weighted_mean_and_leaves_na_out():
    front = CHECKLIST.sections[0]
    answers = {"greet": a("greet", 5), "phone": a("phone", 1), "wait": a("wait", na=True)}
    # greet 100 (weight 2), phone 0 (weight 1), wait N/A: (200 + 0) / 3
    assert section_score(front, answers) == pytest.approx(200 / 3)


def test_overall_is_the_weighted_mean_of_sections():
    answers = {"greet": a("greet", 5), "courtesy": a("courtesy", 0)}
    # front 100 (weight 1), close 0 (weight 3)
    assert overall_score(CHECKLIST, answers) == pytest.approx(25.0)


def test_nothing_answered_scores_nothing():
    card = score_visit(CHECKLIST, {})
    assert card.overall is None
    assert all(v is None for v in card.pillars.values())
    assert card.needs_work.startswith("Not enough answers")


def test_pillars_gather_tagged_questions_across_sections():
    answers = {"greet": a("greet", 5), "real": a("real", 1), "phone": a("phone", 0)}
    card = score_visit(CHECKLIST, answers)
    # empathy: greet 100 (w2) and real 0 (w1) = 66.7; presence: phone 100
    assert card.pillars[Pillar.EMPATHY] == pytest.approx(200 / 3)
    assert card.pillars[Pillar.PRESENCE] == 100.0
    assert card.pillars[Pillar.SERVING] is None


def test_a_critical_failure_flags_the_visit_whatever_the_average():
    answers = {q.id: a(q.id, q.scale[1] if q.scale else None) for q in CHECKLIST.questions}
    answers["phone"] = a("phone", 0)
    answers["wait"] = a("wait", 0)
    answers["courtesy"] = a("courtesy", 0)
    card = score_visit(CHECKLIST, answers)
    assert card.overall >= 75  # a good average, still flagged
    assert card.flagged and card.critical_failures == ("courtesy",)
    answers["courtesy"] = a("courtesy", 1)
    assert not score_visit(CHECKLIST, answers).flagged
    assert critical_failures(CHECKLIST, answers) == []


def test_required_questions_are_missing_until_answered_and_na_does_not_count():
    assert [q.id for q in missing_required(CHECKLIST, {})] == ["courtesy"]
    assert [q.id for q in missing_required(CHECKLIST, {"courtesy": a("courtesy", na=True)})] \
        == ["courtesy"]
    assert missing_required(CHECKLIST, {"courtesy": a("courtesy", 1)}) == []


def test_polite_but_scripted_is_its_own_reading():
    polite = {"greet": a("greet", 5), "courtesy": a("courtesy", 1), "invite": a("invite", 5),
              "real": a("real", 1)}
    reading = authenticity(CHECKLIST, polite)
    assert reading.label == "Polite but scripted"
    rude = {"greet": a("greet", 1), "courtesy": a("courtesy", 0), "real": a("real", 1)}
    assert authenticity(CHECKLIST, rude).label == "Scripted"
    assert authenticity(CHECKLIST, {"real": a("real", 5)}).label == "Authentic"
    assert authenticity(CHECKLIST, {}).score is None


def test_never_polite_after_a_courtesy_failure_whatever_else_went_well():
    # A warm greeting, no wait and a loyalty offer do not make a discourteous visit polite.
    answers = {"greet": a("greet", 5), "courtesy": a("courtesy", 0), "phone": a("phone", 0),
               "wait": a("wait", 0), "invite": a("invite", 5), "real": a("real", 1)}
    assert authenticity(CHECKLIST, answers).label == "Scripted"
    # Waits and offers that went well do not stand in for politeness either.
    no_polite_items = {"phone": a("phone", 0), "wait": a("wait", 0), "invite": a("invite", 5),
                       "real": a("real", 1)}
    assert authenticity(CHECKLIST, no_polite_items).label == "Scripted"
    # A flat greeting (50) is not enough to call the visit polite.
    flat = {"greet": a("greet", 3), "courtesy": a("courtesy", 1), "real": a("real", 2)}
    assert authenticity(CHECKLIST, {**flat, "greet": a("greet", 2)}).label == "Scripted"


def test_needs_work_names_the_weakest_pillar_and_the_answers_behind_it():
    sentence = needs_work({Pillar.EMPATHY: 80, Pillar.SERVING: 42.4, Pillar.PRESENCE: 70})
    assert sentence == "Serving spirit needs the most work (42/100)."
    strong = needs_work({Pillar.EMPATHY: 90, Pillar.SERVING: 85, Pillar.PRESENCE: None})
    assert strong.startswith("All scored pillars are strong (lowest: Serving spirit, 85/100)")
    assert strong.endswith("(Palpable presence not scored.)")
    answers = {"greet": a("greet", 5), "courtesy": a("courtesy", 1), "phone": a("phone", 0),
               "wait": a("wait", 10), "invite": a("invite", 2), "real": a("real", 5)}
    card = score_visit(CHECKLIST, answers)
    assert card.pillars[Pillar.SERVING] == pytest.approx(22.5)
    # The wait (20) and the invitation (25) pulled serving spirit down: both named, worst first.
    assert card.needs_work == (
        "Serving spirit needs the most work (22/100). Lowest answers behind it: "
        "\u201cWait?\u201d 10 minutes, target 2 (20/100); "
        "\u201cInvited back?\u201d 2 of 5: two (25/100)."
    )


def test_pillars_a_few_points_apart_are_a_tie():
    tie = needs_work({Pillar.EMPATHY: 90, Pillar.SERVING: 52, Pillar.PRESENCE: 51})
    assert tie.startswith("Palpable presence and Serving spirit need work about equally "
                          "(Palpable presence 51, Serving spirit 52")
    assert "needs the most work" not in tie
    clear = needs_work({Pillar.EMPATHY: 90, Pillar.SERVING: 56, Pillar.PRESENCE: 51})
    assert clear.startswith("Palpable presence needs the most work (51/100)")


def test_continuous_improvement_when_recent_scores_are_flat_or_falling():
    assert improvement([60, 62, 61, 61, 60, 62]).startswith(
        "Continuous improvement: the overall score is flat")
    assert "falling" in improvement([80, 80, 80, 70, 70, 70])
    assert "(average 80 for the three before, 70 for the latest three)" in improvement(
        [80, 80, 80, 70, 70, 70])
    assert improvement([50, 50, 50, 60, 60, 60]) is None
    assert improvement([50, 50, 50, 50, 50]) is None  # too few to say


def test_a_draft_with_few_answers_gets_no_headline_score():
    few = {"greet": a("greet", 5), "real": a("real", 5)}  # 2 of 6 scored questions
    card = score_visit(CHECKLIST, few)
    assert card.overall == 100.0  # the arithmetic stands...
    assert card.headline is None and not card.enough  # ...but it is not a headline
    assert card.needs_work == ("Not enough answers yet (2 of 6 scored questions) to say which "
                               "part of the model needs work.")
    assert card.unanswered_critical == ("courtesy",)
    assert card.unscored_pillars == [Pillar.SERVING, Pillar.PRESENCE]
    four = {**few, "courtesy": a("courtesy", 1), "phone": a("phone", na=True)}  # N/A counts
    card = score_visit(CHECKLIST, four)
    assert card.scored_answered == 4 and card.enough and card.headline == card.overall
    assert card.unanswered_critical == ()


def test_likelihoods_are_the_customers_verdict_not_part_of_the_score():
    answers = {"courtesy": a("courtesy", 1), "real": a("real", 5), "invite": a("invite", 5)}
    with_verdict = {**answers, "return": a("return", 0)}
    assert score_visit(CHECKLIST, with_verdict).overall == score_visit(CHECKLIST, answers).overall
    assert question_score(CHECKLIST.question("return"), a("return", 7)) == 70.0


def test_low_answers_on_hinted_questions_suggest_findings():
    answers = {
        "phone": a("phone", 1, note="Scrolled <Instagram> & ignored me"),
        "wait": a("wait", 4),  # 80: not low
        "invite": a("invite", 1),
        "greet": a("greet", 1),  # low, but not hinted
    }
    suggestions = suggested_findings(CHECKLIST, answers)
    assert [(f.question_id, f.kind) for f in suggestions] == [
        ("phone", FindingKind.LEAK), ("invite", FindingKind.MISSED),
    ]
    phone = suggestions[0]
    assert phone.where == "Front"
    assert phone.evidence == "Scrolled <Instagram> & ignored me"
    assert phone.recommendation == "Phones away at the counter."
    assert phone.summary == "\u201cOn the phone?\u201d answered Yes"
    assert suggestions[1].summary == "one (1 of 5 on \u201cInvited back?\u201d)"
    assert suggestions[1].severity is Severity.MEDIUM


def test_handled_suggestions_are_not_suggested_again():
    answers = {"phone": a("phone", 1), "invite": a("invite", 2)}
    dismissed = Finding(FindingKind.LEAK, "x", question_id="phone",
                        status=FindingStatus.DISMISSED)
    assert [f.question_id for f in suggested_findings(CHECKLIST, answers, [dismissed])] \
        == ["invite"]


def test_top_actions_come_from_worst_findings_then_lowest_answers():
    findings = [
        Finding(FindingKind.MISSED, "m", severity=Severity.LOW, recommendation="Low one."),
        Finding(FindingKind.LEAK, "l", severity=Severity.HIGH, recommendation="Fix first."),
        Finding(FindingKind.LEAK, "d", severity=Severity.HIGH, recommendation="Dismissed.",
                status=FindingStatus.DISMISSED),
    ]
    answers = {"invite": a("invite", 2), "phone": a("phone", 1)}
    assert top_actions(CHECKLIST, answers, findings) == [
        "Fix first.", "Low one.", "Phones away at the counter.",
    ]
    assert top_actions(CHECKLIST, answers, [], count=5) == [
        "Phones away at the counter.", "Invite people back.",
    ]


def test_what_happened_says_what_happened_not_the_question_with_no():
    wait = CHECKLIST.question("wait")
    assert what_happened(wait, a("wait", 8)) == (
        "Waited to be served: 8 minutes against a target of 2")
    assert what_happened(wait, a("wait", 1)).endswith("1 minute against a target of 2")
    assert what_happened(CHECKLIST.question("invite"), a("invite", 2)) == (
        "two (2 of 5 on \u201cInvited back?\u201d)")


def test_every_action_names_its_evidence():
    findings = [Finding(FindingKind.LEAK, "Ignored at the till", severity=Severity.HIGH,
                        evidence="Four minutes by my watch", recommendation="Look up.")]
    answers = {"phone": a("phone", 1, note="Scrolling"), "invite": a("invite", 2)}
    chosen = actions(CHECKLIST, answers, findings)
    assert [(x.text, x.evidence) for x in chosen] == [
        ("Look up.", "Leak: Ignored at the till; evidence: Four minutes by my watch"),
        ("Phones away at the counter.", "\u201cOn the phone?\u201d Yes; note: Scrolling"),
        ("Invite people back.", "\u201cInvited back?\u201d 2 of 5: two"),
    ]


def test_dismissed_low_answers_stay_visible():
    answers = {"phone": a("phone", 1), "invite": a("invite", 1), "wait": a("wait", 11),
               "greet": a("greet", 1)}  # greet: low, but no finding hint
    findings = [
        Finding(FindingKind.LEAK, "x", question_id="phone", status=FindingStatus.DISMISSED),
        Finding(FindingKind.MISSED, "y", question_id="invite"),  # confirmed: raised
    ]
    low = unraised(CHECKLIST, answers, findings)
    assert [(u.question.id, u.dismissed, round(u.score)) for u in low] == [
        ("phone", True, 0), ("wait", False, 10)]


def test_what_went_well_is_the_best_behaviours_with_their_notes():
    answers = {"greet": a("greet", 5, note="Said hello by name"), "real": a("real", 4),
               "invite": a("invite", 3), "phone": a("phone", 0)}
    assert strengths(CHECKLIST, answers) == ["five: Said hello by name", "four"]


def test_answers_are_described_as_a_person_would():
    assert describe_answer(CHECKLIST.question("greet"), a("greet", 2)) == "2 of 5: two"
    assert describe_answer(CHECKLIST.question("wait"), a("wait", 9)) == "9 minutes, target 2"
    assert describe_answer(CHECKLIST.question("wait"), a("wait", 1)) == "1 minute, target 2"
    assert describe_answer(CHECKLIST.question("phone"), a("phone", 0)) == "No"
    assert describe_answer(CHECKLIST.question("greet"), a("greet", na=True)) == "N/A"
    assert describe_answer(CHECKLIST.question("greet"), None) == "Not answered"


# -- properties ----------------------------------------------------------------------

SCORED = [q for q in CHECKLIST.questions if q.kind is not QuestionKind.TEXT]


def answer_for(question) -> st.SearchStrategy[Answer]:
    if question.kind is QuestionKind.NUMBER:
        values = st.floats(0, 60, allow_nan=False)
    elif question.kind is QuestionKind.LIKELIHOOD:
        values = st.integers(0, 10).map(float)
    elif question.kind is QuestionKind.YES_NO:
        values = st.sampled_from([0.0, 1.0])
    else:
        values = st.integers(1, 5).map(float)
    return st.one_of(
        st.builds(Answer, st.just(question.id), values),
        st.just(Answer(question.id, na=True)),
    )


answer_sets = st.fixed_dictionaries(
    {}, optional={q.id: answer_for(q) for q in SCORED}
)


def within(score: float | None) -> bool:
    return score is None or 0.0 <= score <= 100.0


@settings(max_examples=300)
@given(answer_sets)
def test_every_score_stays_within_0_and_100(answers):
    card = score_visit(CHECKLIST, answers)
    assert within(card.overall)
    assert all(within(s) for s in card.sections.values())
    assert all(within(s) for s in card.pillars.values())
    assert within(card.authenticity.score)


@settings(max_examples=300)
@given(answer_sets, st.sampled_from(SCORED))
def test_na_is_never_counted_as_zero(answers, question):
    """N/A leaves a question out: the same as blank, never lower than its worst answer."""
    rest = {k: v for k, v in answers.items() if k != question.id}
    blank = score_visit(CHECKLIST, rest)
    na = score_visit(CHECKLIST, {**rest, question.id: Answer(question.id, na=True)})
    worst = {QuestionKind.YES_NO: 1.0 - float(question.good_answer),
             QuestionKind.NUMBER: 1000.0, QuestionKind.LIKELIHOOD: 0.0}.get(question.kind, 1.0)
    zero = score_visit(CHECKLIST, {**rest, question.id: Answer(question.id, worst)})
    assert (na.overall, na.sections, na.pillars) == (blank.overall, blank.sections, blank.pillars)
    for got, floor in [(na.overall, zero.overall), *[
        (na.sections[s], zero.sections[s]) for s in na.sections
    ]]:
        assert got is None or floor is None or got >= floor - 1e-9


@settings(max_examples=200)
@given(answer_sets, st.floats(0.01, 1000, allow_nan=False))
def test_scaling_every_weight_changes_nothing(answers, factor):
    scaled = replace(
        CHECKLIST,
        sections=tuple(
            replace(s, weight=s.weight * factor,
                    questions=tuple(replace(q, weight=q.weight * factor) for q in s.questions))
            for s in CHECKLIST.sections
        ),
    )
    before, after = score_visit(CHECKLIST, answers), score_visit(scaled, answers)
    pairs = [(before.overall, after.overall)]
    pairs += [(before.sections[k], after.sections[k]) for k in before.sections]
    pairs += [(before.pillars[p], after.pillars[p]) for p in Pillar]
    for x, y in pairs:
        assert (x is None and y is None) or math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-9)


@settings(max_examples=300)
@given(answer_sets, st.sampled_from([q for q in SCORED if in_service_score(q)]))
def test_a_perfect_answer_added_never_lowers_a_section(answers, question):
    perfect = {QuestionKind.YES_NO: float(question.good_answer), QuestionKind.NUMBER: 0.0,
               QuestionKind.LIKELIHOOD: 10.0}.get(question.kind, 5.0)
    rest = {k: v for k, v in answers.items() if k != question.id}
    section = CHECKLIST.section_of(question.id)
    before = section_score(section, rest)
    after = section_score(section, {**rest, question.id: Answer(question.id, perfect)})
    assert after == 100.0 if before is None else after >= before - 1e-9
