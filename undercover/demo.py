"""A realistic demo business, so a new user can explore lists, findings and reports at once.

Three branches of a coffee shop, each with its own character (one rushes
customers, one is polite but scripted, one is warm but slow), improving a
little month by month. Photos are drawn with Pillow and go through the same
intake as a user's photos.
"""

from __future__ import annotations

import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from PIL import Image, ImageDraw, ImageFont

from undercover.domain.checklist import Checklist, Pillar, Question, QuestionKind
from undercover.domain.findings import suggested_findings
from undercover.domain.scoring import LOW_SCORE, question_score
from undercover.domain.visit import (
    Answer,
    Channel,
    Finding,
    FindingKind,
    FindingStatus,
    Location,
    Severity,
    Visit,
    VisitStatus,
)
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.store.checklists import DEFAULT_CHECKLIST
from undercover.store.photo_intake import prepare_photo

BUSINESS = "Copperleaf Coffee & Bakery"
DEMO_SETTINGS = {
    keys.BUSINESS_NAME: BUSINESS,
    keys.CUSTOMER_LIFETIME_VALUE: 420,
    keys.CURRENCY: "£",
}


@dataclass(frozen=True)
class Branch:
    name: str
    address: str
    quality: dict[str, float]  # 0..1 per pillar, plus "authentic" and "ease"
    colours: tuple[tuple[int, int, int], tuple[int, int, int]]


BRANCHES = (
    Branch(
        "Harbour Street", "12 Harbour Street",
        {Pillar.EMPATHY: 0.78, Pillar.SERVING: 0.72, Pillar.PRESENCE: 0.45,
         "authentic": 0.7, "ease": 0.55},
        ((196, 164, 132), (92, 64, 51)),
    ),
    Branch(
        "Market Square", "3 Market Square",
        {Pillar.EMPATHY: 0.55, Pillar.SERVING: 0.6, Pillar.PRESENCE: 0.7,
         "authentic": 0.3, "ease": 0.75},
        ((168, 196, 176), (46, 82, 68)),
    ),
    Branch(
        "Station Road", "Unit 4, Station Road",
        {Pillar.EMPATHY: 0.82, Pillar.SERVING: 0.5, Pillar.PRESENCE: 0.75,
         "authentic": 0.8, "ease": 0.3},
        ((180, 184, 214), (52, 58, 104)),
    ),
)

SCENARIOS = {
    Channel.IN_PERSON: [
        "Bought a flat white and asked which pastry goes well with it",
        "Asked for a birthday cake for a child with a nut allergy",
        "Ordered lunch for two and asked for the gluten-free options",
        "Returned a stale croissant bought that morning",
        "Asked whether the café could host a small book club on Thursdays",
        "Bought a bag of beans and asked how to brew them at home",
        "Came in five minutes before closing for a takeaway tea & cake",
    ],
    Channel.PHONE: [
        "Phoned to order catering for a 20-person office meeting",
        "Phoned to ask whether a lost umbrella had been handed in",
    ],
    Channel.WEB: ["Tried to book the upstairs room through the website"],
    Channel.CHAT: ["Asked on the website chat about vegan options for a party"],
}

