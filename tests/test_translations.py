"""Qt's own strings follow the system language, and the app's strings are ready to translate."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.visit import Channel, Severity, VisitStatus
from undercover.ui.labels import MARKED

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = REPO / "resources" / "translations" / "undercover.ts"
BIN = Path(sys.executable).parent

PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QDialogButtonBox
from undercover.ui.app import load_translations, make_application

app = make_application()  # the system's language here is C: nothing was loaded
folder = Path(sys.argv[2]) if len(sys.argv) > 2 else None
app.setProperty("undercover_translations_loaded", False)
print(",".join(load_translations(app, QLocale(sys.argv[1]), folder)))
box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
print(box.button(QDialogButtonBox.StandardButton.Cancel).text())
print(QCoreApplication.translate("MainWindow", "&New visit…"))
from undercover.domain.visit import Channel
from undercover.ui.labels import domain_label
print(domain_label(Channel.IN_PERSON))
"""


def probe(language: str, *folder: str) -> list[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, language, *folder], capture_output=True, text=True,
        env=env, timeout=60, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_qt_standard_buttons_follow_the_language():
    assert probe("de_DE") == ["qtbase", "Abbrechen", "&New visit…", "In person"]
    assert probe("fr_FR") == ["qtbase", "Annuler", "&New visit…", "In person"]
    assert probe("en_GB") == ["qtbase", "Cancel", "&New visit…", "In person"]


def test_a_translation_of_the_app_is_loaded_from_its_folder(tmp_path):
    # What the README tells a translator to do: copy the template, translate, compile.
    german = {("MainWindow", "&New visit…"): "&Neuer Besuch…",
              ("DomainLabel", "In person"): "Vor Ort"}
    tree = ET.parse(TEMPLATE)
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            key = (context.findtext("name"), message.findtext("source"))
            if key in german:
                translation = message.find("translation")
                translation.text = german.pop(key)
                del translation.attrib["type"]
    assert not german, f"not in the template: {german}"
    tree.write(tmp_path / "undercover_de.ts", encoding="utf-8", xml_declaration=True)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(tmp_path / "undercover_de.ts")],
        capture_output=True, check=True, timeout=60,
    )
    assert probe("de_DE", str(tmp_path)) == [
        "qtbase,undercover", "Abbrechen", "&Neuer Besuch…", "Vor Ort"
    ]


def messages(ts: Path) -> set[tuple[str, str]]:
    root = ET.parse(ts).getroot()
    return {
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
    }


def test_the_translation_template_has_every_string_of_the_app(tmp_path):
    fresh = tmp_path / "undercover.ts"
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), *map(str, sorted((REPO / "undercover/ui").glob("*.py"))),
         "-no-obsolete", "-locations", "none", "-ts", str(fresh)],
        capture_output=True, check=True, timeout=60,
    )
    missing = messages(fresh) - messages(TEMPLATE)
    assert not missing, f"run `make translations`: {len(missing)} new strings, e.g. {missing.pop()}"
    assert len(messages(TEMPLATE)) > 200



def test_strings_of_the_import_and_backup_windows_reach_translators():
    """They are made outside any widget class, through ``translate`` with their context."""
    template = messages(TEMPLATE)
    for context, source in (("exchange", "Imported: {0}."), ("exchange", "Importing visits…"),
                            ("restore", "Before an import"), ("restore", "Restore the backup")):
        assert (context, source) in template


DOMAIN_ENUMS = (Channel, VisitStatus, Severity, Pillar, FindingKind)


def test_every_label_the_domain_makes_reaches_translators():
    labels = {member.label for enum in DOMAIN_ENUMS for member in enum}
    assert set(MARKED) == labels
    assert {("DomainLabel", label) for label in labels} <= messages(TEMPLATE)


def test_the_app_shows_domain_labels_through_their_translation():
    # self.tr(x.label) would look the label up under the widget's own context, where the
    # template has no entry: every such label goes through domain_label instead.
    offenders = [
        f"{path.name}:{number}"
        for path in sorted((REPO / "undercover" / "ui").glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.(channel|status|severity|kind)\.label\b|\b(pillar|channel|severity)"
                     r"\.label\b", line)
    ]
    assert offenders == []
