"""The bundled checklists, and the error messages hand-edited checklist files get."""

from __future__ import annotations

import tomllib
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from undercover.domain.checklist import (
    BEHAVIOURS,
    Audience,
    Better,
    Checklist,
    FindingKind,
    Pillar,
    QuestionKind,
)
from undercover.domain.checklist_format import (
    MAX_NUMBER,
    MAX_WEIGHT,
    MIN_NUMBER,
    MIN_WEIGHT,
    ChecklistError,
    checklist_from_dict,
    checklist_to_dict,
    load_checklist_file,
)
from undercover.domain.scoring import in_service_score, score_visit
from undercover.domain.visit import Answer
from undercover.errors import UndercoverError

BUNDLED = Path(__file__).resolve().parents[1] / "resources" / "checklists"
DEFAULT = BUNDLED / "customer-centric.toml"
INTERNAL = BUNDLED / "internal-customer.toml"


@pytest.fixture(scope="module")
def default() -> Checklist:
    return load_checklist_file(DEFAULT)


@pytest.fixture(scope="module")
def internal() -> Checklist:
    return load_checklist_file(INTERNAL)


@pytest.fixture(params=["customer-centric", "internal-customer"], scope="module")
def bundled(request: pytest.FixtureRequest) -> Checklist:
    return load_checklist_file(BUNDLED / f"{request.param}.toml")


# --- the bundled files -------------------------------------------------------


def test_every_bundled_file_loads_and_is_named_after_its_key():
    files = sorted(BUNDLED.glob("*.toml"))
    assert DEFAULT in files and INTERNAL in files
    for path in files:
        checklist = load_checklist_file(path)
        assert checklist.key == path.stem
        assert checklist.version == 2  # a changed bundled checklist is a new version


def test_default_checklist_shape(default: Checklist):
    assert default.key == "customer-centric"
    assert default.title == "Customer-centric visit"
    assert default.audience is Audience.CUSTOMER
    assert len(default.sections) == 9
    assert 40 <= len(default.questions) <= 52
    assert 40 <= len(default.for_channel("in_person").questions) <= 48
    assert default.sections[0].id == "arrival"
    assert default.sections[-1].title == "Think, feel, do"


def test_internal_checklist_shape(internal: Checklist):
    assert internal.key == "internal-customer"
    assert internal.title == "Internal customer"
    assert internal.audience is Audience.INTERNAL
    assert 6 <= len(internal.sections) <= 8
    assert 25 <= len(internal.questions) <= 35


def test_ids_are_unique(bundled: Checklist):
    question_ids = [q.id for q in bundled.questions]
    section_ids = [s.id for s in bundled.sections]
    assert len(question_ids) == len(set(question_ids))
    assert len(section_ids) == len(set(section_ids))


def test_rating_and_bipolar_questions_have_five_short_behavioural_anchors(bundled: Checklist):
    for q in bundled.questions:
        if q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
            assert len(q.anchors) == 5, q.id
            assert len(set(q.anchors)) == 5, q.id
            for anchor in q.anchors:
                assert 3 <= len(anchor.split()) <= 10, (q.id, anchor)
        elif q.kind is not QuestionKind.LIKELIHOOD:
            assert q.anchors == (), q.id


def test_every_question_has_help_and_every_section_an_intro(bundled: Checklist):
    for s in bundled.sections:
        assert s.intro.strip(), s.id
        for q in s.questions:
            assert q.help.strip(), q.id


def test_pillars_are_covered(default: Checklist, internal: Checklist):
    for checklist, minimum in ((default, 8), (internal, 6)):
        counts = Counter(p for q in checklist.questions for p in q.pillars)
        for pillar in Pillar:
            assert counts[pillar] >= minimum, (checklist.key, pillar, counts[pillar])


def test_scored_questions_carry_a_pillar_except_the_outcome_likelihoods(bundled: Checklist):
    for q in bundled.questions:
        if q.scored and q.kind is not QuestionKind.LIKELIHOOD:
            assert q.pillars, q.id
        if not q.scored:
            assert not q.pillars and q.finding is None and not q.critical, q.id