LOW_NOTES = {
    Pillar.EMPATHY: [
        "Barista said \"that's just how it is\" when I explained the allergy.",
        "No questions about what the cake was for; pointed at the fridge & moved on.",
        "Talked over me twice while I was explaining.",
        "Explained the oat-milk surcharge as <company policy> and nothing more.",
    ],
    Pillar.SERVING: [
        "Did exactly what I asked and nothing more; no suggestion at all.",
        "Promised to check on the catering menu and call back; no call came.",
        "I had to ask twice for a receipt.",
        "Said the room can only be booked by phone, but the phone was not answered.",
    ],
    Pillar.PRESENCE: [
        "Checked a phone twice while taking my order.",
        "Kept chatting to a colleague about the rota while serving me.",
        "Looked past me at the queue the whole time.",
        "Served me with their back half-turned to the coffee machine.",
    ],
}
HIGH_NOTES = {
    Pillar.EMPATHY: [
        "Asked who the cake was for and remembered the allergy unprompted.",
        "Noticed I was in a hurry and offered to bring the order to the table.",
    ],
    Pillar.SERVING: [
        "Offered a sample of the new roast without being asked.",
        "Wrote down the brewing ratio for me on a card.",
    ],
    Pillar.PRESENCE: [
        "Put everything down and looked straight at me when I came in.",
        "Even with a queue, I never felt rushed.",
    ],
}
WAIT_NOTES = [
    "Queue of six, one till open.",
    "Two staff restocking shelves while the queue grew.",
    "Waited while the barista finished a long conversation with a regular.",
]
FELT = [
    "Looked after. I would happily come back.",
    "Fine, but forgettable: nothing went wrong and nothing stood out.",
    "Rushed, as if I was in the way.",
    "Pleasantly surprised by how much they cared about getting it right.",
    "A bit frustrated: it took too long for something simple.",
]
MOMENTS = [
    "The barista remembering my name from the order and using it at the end.",
    "Being told \"we don't do that\" without any alternative.",
    "A free taste of the new blend while I waited.",
    "Standing at the counter for three minutes while two staff talked about the rota.",
    "The manager stepping in to sort out the catering order personally.",
]
THINK = [
    "A good local café that could be great with a little more attention.",
    "Good coffee, variable service.",
    "They care about the product more than about the people buying it.",
    "The kind of place I'd take a friend to.",
]
OWN_FINDINGS = [
    (FindingKind.LEAK, "Toilet closed with a handwritten sign and no alternative offered",
     "Customer toilets", "Keep the toilet open, or point customers to the nearest one."),
    (FindingKind.LEAK, "Card machine down; told to find a cash machine down the road",
     "Paying", "Keep a spare card reader charged, or offer to hold the order."),
    (FindingKind.MISSED, "No mention of the loyalty card when I paid",
     "Paying", "Mention the loyalty card to every customer who pays, once."),
    (FindingKind.MISSED, "Seasonal cakes on display but nobody suggested one",
     "At the counter", "Suggest the seasonal special with every coffee order."),
]
CAPTIONS = [
    "Queue at the counter", "Counter and till", "Cake display", "Seating area",
    "Menu board", "Entrance", "Handwritten sign on the door", "Table service station",
]


def _quality(branch: Branch, q: Question, progress: float, rng: random.Random) -> float:
    if q.kind is QuestionKind.BIPOLAR:
        base = branch.quality["authentic"]
    elif q.kind is QuestionKind.NUMBER:
        base = branch.quality["ease"]
    elif q.pillars:
        base = sum(branch.quality[p] for p in q.pillars) / len(q.pillars)
    else:
        base = sum(branch.quality[p] for p in Pillar) / 3
    # Continuous improvement: each branch gets a little better over the months.
    return min(1.0, max(0.0, base + 0.15 * progress + rng.gauss(0, 0.18)))


def _answer(q: Question, quality: float, rng: random.Random, mood: float) -> Answer:
    if q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
        return Answer(q.id, value=float(1 + round(quality * 4)))
    if q.kind is QuestionKind.YES_NO:
        good = rng.random() < quality + 0.1
        return Answer(q.id, value=1.0 if good == q.good_answer else 0.0)
    if q.kind is QuestionKind.LIKELIHOOD:
        return Answer(q.id, value=float(min(10, max(0, round(mood * 10 + rng.gauss(0, 1))))))
    if q.kind is QuestionKind.NUMBER:
        assert q.target is not None and q.worst is not None
        span = q.worst - q.target
        value = q.target + (1 - quality) * span * 1.1 + rng.gauss(0, abs(span) * 0.05)
        return Answer(q.id, value=float(max(0, round(value))))
    pools = {"felt": FELT, "moment": MOMENTS, "think": THINK}
    pool = next((p for k, p in pools.items() if k in q.id), THINK)
    ranked = pool if mood > 0.6 else list(reversed(pool))
    return Answer(q.id, text=ranked[min(len(ranked) - 1, int(rng.random() * 3))])


def _with_note(q: Question, answer: Answer, rng: random.Random) -> Answer:
    """Sometimes a note, in the same direction as the answer it explains."""
    score = question_score(q, answer)
    if score is None or rng.random() > 0.3:
        return answer
    if q.kind is QuestionKind.NUMBER:
        if score < LOW_SCORE:
            answer.note = rng.choice(WAIT_NOTES)
    elif q.pillars:
        pool = (LOW_NOTES if score < LOW_SCORE else HIGH_NOTES)[rng.choice(q.pillars)]
        answer.note = rng.choice(pool)
    return answer


