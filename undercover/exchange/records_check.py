"""The shape of every record in a bundle, checked before anything is written.

A bundle comes from another machine, maybe damaged, maybe made to do harm, so
each value is checked for its type, each id for being a UUID and each time for
being a stored UTC time. The first problem found is raised as a BundleError.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from undercover.domain.checklist import Audience, FindingKind
from undercover.domain.times import is_utc
from undercover.domain.visit import Assessment, Channel, FindingStatus, Severity, VisitStatus
from undercover.errors import UndercoverError

_HEX64 = re.compile(r"[0-9a-f]{64}")


class BundleError(UndercoverError):
    """A bundle that cannot be imported: damaged, hostile, or from a newer version."""


Check = Callable[[Any], bool]


def _uuid(value: Any) -> bool:
    if not isinstance(value, str) or len(value) != 36:
        return False
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def _enum(kind: type) -> Check:
    values = {member.value for member in kind}  # type: ignore[attr-defined]
    return lambda v: isinstance(v, str) and v in values


def _optional(check: Check) -> Check:
    return lambda v: v is None or check(v)


def _str(v: Any) -> bool:
    return isinstance(v, str)


def _int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _natural(v: Any) -> bool:
    return _int(v) and 0 <= v < 2**31


def _number(v: Any) -> bool:
    return _int(v) or (isinstance(v, float) and v == v and abs(v) < 1e12)


def _bool(v: Any) -> bool:
    return isinstance(v, bool)


def _hex64(v: Any) -> bool:
    return isinstance(v, str) and bool(_HEX64.fullmatch(v))


def _list(v: Any) -> bool:
    return isinstance(v, list)


def _versions(v: Any) -> bool:
    return isinstance(v, dict) and bool(v) and all(
        _uuid(k) and _natural(n) and n > 0 for k, n in v.items()
    )


def _uuids(v: Any) -> bool:
    return isinstance(v, list) and all(_uuid(i) for i in v)


_time, _maybe_time, _maybe_str = is_utc, _optional(is_utc), _optional(_str)

FIELDS: dict[str, dict[str, Check]] = {
    "visit": {
        "id": _uuid, "location_id": _uuid, "checklist_key": _str,
        "checklist_version": _natural, "checklist_sha256": _hex64,
        "assessment": _enum(Assessment), "channel": _enum(Channel), "scenario": _str,
        "evaluator_id": _optional(_uuid), "evaluator_code": _str,
        "planned_start": _maybe_time, "planned_end": _maybe_time, "started_at": _maybe_time,
        "ended_at": _maybe_time, "status": _enum(VisitStatus),
        "created_at": _time, "updated_at": _time, "edited_at": _maybe_time,
        "versions": _versions, "answers": _list, "findings": _list, "photos": _list,
    },
    "answer": {
        "question_id": _str, "value": _optional(_number), "text": _str, "na": _bool,
        "note": _str, "updated_at": _time,
    },
    "finding": {
        "id": _uuid, "position": _natural, "kind": _enum(FindingKind),
        "status": _enum(FindingStatus), "question_id": _maybe_str, "summary": _str,
        "where": _str, "severity": _enum(Severity), "evidence": _str,
        "recommendation": _str, "created_at": _time, "updated_at": _time,
        "photo_ids": _uuids,
    },
    "photo": {
        "id": _uuid, "question_id": _maybe_str, "position": _natural, "file_name": _str,
        "caption": _str, "taken_at": _maybe_str, "sha256": _hex64,
        "width": lambda v: _natural(v) and v > 0, "height": lambda v: _natural(v) and v > 0,
        "created_at": _time, "updated_at": _time,
    },
    "location": {
        "id": _uuid, "name": lambda v: isinstance(v, str) and bool(v.strip()),
        "address": _str, "notes": _str, "created_at": _time, "updated_at": _time,
    },
    "evaluator": {
        "id": _uuid, "code": _str, "name": _str, "machine_id": _uuid, "updated_at": _time,
    },
    "checklist": {
        "key": _str, "version": _natural, "title": _str, "audience": _enum(Audience),
        "definition": _str, "sha256": _hex64, "created_at": _time,
    },
    "tombstone": {
        "kind": lambda v: v in ("visit", "finding", "photo", "location"), "id": _uuid,
        "visit_id": _optional(_uuid), "deleted_at": _time,
    },
}


def check_record(kind: str, record: Any, where: str) -> None:
    """Raise BundleError unless ``record`` has exactly the fields of ``kind``, well typed."""
    fields = FIELDS[kind]
    if not isinstance(record, dict):
        raise BundleError(f"The bundle is damaged: {where} is not a {kind} record.")
    missing = sorted(set(fields) - set(record))
    extra = sorted(set(record) - set(fields))
    if missing or extra:
        what = f"lacks {', '.join(missing)}" if missing else f"has unknown {', '.join(extra)}"
        raise BundleError(f"The bundle is damaged: a {kind} in {where} {what}.")
    for name, check in fields.items():
        if not check(record[name]):
            value = repr(record[name])
            value = value if len(value) <= 40 else value[:37] + "..."
            raise BundleError(
                f"The bundle is damaged: a {kind} in {where} has a wrong {name} ({value})."
            )


def check_visit(record: Any, where: str) -> None:
    """A visit record with its answers, findings and photos, consistent with itself."""
    check_record("visit", record, where)
    here = f"{where}, visit {record['id']}"
    questions = set()
    for answer in record["answers"]:
        check_record("answer", answer, here)
        if answer["question_id"] in questions:
            raise BundleError(f"The bundle is damaged: {here} answers a question twice.")
        questions.add(answer["question_id"])
    photos, originals = set(), set()
    for photo in record["photos"]:
        check_record("photo", photo, here)
        if photo["id"] in photos or photo["sha256"] in originals:
            raise BundleError(f"The bundle is damaged: {here} has the same photo twice.")
        photos.add(photo["id"])
        originals.add(photo["sha256"])
    findings = set()
    for finding in record["findings"]:
        check_record("finding", finding, here)
        if finding["id"] in findings:
            raise BundleError(f"The bundle is damaged: {here} has the same finding twice.")
        findings.add(finding["id"])
        if not set(finding["photo_ids"]) <= photos:
            raise BundleError(
                f"The bundle is damaged: a finding of {here} refers to a photo it does not have."
            )
