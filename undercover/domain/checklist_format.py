"""Reading and writing checklists as plain data (TOML files, JSON in the database).

Validation names the exact place of a problem (file, section, question,
field), because checklist files are edited by hand. Numbers are held to ranges
that keep every score meaningful: a perfect visit always scores 100.
"""

from __future__ import annotations

import math
import re
import tomllib
from enum import StrEnum
from pathlib import Path
from typing import Any

from undercover.domain.checklist import (
    BEHAVIOURS,
    CHANNELS,
    Audience,
    Better,
    Checklist,
    FindingKind,
    Pillar,
    Question,
    QuestionKind,
    Section,
)
from undercover.errors import UndercoverError

_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KEY = re.compile(r"^[a-z][a-z0-9-]*$")

_QUESTION_FIELDS = {
    "id", "text", "kind", "help", "anchors", "weight", "na", "required", "critical",
    "pillars", "finding", "behaviours", "recommend", "unit", "target", "worst", "better", "good",
}
_QUESTION_FIELDS |= {"polite", "no_finding", "channels", "happened", "moment"}
_SECTION_FIELDS = {"id", "title", "intro", "weight", "questions"}
_SECTION_FIELDS |= {"moment"}
_CHECKLIST_FIELDS = {"key", "version", "title", "description", "audience", "sections"}

# A weight outside this range says nothing a smaller ratio could not, and tiny or
# huge floats lose the precision averages need.
MIN_WEIGHT, MAX_WEIGHT = 0.001, 1000.0
# Number answers are typed as 0 to 999999 (see the answer widgets): a target outside
# that range could never be reached, so no visit could score 100 on it.
MIN_NUMBER, MAX_NUMBER = 0.0, 999_999.0
MAX_VERSION = 2**63 - 1  # SQLite's largest integer
# checklist > sections > section > questions > question > anchors > text
MAX_DEPTH = 8
MAX_FILE_BYTES = 1_000_000


class ChecklistError(UndercoverError, ValueError):
    """A checklist file or record that cannot be used, with where the problem is.

    Always one line, however odd the text it quotes from the file.
    """

    def __init__(self, message: str) -> None:
        line = " ".join(message.split())
        super().__init__(line if len(line) <= 400 else line[:399] + "…")


