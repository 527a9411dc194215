"""Desktop integration: launcher, software-centre listing and icon agree, and validate."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from undercover.ui.app import DESKTOP_ID, make_application

REPO = Path(__file__).resolve().parents[1]
LINUX = REPO / "packaging" / "linux"
DESKTOP = LINUX / f"{DESKTOP_ID}.desktop"
METAINFO = LINUX / f"{DESKTOP_ID}.metainfo.xml"
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
    assert section["Terminal"] == "false"

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == DESKTOP_ID
    assert root.findtext("launchable") == DESKTOP.name
    assert root.findtext("name") == section["Name"] == "Undercover"
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