def test_all_six_behaviours_appear(bundled: Checklist):
    seen = {b for q in bundled.questions for b in q.behaviours}
    assert seen == set(BEHAVIOURS)


def test_every_finding_hint_has_a_recommendation(bundled: Checklist):
    hinted = [q for q in bundled.questions if q.finding]
    assert hinted
    for q in hinted:
        assert q.recommend.strip().endswith("."), q.id
    kinds = Counter(q.finding for q in hinted)
    assert kinds[FindingKind.LEAK] >= 1 and kinds[FindingKind.MISSED] >= 1


def test_every_scored_question_suggests_a_finding_or_says_why_not(bundled: Checklist):
    """A low answer on any scored behaviour becomes a finding with a recommendation."""
    for q in bundled.questions:
        if not q.scored:
            continue
        if q.no_finding:
            assert q.finding is None and q.no_finding.strip().endswith("."), q.id
        else:
            assert q.finding is not None and q.recommend.strip(), q.id
    silent = [q.id for q in bundled.questions if q.scored and q.finding is None]
    assert all(bundled.question(qid).kind is QuestionKind.LIKELIHOOD for qid in silent)


def test_no_section_is_named_after_a_pillar(bundled: Checklist):
    """A pillar and a section sharing a name would print two different numbers for it."""
    pillars = {p.label.casefold() for p in Pillar}
    assert not [s.title for s in bundled.sections if s.title.casefold() in pillars]


def test_politeness_is_judged_from_the_politeness_items_only(default: Checklist):
    assert {q.id for q in default.questions if q.polite} == {
        "greeting", "courtesy", "tone_of_voice", "farewell"}


@pytest.mark.parametrize(("channel", "absent", "present"), [
    ("in_person", {"rings_before_answer", "hold_minutes", "reply_minutes"},
     {"facial_expression", "eye_contact", "body_language", "used_phone"}),
    ("phone", {"facial_expression", "eye_contact", "body_language", "used_phone",
               "hurried_along", "reply_minutes"},
     {"rings_before_answer", "hold_minutes", "tone_of_voice", "greeting"}),
    ("chat", {"facial_expression", "eye_contact", "body_language", "tone_of_voice",
              "rings_before_answer", "hold_minutes"}, {"reply_minutes", "greeting"}),
])
def test_each_channel_sees_only_the_questions_that_can_apply(default, channel, absent, present):
    seen = {q.id for q in default.for_channel(channel).questions}
    assert not absent & seen and present <= seen
    assert default.for_channel(channel).sections[0].id == "arrival"


def test_default_has_enough_leaks_and_missed_opportunities(default: Checklist):
    kinds = Counter(q.finding for q in default.questions if q.finding)
    assert kinds[FindingKind.LEAK] >= 10
    assert kinds[FindingKind.MISSED] >= 6


def test_critical_and_outcome_questions_are_required(bundled: Checklist):
    critical = [q for q in bundled.questions if q.critical]
    assert 2 <= len(critical) <= 3
    for q in critical:
        assert q.required and not q.allow_na, q.id
    likelihoods = [q for q in bundled.questions if q.kind is QuestionKind.LIKELIHOOD]
    assert len(likelihoods) == 2
    for q in likelihoods:
        assert q.required and not q.allow_na, q.id
    outcome = bundled.sections[-1]
    assert set(likelihoods) <= set(outcome.questions)
    assert sum(q.kind is QuestionKind.TEXT for q in outcome.questions) >= 2


def test_each_checklist_has_a_scripted_or_authentic_section(bundled: Checklist):
    sections = [
        s for s in bundled.sections if all(q.kind is QuestionKind.BIPOLAR for q in s.questions)
    ]
    assert len(sections) == 1
    assert 3 <= len(sections[0].questions) <= 5