class _Reader:
    """Reads fields of one table, raising errors that say where they are."""

    def __init__(self, data: Any, where: str, allowed: set[str]) -> None:
        if not isinstance(data, dict):
            raise ChecklistError(f"{where}: expected a table of fields")
        unknown = sorted(set(data) - allowed)
        if unknown:
            raise ChecklistError(f"{where}: unknown field '{unknown[0]}'")
        self.data = data
        self.where = where

    def fail(self, name: str, problem: str) -> ChecklistError:
        return ChecklistError(f"{self.where}, field '{name}': {problem}")

    def text(self, name: str, default: str | None = None) -> str:
        value = self.data.get(name, default)
        if value is None:
            raise self.fail(name, "is missing")
        if not isinstance(value, str):
            raise self.fail(name, "must be text")
        if default is None and not value.strip():
            raise self.fail(name, "must not be empty")
        return value

    def ident(self, name: str, pattern: re.Pattern[str] = _ID) -> str:
        value = self.text(name)
        if not pattern.match(value):
            joiner = "'-'" if pattern is _KEY else "'_'"
            raise self.fail(
                name,
                f"'{value}' must start with a letter, then lower-case letters, digits and {joiner}",
            )
        return value

    def number(self, name: str, low: float, high: float, default: float | None = None) -> float:
        """A finite number from ``low`` to ``high``; NaN and infinities are refused."""
        value = self.data.get(name, default)
        if value is None:
            raise self.fail(name, "is missing")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(name, "must be a number")
        if not math.isfinite(value):
            raise self.fail(name, f"must be a plain number, not {value}")
        if low > 0 and value <= 0:
            raise self.fail(name, "must be greater than 0")
        if not low <= value <= high:
            raise self.fail(name, f"{value:g} is outside {low:g} to {high:g}")
        return float(value)

    def weight(self) -> float:
        return self.number("weight", MIN_WEIGHT, MAX_WEIGHT, 1.0)

    def flag(self, name: str, default: bool) -> bool:
        value = self.data.get(name, default)
        if not isinstance(value, bool):
            raise self.fail(name, "must be true or false")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self.data.get(name, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise self.fail(name, "must be a list of non-empty texts")
        return tuple(value)

    def choice(
        self, name: str, enum: type[StrEnum], default: Any = None, required: bool = False
    ) -> Any:
        value = self.data.get(name, default)
        if value is None:
            if required:
                raise self.fail(name, "is missing")
            return None
        try:
            return enum(value)
        except ValueError:
            options = ", ".join(e.value for e in enum.__members__.values())
            raise self.fail(name, f"'{value}' is not one of {options}") from None


def _with_id(data: Any, where: str) -> str:
    """``where`` with the table's id added, when it has a usable one."""
    tid = data.get("id") if isinstance(data, dict) else None
    return f"{where} '{tid}'" if isinstance(tid, str) and _ID.match(tid) else where


def _question(data: Any, where: str) -> Question:
    r = _Reader(data, _with_id(data, where), _QUESTION_FIELDS)
    qid = r.ident("id")
    r.where = f"{where} '{qid}'"
    kind: QuestionKind = r.choice("kind", QuestionKind, required=True)
    pillars = r.texts("pillars")
    for p in pillars:
        if p not in {x.value for x in Pillar}:
            options = ", ".join(x.value for x in Pillar)
            raise r.fail("pillars", f"'{p}' is not one of {options}")
    behaviours = r.texts("behaviours")
    for b in behaviours:
        if b not in BEHAVIOURS:
            raise r.fail("behaviours", f"'{b}' is not one of {', '.join(BEHAVIOURS)}")
    anchors = r.texts("anchors")
    fields: dict[str, Any] = {}
    if kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
        if len(anchors) != 5:
            raise r.fail("anchors", f"a {kind.value} question needs 5 anchors, one per point")
    elif kind is QuestionKind.LIKELIHOOD:
        if anchors and len(anchors) != 11:
            raise r.fail("anchors", "a likelihood question has 11 anchors (0-10) or none")
    elif anchors:
        raise r.fail("anchors", f"a {kind.value} question has no anchors")
    if kind is QuestionKind.NUMBER:
        fields["unit"] = r.text("unit", "")
        fields["target"] = r.number("target", MIN_NUMBER, MAX_NUMBER)
        fields["worst"] = r.number("worst", MIN_NUMBER, MAX_NUMBER)
        better = r.choice("better", Better, required=True)
        fields["better"] = better
        if fields["worst"] == fields["target"] or (better is Better.LOWER) != (
            fields["worst"] > fields["target"]
        ):
            side = "above" if better is Better.LOWER else "below"
            raise r.fail("worst", f"must be {side} 'target' when better is {better.value}")
    else:
        for name in ("unit", "target", "worst", "better"):
            if name in r.data:
                raise r.fail(name, "only number questions have it")
    if kind is QuestionKind.YES_NO:
        good = r.text("good", "yes")
        if good not in ("yes", "no"):
            raise r.fail("good", f"'{good}' is not one of yes, no")
        fields["good_answer"] = good == "yes"
    elif "good" in r.data:
        raise r.fail("good", "only yes_no questions have it")
    scored = kind is not QuestionKind.TEXT
    finding = r.choice("finding", FindingKind)
    if finding and not scored:
        raise r.fail("finding", "a text question is not scored, so it cannot suggest findings")
    critical = r.flag("critical", False)
    if critical and not scored:
        raise r.fail("critical", "a text question is not scored, so it cannot be critical")
    channels = r.texts("channels")
    for c in channels:
        if c not in CHANNELS:
            raise r.fail("channels", f"'{c}' is not one of {', '.join(CHANNELS)}")
    return Question(
        id=qid,
        text=r.text("text"),
        kind=kind,
        help=r.text("help", ""),
        anchors=anchors,
        weight=r.weight(),
        allow_na=r.flag("na", True),
        required=r.flag("required", False),
        critical=critical,
        pillars=tuple(Pillar(p) for p in pillars),
        finding=finding,
        behaviours=behaviours,
        recommend=r.text("recommend", ""),
        polite=r.flag("polite", False),
        no_finding=r.text("no_finding", ""),
        happened=r.text("happened", ""),
        moment=r.text("moment", ""),
        channels=channels,
        **fields,
    )


def _section(data: Any, where: str, seen: set[str]) -> Section:
    r = _Reader(data, _with_id(data, where), _SECTION_FIELDS)
    sid = r.ident("id")
    r.where = f"{where} '{sid}'"
    raw = r.data.get("questions")
    if not isinstance(raw, list) or not raw:
        raise r.fail("questions", "a section needs at least one question")
    questions = []
    for i, q in enumerate(raw, start=1):
        question = _question(q, f"{r.where}, question {i}")
        if question.id in seen:
            raise ChecklistError(f"{r.where}, question '{question.id}': id is used twice")
        seen.add(question.id)
        questions.append(question)
    return Section(
        id=sid,
        title=r.text("title"),
        intro=r.text("intro", ""),
        moment=r.text("moment", ""),
        weight=r.weight(),
        questions=tuple(questions),
    )


def checklist_from_dict(data: Any, source: str = "checklist") -> Checklist:
    """Build a checklist from plain data, or raise ChecklistError naming the problem."""
    _check_depth(data, source)
    r = _Reader(data, source, _CHECKLIST_FIELDS)
    key = r.ident("key", _KEY)
    version = r.data.get("version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise r.fail("version", "must be a whole number, 1 or more")
    if version > MAX_VERSION:
        raise r.fail("version", f"must be at most {MAX_VERSION}")
    raw = r.data.get("sections")
    if not isinstance(raw, list) or not raw:
        raise r.fail("sections", "a checklist needs at least one section")
    seen_questions: set[str] = set()
    sections: list[Section] = []
    for i, s in enumerate(raw, start=1):
        section = _section(s, f"{source}: section {i}", seen_questions)
        if any(x.id == section.id for x in sections):
            raise ChecklistError(f"{source}: section '{section.id}': id is used twice")
        sections.append(section)
    return Checklist(
        key=key,
        version=version,
        title=r.text("title"),
        description=r.text("description", ""),
        audience=r.choice("audience", Audience, Audience.CUSTOMER.value),
        sections=tuple(sections),
    )


def _check_depth(data: Any, where: str) -> None:
    """Refuse lists and tables nested deeper than any checklist needs (without recursing)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if depth > MAX_DEPTH:
            raise ChecklistError(
                f"{where}: lists or tables are nested deeper than a checklist needs"
            )
        if isinstance(value, dict):
            pending.extend((child, depth + 1) for child in value.values())
        elif isinstance(value, list):
            pending.extend((child, depth + 1) for child in value)


def parse_checklist_text(text: str, source: str) -> Checklist:
    """A checklist from TOML text; any problem is a ChecklistError starting with ``source``."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ChecklistError(f"{source}: not valid TOML: {exc}") from None
    except RecursionError:  # tomllib recurses once per level of nesting
        raise ChecklistError(
            f"{source}: lists or tables are nested deeper than a checklist needs"
        ) from None
    return checklist_from_dict(data, source)


def load_checklist_file(path: Path) -> Checklist:
    """Read a TOML checklist file; any problem is a ChecklistError starting with the file name."""
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise ChecklistError(
                f"{path.name}: too large for a checklist (over {MAX_FILE_BYTES // 1000} kB)"
            )
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ChecklistError(f"{path.name}: cannot be read: {_reason(exc)}") from None
    return parse_checklist_text(text, path.name)


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    if isinstance(exc, UnicodeDecodeError):
        return f"not UTF-8 text (byte {exc.start + 1})"
    return str(exc)


def checklist_to_dict(checklist: Checklist) -> dict[str, Any]:
    """The inverse of checklist_from_dict: only fields that differ from the defaults."""
    sections = []
    for s in checklist.sections:
        questions = []
        for q in s.questions:
            d: dict[str, Any] = {"id": q.id, "text": q.text, "kind": q.kind.value}
            if q.help:
                d["help"] = q.help
            if q.anchors:
                d["anchors"] = list(q.anchors)
            if q.weight != 1.0:
                d["weight"] = q.weight
            if not q.allow_na:
                d["na"] = False
            if q.required:
                d["required"] = True
            if q.critical:
                d["critical"] = True
            if q.pillars:
                d["pillars"] = [p.value for p in q.pillars]
            if q.finding:
                d["finding"] = q.finding.value
            if q.behaviours:
                d["behaviours"] = list(q.behaviours)
            if q.recommend:
                d["recommend"] = q.recommend
            if q.polite:
                d["polite"] = True
            if q.no_finding:
                d["no_finding"] = q.no_finding
            if q.channels:
                d["channels"] = list(q.channels)
            if q.happened:
                d["happened"] = q.happened
            if q.moment:
                d["moment"] = q.moment
            if q.kind is QuestionKind.NUMBER and q.better is not None:
                d.update(target=q.target, worst=q.worst, better=q.better.value)
                if q.unit:
                    d["unit"] = q.unit
            if q.kind is QuestionKind.YES_NO and not q.good_answer:
                d["good"] = "no"
            questions.append(d)
        section: dict[str, Any] = {"id": s.id, "title": s.title, "questions": questions}
        if s.intro:
            section["intro"] = s.intro
        if s.moment:
            section["moment"] = s.moment
        if s.weight != 1.0:
            section["weight"] = s.weight
        sections.append(section)
    out: dict[str, Any] = {
        "key": checklist.key,
        "version": checklist.version,
        "title": checklist.title,
        "audience": checklist.audience.value,
        "sections": sections,
    }
    if checklist.description:
        out["description"] = checklist.description
    return out
