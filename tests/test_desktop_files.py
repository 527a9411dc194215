"""Desktop integration: launcher, software-centre listing and icon agree, and validate."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from undercover.ui.app import DESKTOP_ID, make_application

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{DESKTOP_ID}.desktop"
METAINFO = LINUX / f"{DESKTOP_ID}.metainfo.xml"
MIME = LINUX / f"{DESKTOP_ID}.xml"
BUNDLE_TYPE = "application/x-undercover-bundle"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
ICONS = REPO / "resources" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:  # .ci/apt-packages installs it; only a bare machine lacks it
        pytest.skip(f"{name} is not installed (Debian: see .ci/apt-packages)")
    return path


def test_desktop_file_validates():
    done = subprocess.run(
        [tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True,
        check=False,
    )
    assert (done.returncode, done.stdout + done.stderr) == (0, "")


def test_appstream_metainfo_validates():
    done = subprocess.run(
        [tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation was successful" in done.stdout


def test_launcher_listing_and_app_name_the_same_desktop_id():
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keys are case-sensitive in desktop files
    entry.read(DESKTOP, encoding="utf-8")
    section = entry["Desktop Entry"]
    assert section["Icon"] == DESKTOP_ID
    assert section["Exec"].split()[0] == "undercover"  # the console script pyproject installs
    # Double-clicking a bundle starts the app with its path: undercover FILE.undercover...
    assert section["Exec"] == "undercover %F"
    assert section["MimeType"] == f"{BUNDLE_TYPE};"
    assert section["Terminal"] == "false"

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("name") == section["Name"] == "Undercover"
    assert [m.text for m in root.iter("mediatype")] == [BUNDLE_TYPE]
    releases = [r.get("version") for r in root.iter("release")]
    from undercover import __version__

    assert releases[0] == __version__  # the newest release listed is this version


def test_icon_pngs_come_in_every_size_desktops_ask_for():
    assert (ICONS / "undercover.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    for size in SIZES:
        with Image.open(ICONS / f"undercover-{size}.png") as png:
            assert png.size == (size, size)
            assert png.mode == "RGBA"
            assert png.getpixel((0, 0))[3] == 0  # rounded corner: transparent
            assert png.getpixel((size // 2, size // 2))[3] == 255


def test_the_app_names_itself_and_sets_its_window_icon(qapp):
    app = make_application()
    assert app.applicationName() == "Undercover"
    assert app.organizationName() == "Undercover"
    assert app.desktopFileName() == DESKTOP_ID
    sizes = {(s.width(), s.height()) for s in app.windowIcon().availableSizes()}
    assert sizes == {(size, size) for size in SIZES}


def test_the_bundle_file_type_is_well_formed_and_names_the_bundle_suffix():
    done = subprocess.run([tool("xmllint"), "--noout", str(MIME)], capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stdout + done.stderr) == (0, "")
    root = ET.parse(MIME).getroot()
    assert root.tag == f"{MIME_NS}mime-info"
    [kind] = root.findall(f"{MIME_NS}mime-type")
    assert kind.get("type") == BUNDLE_TYPE
    assert [g.get("pattern") for g in kind.iter(f"{MIME_NS}glob")] == ["*.undercover"]
    assert [c.get("type") for c in kind.iter(f"{MIME_NS}sub-class-of")] == ["application/zip"]


@pytest.fixture
def mime_home(tmp_path: Path) -> Path:
    """A data folder with the bundle type installed, as the README's steps install it."""
    share = tmp_path / "share"
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy(MIME, share / "mime" / "packages")
    done = subprocess.run(
        [tool("update-mime-database"), str(share / "mime")], capture_output=True, text=True,
        check=False, env={**os.environ, "XDG_DATA_HOME": str(share)},
    )
    # It exits 0 even on a bad file: its complaints go to stderr.
    assert (done.returncode, done.stderr) == (0, "")
    return share