def test_default_scripted_or_authentic_has_four_or_five_questions(default: Checklist):
    bipolar = [q for q in default.questions if q.kind is QuestionKind.BIPOLAR]
    assert 4 <= len(bipolar) <= 5
    assert {default.section_of(q.id).id for q in bipolar} == {"authenticity"}


def test_default_ease_of_doing_business(default: Checklist):
    ease = default.sections[default.section_index("ease")]
    numbers = {q.id: q for q in ease.questions if q.kind is QuestionKind.NUMBER}
    wait, handoffs = numbers["wait_minutes"], numbers["handoffs"]
    assert (wait.unit, wait.target, wait.worst, wait.better) == ("minutes", 3, 15, Better.LOWER)
    assert (handoffs.target, handoffs.worst, handoffs.better) == (0, 3, Better.LOWER)
    repeated = default.question("repeated_yourself")
    assert repeated.kind is QuestionKind.YES_NO and repeated.good_answer is False
    first = default.sections[0].questions[0]
    assert first.kind is QuestionKind.NUMBER and first.better is Better.LOWER


def test_default_weights_are_used_sparingly(default: Checklist):
    assert all(s.weight == 1 for s in default.sections)
    weighted = [q.id for q in default.questions if q.weight != 1]
    assert 1 <= len(weighted) <= 3


def test_round_trip(bundled: Checklist):
    data = checklist_to_dict(bundled)
    assert checklist_from_dict(data) == bundled
    assert checklist_to_dict(checklist_from_dict(data)) == data


# --- broken files ------------------------------------------------------------

VALID = """\
key = "mini"
version = 1
title = "Mini"

[[sections]]
id = "arrival"
title = "Arrival"

[[sections.questions]]
id = "greeting"
text = "How were you greeted?"
kind = "rating"
anchors = ["No greeting at all", "A mumbled word only", "Polite but flat", "Friendly, with eye contact", "Warm and personal"]
pillars = ["engaging_empathy"]

[[sections.questions]]
id = "wait"
text = "How many minutes did you wait?"
kind = "number"
unit = "minutes"
target = 3
worst = 15
better = "lower"

[[sections]]
id = "outcome"
title = "Outcome"

[[sections.questions]]
id = "likely_return"
text = "How likely are you to come back?"
kind = "likelihood"
"""  # noqa: E501

GREETING = 'text = "How were you greeted?"\nkind = "rating"'
WAIT = 'worst = 15\nbetter = "lower"'
IN_GREETING = ["broken.toml", "section 1 'arrival'", "question 1 'greeting'"]
IN_WAIT = ["broken.toml", "section 1 'arrival'", "question 2 'wait'"]

