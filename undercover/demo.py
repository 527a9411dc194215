"""A demo business that tells one story, so a new user can explore lists, findings and reports.

Three branches of a coffee shop, each with its own character (one leaves
customers waiting unnoticed, one is polite but scripted, one is warm but
slow), improving a little month by month. Each visit grows from one story:
how good this member of staff was on this day. Answers, notes, the
customer's verdict, findings and photos all follow from it, so a rude visit
never ends with "I would happily come back". The owner's self-assessments
and a few colleague (internal-customer) visits are included.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageDraw, ImageFont

from undercover.demo_text import (
    BUSINESS,
    FELT,
    GENERAL_CAPTIONS,
    INCIDENTS,
    INTERNAL_FELT,
    INTERNAL_SCENARIOS,
    INTERNAL_THINK,
    MOMENTS,
    NOTES,
    PHOTO_SUBJECTS,
    REMOTE,
    SCENARIOS,
    THINK,
)
from undercover.domain.checklist import Audience, Checklist, Pillar, Question, QuestionKind
from undercover.domain.findings import suggested_findings
from undercover.domain.scoring import LOW_SCORE, overall_score, question_score
from undercover.domain.visit import (
    Answer,
    Assessment,
    Channel,
    Finding,
    FindingStatus,
    Location,
    Severity,
    Visit,
)
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.store.photo_intake import prepare_photo

INTERNAL_CHECKLIST = "internal-customer"
DEMO_SETTINGS = {
    keys.BUSINESS_NAME: BUSINESS,
    keys.CUSTOMER_LIFETIME_VALUE: 420,
    keys.CURRENCY: "£",
}


@dataclass(frozen=True)
class Branch:
    name: str
    address: str
    base: float  # how good a typical day is, 0..1
    pillars: dict[Pillar, float]  # this branch's lean, added per pillar
    authentic: float  # added to the scripted-versus-authentic items
    ease: float  # added to waits and hand-offs
    colours: tuple[tuple[int, int, int], tuple[int, int, int]]
    staff: tuple[tuple[str, float], ...] = ()  # who may serve, and how much better or worse


BRANCHES = (
    Branch("Harbour Street", "12 Harbour Street", 0.66,
           {Pillar.EMPATHY: 0.08, Pillar.SERVING: 0.04, Pillar.PRESENCE: -0.2}, 0.05, -0.05,
           ((196, 164, 132), (92, 64, 51)),
           (("Priya (name badge), at the till", 0.08),
            ("Tall barista with a green apron", -0.06),
            ("Tom (name badge), shift lead", 0.0))),
    Branch("Market Square", "3 Market Square", 0.64,
           {Pillar.EMPATHY: -0.08, Pillar.SERVING: 0.0, Pillar.PRESENCE: 0.06}, -0.3, 0.1,
           ((168, 196, 176), (46, 82, 68)),
           (("Young man with a headset, on the till", -0.05),
            ("Ana (name badge), barista", 0.07))),
    Branch("Station Road", "Unit 4, Station Road", 0.66,
           {Pillar.EMPATHY: 0.1, Pillar.SERVING: -0.12, Pillar.PRESENCE: 0.05}, 0.1, -0.3,
           ((180, 184, 214), (52, 58, 104)),
           (("Joe (name badge), manager", 0.06),
            ("Woman with short grey hair, at the counter", -0.02))),
)


@dataclass(frozen=True)
class Story:
    """One visit's underlying truth: who served, how good they were that day, and when."""

    branch: Branch
    day: float  # 0..1: how good this member of staff was on this day
    channel: Channel
    started: datetime
    minutes: int
    notes: bool = True  # observed visits carry notes; a self-assessment has none


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _question_quality(story: Story, q: Question, rng: random.Random) -> float:
    lean = [story.branch.pillars[p] for p in q.pillars]
    value = story.day + (sum(lean) / len(lean) if lean else 0.0)
    if q.kind is QuestionKind.BIPOLAR:
        value += story.branch.authentic
    if q.kind is QuestionKind.NUMBER:
        value += story.branch.ease
    return _clamp(value + rng.gauss(0, 0.07))


def _scored_answer(q: Question, quality: float, story: Story) -> Answer:
    if q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
        return Answer(q.id, value=float(1 + round(quality * 4)))
    if q.kind is QuestionKind.YES_NO:
        # Rudeness belongs to a bad day, not to one unlucky question.
        good = story.day >= 0.42 if q.critical and q.polite else quality >= 0.45
        return Answer(q.id, value=1.0 if good == q.good_answer else 0.0)
    assert q.kind is QuestionKind.NUMBER and q.target is not None and q.worst is not None
    value = q.target + (1 - quality) * (q.worst - q.target) * 1.05
    return Answer(q.id, value=float(max(0, round(value))))