def mime_types(share: Path | None, files: list[Path]) -> list[str]:
    """What Qt's MIME database (shared-mime-info's) says each file is, in a fresh process."""
    script = (
        "import sys\n"
        "from PySide6.QtCore import QMimeDatabase\n"
        "db = QMimeDatabase()\n"
        "print(' '.join(db.mimeTypeForFile(f).name() for f in sys.argv[1:]))\n"
    )
    dirs = f"{share}:/usr/share" if share else "/usr/share"
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, files)], capture_output=True, text=True,
        check=True, env={**os.environ, "XDG_DATA_DIRS": dirs, "XDG_DATA_HOME": str(
            share or "/nonexistent")},
    )
    return done.stdout.split()


def test_desktops_know_a_bundle_by_its_name_and_by_its_contents(mime_home, tmp_path):
    from exchange_helpers import add_visit

    from undercover.exchange.bundle import export_bundle
    from undercover.store import Store

    with Store.open(tmp_path / "shop.db") as store:
        visit = add_visit(store)
        bundle = export_bundle(store, [visit.id], tmp_path / "visit.undercover").path
    renamed = tmp_path / "from-the-mail"
    shutil.copy(bundle, renamed)
    plain_zip = tmp_path / "other.undercover.zip"
    shutil.copy(bundle, plain_zip)
    assert mime_types(mime_home, [bundle, renamed, plain_zip]) == [
        BUNDLE_TYPE, BUNDLE_TYPE, "application/zip"]
    # Without the file type installed, a bundle is only a zip.
    assert mime_types(None, [bundle]) == ["application/zip"]


def readme_install_steps() -> str:
    """The README's shell block that adds Undercover to the Linux desktop."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    after = text.split("To add Undercover to the Linux", 1)[1]
    return after.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_readmes_install_steps_make_undercover_open_bundles(tmp_path):
    """Run as written (in a private home, from the repository), then ask GLib, which file
    managers use, what a bundle is and which app opens it."""
    gio = tool("gio")
    for name in ("update-mime-database", "update-desktop-database"):
        tool(name)
    home = tmp_path / "home"
    unpacked = tmp_path / "unpacked" / "undercover"
    unpacked.mkdir(parents=True)
    (unpacked / "undercover").write_text("#!/bin/sh\n")
    (unpacked / "undercover").chmod(0o755)
    steps = readme_install_steps().replace("/where/you/unpacked", str(unpacked.parent))
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / ".local/share"),
           "XDG_CONFIG_HOME": str(home / ".config"),
           "PATH": f"{home / '.local/bin'}:{os.environ['PATH']}"}
    done = subprocess.run(["sh", "-e", "-c", steps], cwd=REPO, env=env, capture_output=True,
                          text=True, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stdout
    bundle = tmp_path / "from-a-shopper.undercover"
    shutil.copy(REPO / "tests" / "conftest.py", bundle)  # the name decides, not the contents
    seen = subprocess.run([gio, "info", "-a", "standard::content-type", str(bundle)],
                          env=env, capture_output=True, text=True, check=True).stdout
    assert f"standard::content-type: {BUNDLE_TYPE}" in seen
    default = subprocess.run([gio, "mime", BUNDLE_TYPE], env=env, capture_output=True,
                             text=True, check=True).stdout
    assert default.splitlines()[0] == (
        f"Default application for “{BUNDLE_TYPE}”: {DESKTOP_ID}.desktop")


def test_the_macos_bundle_declares_and_opens_the_same_file_type():
    """The spec's Info.plist entries (read from the spec, not run: PyInstaller defines its
    names) are plist values that claim the extension and MIME type Linux uses."""
    import ast
    import plistlib

    tree = ast.parse((REPO / "packaging" / "undercover.spec").read_text(encoding="utf-8"))
    values = {
        node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in ("BUNDLE_TYPE", "DOCUMENT_TYPES")
    }
    plistlib.dumps(values)  # every value is one a plist can hold
    kind, [document] = values["BUNDLE_TYPE"], values["DOCUMENT_TYPES"]
    assert kind["UTTypeTagSpecification"] == {
        "public.filename-extension": ["undercover"], "public.mime-type": [BUNDLE_TYPE]}
    assert "public.zip-archive" in kind["UTTypeConformsTo"]
    assert document["LSItemContentTypes"] == [kind["UTTypeIdentifier"]]
