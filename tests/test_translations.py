"""Qt's own strings follow the system language, and the app's strings are ready to translate."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

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
    assert probe("de_DE") == ["qtbase", "Abbrechen", "&New visit…"]
    assert probe("fr_FR") == ["qtbase", "Annuler", "&New visit…"]
    assert probe("en_GB") == ["qtbase", "Cancel", "&New visit…"]


def test_a_translation_of_the_app_is_loaded_from_its_folder(tmp_path):
    # What the README tells a translator to do: copy the template, translate, compile.
    tree = ET.parse(TEMPLATE)
    for context in tree.getroot().iter("context"):
        for message in context.iter("message"):
            if context.findtext("name") == "MainWindow" and message.findtext("source") == (
                "&New visit…"
            ):
                translation = message.find("translation")
                translation.text = "&Neuer Besuch…"
                del translation.attrib["type"]
    tree.write(tmp_path / "undercover_de.ts", encoding="utf-8", xml_declaration=True)
    subprocess.run(
        [str(BIN / "pyside6-lrelease"), str(tmp_path / "undercover_de.ts")],
        capture_output=True, check=True, timeout=60,
    )
    assert probe("de_DE", str(tmp_path)) == ["qtbase,undercover", "Abbrechen", "&Neuer Besuch…"]


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