def _said(text: str, answer: Answer | None) -> str:
    """A note or moment with the answer's figure in it ("Rang 7 times ...")."""
    value = answer.value if answer is not None and answer.value is not None else 0
    return text.format(value=f"{value:g}")


def _with_note(q: Question, answer: Answer, story: Story, rng: random.Random) -> Answer:
    """A note from the question's own pool, on the side its answer fell."""
    if not story.notes or (story.channel is not Channel.IN_PERSON and q.id not in REMOTE):
        return answer
    score = question_score(q, answer)
    bad, good = NOTES.get(q.id, ((), ()))
    if score is not None and score < LOW_SCORE and bad and rng.random() < 0.75:
        answer.note = _said(rng.choice(bad), answer)
    elif score == 100 and good and rng.random() < 0.3:
        answer.note = _said(rng.choice(good), answer)
    return answer


def _band(score: float | None) -> str:
    if score is None or score < 55:
        return "low"
    return "high" if score >= 78 else "mid"


def _verdict(
    checklist: Checklist, answers: dict[str, Answer], story: Story, rng: random.Random
) -> None:
    """The customer's own verdict, from how the visit actually went."""
    felt, think = (INTERNAL_FELT, INTERNAL_THINK) if checklist.audience is Audience.INTERNAL \
        else (FELT, THINK)
    service = overall_score(checklist, answers)
    rude = any(q.critical and question_score(q, answers.get(q.id)) == 0
               for q in checklist.questions)
    band = "low" if rude else _band(service)
    likely = (service or 50) / 10 + rng.uniform(-0.8, 0.8)
    if rude:
        likely = min(likely, 3)
    remote = story.channel is not Channel.IN_PERSON
    scored = [(score, q.id) for q in checklist.questions
              if q.id in MOMENTS and (not remote or q.id in REMOTE)
              and (score := question_score(q, answers.get(q.id))) is not None]
    moment = ""
    if scored:
        worst, best = min(scored), max(scored)
        low_side = band == "low" or worst[0] < LOW_SCORE
        pick = worst if low_side else best
        moment = _said(MOMENTS[pick[1]][0 if low_side else 1], answers.get(pick[1]))
    for q in checklist.questions:
        if q.kind is QuestionKind.LIKELIHOOD:
            answers[q.id] = Answer(q.id, value=float(min(10, max(0, round(likely)))))
        elif q.kind is QuestionKind.TEXT:
            if "moment" in q.id:
                if not moment:
                    continue  # nothing stood out: the evaluator leaves it blank
                text = moment
            elif "think" in q.id:
                text = rng.choice(think[band])
            else:
                text = rng.choice(felt[band])
            answers[q.id] = Answer(q.id, text=text)


def story_answers(
    checklist: Checklist, story: Story, rng: random.Random, upto: int | None = None
) -> dict[str, Answer]:
    """Answers that all follow from the story; a draft stops after ``upto`` sections."""
    answers: dict[str, Answer] = {}
    sections = checklist.sections if upto is None else checklist.sections[:upto]
    for section in sections:
        for q in section.questions:
            if q.kind in (QuestionKind.TEXT, QuestionKind.LIKELIHOOD):
                continue
            answer = _scored_answer(q, _question_quality(story, q, rng), story)
            answers[q.id] = _with_note(q, answer, story, rng)
    waited = answers.get("acknowledged_minutes")
    if waited is not None and waited.value is not None and waited.value <= 1 \
            and "busy_signal" in answers:
        answers["busy_signal"] = Answer("busy_signal", na=True)  # someone was free at once
    if upto is None or upto >= len(checklist.sections):
        _verdict(checklist, answers, story, rng)
    return answers


def story_findings(
    checklist: Checklist, answers: dict[str, Answer], rng: random.Random, finished: bool
) -> list[Finding]:
    """The evaluator's response to the suggestions: most confirmed, a few dismissed."""
    findings = []
    for suggestion in suggested_findings(checklist, answers):
        roll = rng.random()
        if roll < 0.85 if finished else roll < 0.5:
            findings.append(suggestion)
        elif finished:
            suggestion.status = FindingStatus.DISMISSED
            findings.append(suggestion)
    return findings