def _answers(
    checklist: Checklist, branch: Branch, progress: float, rng: random.Random, upto: int
) -> dict[str, Answer]:
    mood = min(1.0, max(0.0, sum(branch.quality[p] for p in Pillar) / 3
                        + 0.15 * progress + rng.gauss(0, 0.12)))
    answers = {}
    for section in checklist.sections[:upto]:
        for q in section.questions:
            if q.allow_na and not q.required and rng.random() < 0.04:
                answers[q.id] = Answer(q.id, na=True)
                continue
            quality = _quality(branch, q, progress, rng)
            answers[q.id] = _with_note(q, _answer(q, quality, rng, mood), rng)
    return answers


def _findings(
    checklist: Checklist, answers: dict[str, Answer], rng: random.Random, finished: bool
) -> list[Finding]:
    findings = []
    for suggestion in suggested_findings(checklist, answers):
        roll = rng.random()
        if roll < 0.7:
            findings.append(suggestion)
        elif roll < 0.85 or finished:
            suggestion.status = FindingStatus.DISMISSED
            findings.append(suggestion)
    for kind, summary, where, recommendation in rng.sample(OWN_FINDINGS, rng.randint(0, 2)):
        findings.append(
            Finding(kind=kind, summary=summary, where=where, recommendation=recommendation,
                    severity=rng.choice([Severity.LOW, Severity.MEDIUM, Severity.HIGH]))
        )
    return findings


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


def create_demo(
    store: Store,
    visits: int = 12,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    force: bool = False,
) -> int:
    """Fill ``store`` with the demo business and ``visits`` visits over the last six months.

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
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    for key, value in DEMO_SETTINGS.items():
        if store.settings.get(key) in (None, ""):
            store.settings.set(key, value)
    locations = []
    for branch in BRANCHES:
        found = store.locations.find(branch.name)
        locations.append(found or store.locations.add(Location(branch.name, branch.address)))
    now = datetime.now().astimezone().replace(microsecond=0)
    start = now - timedelta(days=182)
    drafts = max(1, round(visits * 0.15)) if visits >= 3 else 0
    photo_number = 1
    for i in range(visits):
        branch_index = i % len(BRANCHES)
        branch, location = BRANCHES[branch_index], locations[branch_index]
        share = (i + 0.5) / visits
        day = start + timedelta(days=180 * share + rng.uniform(-2, 2))
        started = day.replace(hour=rng.randint(8, 17), minute=rng.choice([0, 10, 20, 35, 45]))
        started = min(started, now - timedelta(hours=1))
        is_draft = i >= visits - drafts
        channel = rng.choices(list(SCENARIOS), weights=[14, 3, 1, 1])[0]
        upto = rng.randint(2, len(checklist.sections) - 1) if is_draft else len(checklist.sections)
        answers = _answers(checklist, branch, share, rng, upto)
        visit = Visit(
            location_id=location.id,
            checklist_key=checklist.key,
            checklist_version=checklist.version,
            channel=channel,
            scenario=rng.choice(SCENARIOS[channel]),
            evaluator_code=rng.choice(["MS-014", "MS-022", "MS-031"]),
            planned_start=started.isoformat(),
            started_at=started.isoformat(),
            status=VisitStatus.DRAFT,
            current_section=upto - 1 if is_draft else 0,
            answers=answers,
            findings=_findings(checklist, answers, rng, finished=not is_draft),
            created_at=started.isoformat(),
            updated_at=started.isoformat(),
        )
        store.visits.create(visit)
        question_ids = [q for q, a in answers.items() if a.value is not None]
        count = rng.randint(2, 6)
        for n in range(1, count + 1):
            taken = started + timedelta(minutes=2 * n)
            label = f"{branch.name} · {taken:%d %b %Y %H:%M} · photo {n} of {count}"
            jpeg = demo_photo(label, branch.colours, rng, taken)
            prepared = prepare_photo(jpeg, file_name=f"IMG_{photo_number:04d}.JPG")
            photo_number += 1
            question = rng.choice(question_ids) if question_ids and rng.random() < 0.6 else None
            added = store.photos.add(visit.id, prepared, question, rng.choice(CAPTIONS))
            evidence = [f for f in visit.findings if f.status is FindingStatus.CONFIRMED]
            if evidence and rng.random() < 0.5:
                finding = rng.choice(evidence)
                finding.photo_ids.append(added.photo.id)
                store.visits.save_finding(visit.id, finding)
        if not is_draft:
            ended = started + timedelta(minutes=rng.randint(8, 35))
            store.visits.complete(visit.id, ended_at=ended.isoformat())
        if progress:
            progress(i + 1, visits)
    return visits