BROKEN = {
    "invalid TOML": ('title = "Mini"', 'title = "Mini', ["broken.toml", "not valid TOML"]),
    "unknown kind": ('kind = "rating"', 'kind = "stars"', [*IN_GREETING, "'kind'", "'stars'"]),
    "missing kind": ('kind = "rating"\n', "", [*IN_GREETING, "'kind'", "is missing"]),
    "rating with 4 anchors": (
        '"Friendly, with eye contact", ',
        "",
        [*IN_GREETING, "'anchors'", "5 anchors"],
    ),
    "yes_no with anchors": ('kind = "rating"', 'kind = "yes_no"', [*IN_GREETING, "'anchors'"]),
    "unknown pillar": (
        'pillars = ["engaging_empathy"]',
        'pillars = ["warmth"]',
        [*IN_GREETING, "'pillars'", "'warmth'"],
    ),
    "unknown behaviour": (
        'pillars = ["engaging_empathy"]',
        'behaviours = ["charm"]',
        [*IN_GREETING, "'behaviours'", "'charm'"],
    ),
    "unknown finding": (GREETING, f'{GREETING}\nfinding = "leek"', [*IN_GREETING, "'finding'"]),
    "duplicate question id": (
        'id = "wait"',
        'id = "greeting"',
        ["broken.toml", "section 1 'arrival'", "'greeting'", "id is used twice"],
    ),
    "duplicate section id": (
        'id = "outcome"',
        'id = "arrival"',
        ["broken.toml", "section 'arrival'", "id is used twice"],
    ),
    "question id with capitals": (
        'id = "greeting"',
        'id = "Greeting"',
        ["broken.toml", "section 1 'arrival', question 1", "'id'", "'Greeting'"],
    ),
    "number missing better": ('better = "lower"\n', "", [*IN_WAIT, "'better'", "missing"]),
    "number missing target": ("target = 3\n", "", [*IN_WAIT, "'target'", "missing"]),
    "number worst on the wrong side": (
        "worst = 15",
        "worst = 1",
        [*IN_WAIT, "'worst'", "above 'target'"],
    ),
    "number worst equal to target": (
        WAIT,
        'worst = 3\nbetter = "higher"',
        [*IN_WAIT, "'worst'", "below 'target'"],
    ),
    "target on a rating": (GREETING, f"{GREETING}\ntarget = 3", [*IN_GREETING, "'target'"]),
    "good on a rating": (GREETING, f'{GREETING}\ngood = "no"', [*IN_GREETING, "'good'"]),
    "weight 0": (GREETING, f"{GREETING}\nweight = 0", [*IN_GREETING, "'weight'", "greater than 0"]),
    "section weight negative": (
        'title = "Arrival"',
        'title = "Arrival"\nweight = -1',
        ["broken.toml", "section 1 'arrival'", "'weight'", "greater than 0"],
    ),
    "unknown question field": (
        GREETING,
        f'{GREETING}\ncolour = "red"',
        [*IN_GREETING, "unknown field 'colour'"],
    ),
    "unknown section field": (
        'title = "Outcome"',
        'title = "Outcome"\nheading = "x"',
        ["broken.toml", "section 2 'outcome'", "unknown field 'heading'"],
    ),
    "unknown checklist field": (
        "version = 1",
        'version = 1\nauthor = "me"',
        ["broken.toml", "unknown field 'author'"],
    ),
    "section with no questions": (
        '[[sections]]\nid = "outcome"',
        '[[sections]]\nid = "empty"\ntitle = "Empty"\n\n[[sections]]\nid = "outcome"',
        ["broken.toml", "section 2 'empty'", "'questions'", "at least one question"],
    ),
    "missing title": ('title = "Mini"\n', "", ["broken.toml", "'title'", "is missing"]),
    "missing question text": (
        'text = "How were you greeted?"\n',
        "",
        [*IN_GREETING, "'text'", "is missing"],
    ),
    "version not an integer": (
        "version = 1",
        'version = "1"',
        ["broken.toml", "'version'", "whole number"],
    ),
    "version a fraction": ("version = 1", "version = 1.5", ["broken.toml", "'version'"]),
    "key with underscore": (
        'key = "mini"',
        'key = "mini_list"',
        ["broken.toml", "'key'", "'mini_list'", "'-'"],
    ),
    "unknown audience": (
        'title = "Mini"',
        'title = "Mini"\naudience = "staff"',
        ["broken.toml", "'audience'", "'staff'"],
    ),
    "critical text question": (
        'kind = "likelihood"',
        'kind = "text"\ncritical = true',
        ["broken.toml", "section 2 'outcome'", "'likely_return'", "'critical'"],
    ),
    **{
        f"weight {value}": (GREETING, f"{GREETING}\nweight = {value}", [*IN_GREETING, "'weight'"])
        for value in ("nan", "inf", "-inf", "1001", "1e300", "0.0001", "-0.0")
    },
    "section weight nan": (
        'title = "Arrival"',
        'title = "Arrival"\nweight = nan',
        ["broken.toml", "section 1 'arrival'", "'weight'", "not nan"],
    ),
    "section weight huge": (
        'title = "Arrival"',
        'title = "Arrival"\nweight = 5000',
        ["broken.toml", "section 1 'arrival'", "'weight'", "outside 0.001 to 1000"],
    ),
    **{
        f"target {value}": ("target = 3", f"target = {value}", [*IN_WAIT, "'target'"])
        for value in ("nan", "inf", "-inf", "1e12", "-1")
    },
    **{
        f"worst {value}": ("worst = 15", f"worst = {value}", [*IN_WAIT, "'worst'"])
        for value in ("nan", "inf", "1e12", "1000000")
    },
    "target and worst equal": ("worst = 15", "worst = 3", [*IN_WAIT, "'worst'", "above"]),
    "version 0": ("version = 1", "version = 0", ["broken.toml", "'version'", "1 or more"]),
    "version negative": ("version = 1", "version = -4", ["broken.toml", "'version'"]),
    "version beyond SQLite's integers": (
        "version = 1",
        "version = 9223372036854775808",
        ["broken.toml", "'version'", "at most 9223372036854775807"],
    ),
    "nested deeper than a checklist needs": (
        'pillars = ["engaging_empathy"]',
        'pillars = [[[[[[["engaging_empathy"]]]]]]]',
        ["broken.toml", "nested deeper than a checklist needs"],
    ),
    "likelihood with 5 anchors": (
        'kind = "likelihood"',
        'kind = "likelihood"\nanchors = ["a", "b", "c", "d", "e"]',
        ["broken.toml", "'likely_return'", "'anchors'", "11 anchors"],
    ),
}