def _add_photos(
    store: Store, visit: Visit, checklist: Checklist, story: Story, rng: random.Random,
    number: int,
) -> int:
    """Photos taken during the visit, each of what it shows; returns the next file number."""
    low = [qid for qid in PHOTO_SUBJECTS if checklist.has_question(qid)
           and (score := question_score(checklist.question(qid), visit.answers.get(qid)))
           is not None and score < LOW_SCORE]
    incidents = [f for f in visit.findings if f.question_id is None]
    subjects: list[tuple[str | None, str, Finding | None]] = []
    for finding in incidents:
        caption = next(i[4] for i in INCIDENTS if i[1] == finding.summary)
        subjects.append((None, caption, finding))
    for qid in low:
        finding = next((f for f in visit.findings if f.question_id == qid
                        and f.status is FindingStatus.CONFIRMED), None)
        subjects.append((qid, PHOTO_SUBJECTS[qid], finding))
    count = max(2, min(6, len(subjects) + rng.randint(1, 2)))
    general = rng.sample(GENERAL_CAPTIONS, len(GENERAL_CAPTIONS))
    while len(subjects) < count:
        subjects.append((None, general.pop(), None))
    for n, (question_id, caption, finding) in enumerate(subjects[:count], start=1):
        taken = story.started + timedelta(minutes=story.minutes * n / (count + 1))
        label = f"{story.branch.name} · {taken:%d %b %Y %H:%M} · {caption}"
        jpeg = demo_photo(label, story.branch.colours, rng, taken)
        prepared = prepare_photo(jpeg, file_name=f"IMG_{number:04d}.JPG")
        number += 1
        added = store.photos.add(visit.id, prepared, question_id, caption)
        if finding is not None and finding.status is FindingStatus.CONFIRMED:
            finding.photo_ids.append(added.photo.id)
            store.visits.save_finding(visit.id, finding)
    return number


def demo_photo(label: str, colours: tuple, rng: random.Random, taken: datetime) -> bytes:
    """A made-up shop scene as a camera JPEG, with capture time and GPS for intake to strip."""
    width, height = 1280, 960
    top, bottom = colours
    shift = [rng.randint(-30, 30) for _ in range(3)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(0, height, 4):
        t = y / height
        colour = tuple(
            max(0, min(255, int(a + (b - a) * t) + s))
            for a, b, s in zip(top, bottom, shift, strict=True)
        )
        draw.rectangle([0, y, width, y + 4], fill=colour)
    for _ in range(rng.randint(3, 6)):  # shelves with goods
        y = rng.randint(60, 420)
        draw.rectangle([rng.randint(0, 200), y, rng.randint(700, width), y + 14], fill=(70, 50, 40))
        x = rng.randint(0, 120)
        while x < width - 60:
            w = rng.randint(30, 70)
            draw.rectangle([x, y - rng.randint(30, 80), x + w, y],
                           fill=tuple(rng.randint(40, 230) for _ in range(3)))
            x += w + rng.randint(4, 30)
    draw.rectangle([0, 600, width, 760], fill=(120, 86, 60))  # counter
    for _ in range(rng.randint(1, 4)):  # people
        x = rng.randint(80, width - 160)
        skin = rng.choice([(241, 194, 160), (198, 134, 66), (141, 85, 36), (224, 172, 105)])
        draw.ellipse([x + 30, 380, x + 110, 470], fill=skin)
        draw.rounded_rectangle([x, 470, x + 140, 700], radius=30,
                               fill=tuple(rng.randint(20, 200) for _ in range(3)))
    draw.rectangle([0, height - 70, width, height], fill=(20, 20, 20))
    font = ImageFont.load_default(size=32)
    draw.text((24, height - 56), label, fill=(240, 240, 240), font=font)
    exif = Image.Exif()
    exif[0x010F] = "DemoCam"  # camera make
    exif[0x0110] = "Model 7"
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.0), 3: "W", 4: (0.0, 7.0, 39.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88, exif=exif)
    return out.getvalue()



def _heard_or_seen(staff: str, channel: Channel) -> str:
    """Who served, as the evaluator could know it: a call gives a name, never a look."""
    if channel is Channel.IN_PERSON or not staff:
        return staff
    if channel is Channel.PHONE and "(name badge)" in staff:
        return staff.split(" (")[0] + " (gave their name on the phone)"
    return ""


def _when(start: datetime, share: float, now: datetime, rng: random.Random) -> datetime:
    day = start + timedelta(days=180 * share + rng.uniform(-2, 2))
    started = day.replace(hour=rng.randint(8, 16), minute=rng.choice([0, 10, 20, 35, 45]))
    return min(started, now - timedelta(hours=2))


