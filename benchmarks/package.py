"""The standalone app: how long it takes to build, how big it is, and what makes it big.

Builds with the same spec and options as `make package` (into a temporary folder, so
dist/ is left alone), then runs the built app's --self-test. Target: 150 MB or less.

    .venv/bin/python benchmarks/package.py [--top 12]

Needs PyInstaller: .venv/bin/pip install -e '.[package]'
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 150


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=12, help="how many of the largest parts")
    args = parser.parse_args()
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    with tempfile.TemporaryDirectory(prefix="undercover-package-") as scratch:
        work = Path(scratch)
        started = time.perf_counter()
        subprocess.run(
            [str(pyinstaller), "--noconfirm", "--clean", "--log-level", "ERROR",
             "--distpath", str(work / "dist"), "--workpath", str(work / "build"),
             str(ROOT / "packaging" / "undercover.spec")],
            check=True, cwd=ROOT,
        )
        build_s = time.perf_counter() - started
        app = work / "dist" / "undercover"
        total = size_of(app)
        with tarfile.open(work / "undercover.tar.gz", "w:gz") as archive:
            archive.add(app, arcname="undercover")
        packed = (work / "undercover.tar.gz").stat().st_size

        internal = app / "_internal"
        parts = [(size_of(p) if p.is_dir() else p.stat().st_size, p.relative_to(app))
                 for p in internal.iterdir() if not p.is_symlink()]
        qt = internal / "PySide6" / "Qt"
        parts += [(size_of(p) if p.is_dir() else p.stat().st_size, p.relative_to(app))
                  for sub in ("lib", "plugins", "translations") for p in (qt / sub).iterdir()
                  if not p.is_symlink()]
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNDERCOVER_HOME": str(work / "h")}
        env.pop("PYTHONPATH", None)
        started = time.perf_counter()
        check = subprocess.run([str(app / "undercover"), "--self-test"], cwd=work, env=env,
                               capture_output=True, text=True, check=False)
        self_test_s = time.perf_counter() - started

    print("largest parts of the app folder (the PySide6 folder is broken down below it):")
    for size, name in sorted(parts, reverse=True)[: args.top]:
        print(f"  {size / 1e6:6.1f} MB  {name}")
    verdict = "ok" if total / 1e6 <= TARGET_MB else "OVER TARGET"
    print(f"build: {build_s:.0f} s; app folder: {total / 1e6:.0f} MB = {total / 2**20:.0f} MiB "
          f"(target <= {TARGET_MB} MB) {verdict}; as .tar.gz: {packed / 1e6:.0f} MB")
    status = "passed" if check.returncode == 0 else f"FAILED:\n{check.stdout}{check.stderr}"
    print(f"built app's --self-test: {status} in {self_test_s:.1f} s")
    return check.returncode


if __name__ == "__main__":
    sys.exit(main())
