"""The code stays as the README promises contributors: ruff clean, and the domain and
store layers type-checked by mypy."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=240,
        check=False,
    )


def test_ruff_finds_nothing() -> None:
    done = _run("ruff", "check", ".")
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.slow
def test_mypy_is_clean_on_domain_and_store(tmp_path: Path) -> None:
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("mypy is a test dependency: pip install -e '.[test]'")
    done = _run("mypy", "--cache-dir", str(tmp_path / "cache"),
                "undercover/domain", "undercover/store")
    assert done.returncode == 0, done.stdout + done.stderr