def test_the_valid_starting_point_loads(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text(VALID, encoding="utf-8")
    checklist = load_checklist_file(path)
    assert [q.id for q in checklist.questions] == ["greeting", "wait", "likely_return"]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN.values(), ids=BROKEN.keys())
def test_broken_file_names_the_place_of_the_problem(
    tmp_path: Path, old: str, new: str, expected: list[str]
):
    assert VALID.count(old) == 1, "the break must change exactly one place"
    path = tmp_path / "broken.toml"
    path.write_text(VALID.replace(old, new), encoding="utf-8")
    with pytest.raises(ChecklistError) as caught:
        load_checklist_file(path)
    message = str(caught.value)
    assert message.startswith("broken.toml")
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"


def test_unreadable_file_names_the_file(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_bytes(b'title = "\xff"\n')
    with pytest.raises(ChecklistError, match=r"^broken\.toml: cannot be read"):
        load_checklist_file(path)


def test_the_largest_version_sqlite_holds_is_accepted():
    data = checklist_to_dict(checklist_from_dict(tomllib.loads(VALID)))
    data["version"] = 2**63 - 1
    assert checklist_from_dict(data).version == 2**63 - 1


def test_weights_and_bounds_at_the_edges_of_their_ranges_are_accepted(tmp_path: Path):
    text = VALID.replace(GREETING, f"{GREETING}\nweight = 1000").replace(
        "target = 3", "target = 0").replace("worst = 15", "worst = 999999")
    text = text.replace('title = "Arrival"', 'title = "Arrival"\nweight = 0.001')
    path = tmp_path / "edges.toml"
    path.write_text(text, encoding="utf-8")
    checklist = load_checklist_file(path)
    wait = checklist.question("wait")
    assert (checklist.question("greeting").weight, wait.target, wait.worst) == (1000, 0, 999999)
    assert checklist.sections[0].weight == 0.001


def test_nesting_that_makes_the_toml_reader_recurse_too_deep_is_a_plain_error(tmp_path: Path):
    path = tmp_path / "deep.toml"
    path.write_text("a = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"^deep\.toml: .*nested deeper"):
        load_checklist_file(path)
    tables = tmp_path / "tables.toml"
    tables.write_text("a = " + "{b = " * 5_000 + "1" + "}" * 5_000 + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"^tables\.toml: .*nested deeper"):
        load_checklist_file(tables)


def test_deep_plain_data_is_refused_without_recursing():
    data: list = []
    inner = data
    for _ in range(100_000):  # far deeper than Python's recursion limit
        inner.append([])
        inner = inner[0]
    with pytest.raises(ChecklistError, match="nested deeper"):
        checklist_from_dict({"key": "x", "version": 1, "title": "X", "sections": data}, "x")


def test_a_huge_file_is_refused_before_parsing(tmp_path: Path):
    path = tmp_path / "huge.toml"
    path.write_text(VALID + "# " + "x" * 2_000_000 + "\n", encoding="utf-8")
    with pytest.raises(ChecklistError, match=r"^huge\.toml: too large"):
        load_checklist_file(path)


def test_a_missing_file_names_it():
    with pytest.raises(ChecklistError, match=r"^gone\.toml: cannot be read"):
        load_checklist_file(Path("/nonexistent/gone.toml"))


def test_checklist_errors_are_user_errors_on_one_line(tmp_path: Path):
    path = tmp_path / "broken.toml"
    path.write_text(VALID.replace('kind = "rating"', 'kind = "sta\\nrs"'), encoding="utf-8")
    with pytest.raises(UndercoverError) as caught:
        load_checklist_file(path)
    assert isinstance(caught.value, ChecklistError)
    assert "\n" not in str(caught.value) and "'sta rs'" in str(caught.value)


# --- a perfect visit scores 100, whatever valid numbers a checklist uses ------

_weights = st.floats(min_value=MIN_WEIGHT, max_value=MAX_WEIGHT)
_bounds = st.floats(min_value=MIN_NUMBER, max_value=MAX_NUMBER)
_KINDS = ["rating", "yes_no", "bipolar", "number", "likelihood", "text"]


@st.composite
def _question_data(draw: st.DrawFn, qid: str) -> dict:
    kind = draw(st.sampled_from(_KINDS))
    q: dict = {"id": qid, "text": "Q", "kind": kind, "weight": draw(_weights),
               "pillars": draw(st.sampled_from([[], [p.value for p in Pillar]]))}
    if kind == "text":
        q.pop("pillars")
    if kind in ("rating", "bipolar"):
        q["anchors"] = ["a", "b", "c", "d", "e"]
    if kind == "yes_no":
        q["good"] = draw(st.sampled_from(["yes", "no"]))
    if kind == "number":
        target, worst = draw(_bounds), draw(_bounds)
        assume(target != worst)
        q.update(target=target, worst=worst, better="lower" if target < worst else "higher")
    return q


@st.composite
def _checklists(draw: st.DrawFn) -> dict:
    sections = []
    n = 0
    for s in range(draw(st.integers(1, 4))):
        questions = []
        for _ in range(draw(st.integers(1, 4))):
            n += 1
            questions.append(draw(_question_data(f"q{n}")))
        sections.append({"id": f"s{s}", "title": "S", "weight": draw(_weights),
                         "questions": questions})
    return {"key": "prop", "version": draw(st.integers(1, 2**63 - 1)), "title": "P",
            "sections": sections}


def _perfect(question) -> Answer:
    best = {QuestionKind.RATING: 5.0, QuestionKind.BIPOLAR: 5.0,
            QuestionKind.LIKELIHOOD: 10.0}.get(question.kind)
    if question.kind is QuestionKind.YES_NO:
        best = 1.0 if question.good_answer else 0.0
    elif question.kind is QuestionKind.NUMBER:
        best = question.target
    elif question.kind is QuestionKind.TEXT:
        return Answer(question.id, None, "fine")
    return Answer(question.id, best)


@settings(max_examples=300, deadline=None)
@given(_checklists())
def test_a_perfect_visit_scores_100_on_any_valid_checklist(data: dict):
    checklist = checklist_from_dict(data)
    assert checklist_from_dict(checklist_to_dict(checklist)) == checklist
    answers = {q.id: _perfect(q) for q in checklist.questions}
    card = score_visit(checklist, answers)
    if any(in_service_score(q) for q in checklist.questions):
        assert card.overall == pytest.approx(100.0)
    else:
        assert card.overall is None
    for pillar in Pillar:
        assert card.pillars[pillar] in (None, pytest.approx(100.0))
    assert not card.flagged
