"""Data files load the same way from a plain checkout, an installed wheel and the app itself."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE_PACKAGES = sysconfig.get_paths()["purelib"]

# Run with -S: no site module, so no .pth files and no editable-install finder; only the
# folders put on sys.path here, then the dependencies' folder, can be imported from.
PROBE = """
import json, sys
sys.path[:0] = [sys.argv[1], sys.argv[2]]
from undercover.paths import resource_dir
from undercover.report.fonts import fonts
from undercover.store.checklists import bundled_checklist_files
import undercover
fonts()
print(json.dumps({
    "package": undercover.__file__,
    "resources": str(resource_dir()),
    "checklists": [path.name for path in bundled_checklist_files()],
}))
"""


def probe(source_root: Path, cwd: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-S", "-c", PROBE, str(source_root), SITE_PACKAGES],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_plain_checkout_finds_the_top_level_resources_folder(tmp_path):
    found = probe(REPO, tmp_path)
    assert found["package"] == str(REPO / "undercover" / "__init__.py")
    assert found["resources"] == str(REPO / "resources")
    assert found["checklists"] == ["customer-centric.toml", "internal-customer.toml"]


def test_a_checkout_without_the_resources_folder_says_so(tmp_path):
    copy = tmp_path / "src"
    (copy / "undercover").mkdir(parents=True)
    for path in (REPO / "undercover").rglob("*.py"):
        target = copy / path.relative_to(REPO)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    script = (
        "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from undercover.paths import resource_dir\n"
        "resource_dir()\n"
    )
    done = subprocess.run(
        [sys.executable, "-S", "-c", script, str(copy), SITE_PACKAGES],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False,
    )
    assert "UndercoverError: Undercover's data files are missing" in done.stderr
    assert "reinstall Undercover." in done.stderr


@pytest.mark.slow
def test_installed_wheel_carries_the_resources_and_finds_them(tmp_path):
    source = tmp_path / "source"
    files = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode().split("\0")
    for name in filter(None, files):
        if (REPO / name).is_file():
            target = source / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes((REPO / name).read_bytes())
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
         str(source)],
        capture_output=True, check=True, timeout=300,
    )
    (wheel,) = wheels.glob("undercover-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "installed")
    for name in (
        "undercover/resources/__init__.py",
        "undercover/resources/checklists/customer-centric.toml",
        "undercover/resources/fonts/DejaVuSans.ttf",
        "undercover/resources/icons/undercover-48.png",
        "undercover/resources/icons/undercover.svg",
    ):
        assert name in names
    assert not any(name.startswith(("resources/", "tests/")) for name in names)

    found = probe(tmp_path / "installed", tmp_path)
    installed = tmp_path / "installed" / "undercover"
    assert found["package"] == str(installed / "__init__.py")
    assert found["resources"] == str(installed / "resources")
    assert found["checklists"] == ["customer-centric.toml", "internal-customer.toml"]