def create_demo(
    store: Store,
    visits: int = 12,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> int:
    """Fill ``store`` with the demo business and ``visits`` visits over the last six months.

    From 12 visits on, three are the owner's self-assessments (one per branch) and
    about one in ten are colleague visits on the internal-customer checklist.

    A database that already holds visits is refused unless ``force``: demo visits
    mixed into real ones would skew every summary. Settings the user has filled
    in are never changed; only empty ones get the demo's values.
    """
    existing = store.visits.count()
    if existing and not force:
        raise UndercoverError(
            f"{store.path} already holds {existing} visit{'s' * (existing != 1)}; the demo "
            "would mix made-up visits with them. Give a new file with --db, or add --force."
        )
    rng = random.Random(seed)
    customer = store.checklists.get(DEFAULT_CHECKLIST)
    internal = store.checklists.get(INTERNAL_CHECKLIST)
    for key, value in DEMO_SETTINGS.items():
        if store.settings.get(key) in (None, ""):
            store.settings.set(key, value)
    locations = [store.locations.find(b.name) or store.locations.add(Location(b.name, b.address))
                 for b in BRANCHES]
    now = datetime.now().astimezone().replace(microsecond=0)
    start = now - timedelta(days=182)
    selfs = len(BRANCHES) if visits >= 12 else 0
    colleagues = max(2, round(visits * 0.1)) if visits >= 12 else 0
    customers = visits - selfs - colleagues
    drafts = max(1, round(customers * 0.12)) if customers >= 3 else 0
    plan = [((i + 0.5) / customers, "customer", i) for i in range(customers)]
    plan += [((i + 0.6) / colleagues, "internal", i) for i in range(colleagues)]
    plan += [(0.4 + 0.03 * i, "self", i) for i in range(selfs)]
    number = 1
    for done, (share, kind, i) in enumerate(sorted(plan), start=1):
        where = i % len(BRANCHES)
        branch, location = BRANCHES[where], locations[where]
        started = _when(start, share, now, rng)
        draft = kind == "customer" and i >= customers - drafts
        if kind == "self":  # the owner's belief: every pillar good, no lean, no waits
            branch = Branch(branch.name, branch.address, 0.9, dict.fromkeys(Pillar, 0.0),
                            0.0, 0.1, branch.colours)
            channel, checklist = Channel.IN_PERSON, customer
            scenario, evaluator = "How I believe a typical visit goes", "Owner"
        elif kind == "internal":
            channel, checklist = Channel.IN_PERSON, internal
            scenario, evaluator = INTERNAL_SCENARIOS[i % len(INTERNAL_SCENARIOS)], "TEAM-03"
        else:
            channel = rng.choices(list(SCENARIOS), weights=[15, 3, 1])[0]
            checklist = customer.for_channel(channel)
            scenario = rng.choice(SCENARIOS[channel])
            evaluator = rng.choice(["MS-014", "MS-022", "MS-031"])
        served_by, skill = rng.choice(branch.staff) if kind == "customer" else ("", 0.0)
        if kind == "self":
            day = _clamp(branch.base + rng.gauss(0, 0.03))
        else:  # this member of staff, on this day, a little better each month
            day = _clamp(branch.base + skill + 0.14 * share + rng.gauss(0, 0.12))
        minutes = rng.randint(8, 30) if channel is Channel.IN_PERSON else rng.randint(4, 14)
        story = Story(branch, day, channel, started, minutes, notes=kind != "self")
        upto = rng.randint(2, len(checklist.sections) - 2) if draft else None
        answers = story_answers(checklist, story, rng, upto)
        findings = [] if kind == "self" else story_findings(checklist, answers, rng, not draft)
        if kind == "customer" and channel is Channel.IN_PERSON and not draft \
                and rng.random() < 0.2:
            found, summary, moment, advice, _ = rng.choice(INCIDENTS)
            findings.append(Finding(found, summary, where=moment, recommendation=advice,
                                    severity=Severity.MEDIUM))
        visit = Visit(
            location_id=location.id,
            checklist_key=checklist.key,
            checklist_version=checklist.version,
            channel=channel,
            scenario=scenario,
            evaluator_code=evaluator,
            assessment=Assessment.SELF if kind == "self" else Assessment.OBSERVED,
            served_by=_heard_or_seen(served_by, channel),
            planned_start=started.isoformat(),
            started_at=started.isoformat(),
            current_section=(upto or 1) - 1,
            answers=answers,
            findings=findings,
            created_at=started.isoformat(),
            updated_at=started.isoformat(),
        )
        store.visits.create(visit)
        if kind == "customer" and channel is Channel.IN_PERSON:
            number = _add_photos(store, visit, checklist, story, rng, number)
        if not draft:
            ended = started + timedelta(minutes=minutes)
            store.visits.complete(visit.id, ended_at=ended.isoformat())
        if progress:
            progress(done, visits)
    return visits
