"""Labels the domain layer makes in English (channels, statuses, severities, pillars,
finding kinds), shown in the user's language.

The domain layer has no Qt, so it cannot mark its labels for translation. They are
listed here, where ``make translations`` finds them, in one context ("DomainLabel"),
so each is translated once wherever it appears; a test keeps this list complete.
"""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

CONTEXT = "DomainLabel"

MARKED = (
    # Channel
    QT_TRANSLATE_NOOP("DomainLabel", "In person"),
    QT_TRANSLATE_NOOP("DomainLabel", "Phone"),
    QT_TRANSLATE_NOOP("DomainLabel", "Web"),
    QT_TRANSLATE_NOOP("DomainLabel", "Chat"),
    # VisitStatus
    QT_TRANSLATE_NOOP("DomainLabel", "Draft"),
    QT_TRANSLATE_NOOP("DomainLabel", "Completed"),
    # Severity
    QT_TRANSLATE_NOOP("DomainLabel", "Low"),
    QT_TRANSLATE_NOOP("DomainLabel", "Medium"),
    QT_TRANSLATE_NOOP("DomainLabel", "High"),
    # Pillar
    QT_TRANSLATE_NOOP("DomainLabel", "Engaging empathy"),
    QT_TRANSLATE_NOOP("DomainLabel", "Serving spirit"),
    QT_TRANSLATE_NOOP("DomainLabel", "Palpable presence"),
    # FindingKind
    QT_TRANSLATE_NOOP("DomainLabel", "Leak"),
    QT_TRANSLATE_NOOP("DomainLabel", "Missed opportunity"),
)


def domain_label(member: Enum) -> str:
    """The member's ``label``, translated when a translation is loaded."""
    return QCoreApplication.translate(CONTEXT, member.label)  # type: ignore[attr-defined]
