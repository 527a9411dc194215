"""Undercover: offline mystery-shopper evaluations."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

__version__ = "0.1.0"


def _checkout_resources() -> None:
    """Make ``undercover.resources`` importable from a plain source checkout.

    The data files live in the top-level ``resources/`` folder. A wheel, an editable
    install and the PyInstaller bundle all place them at ``undercover/resources``; a
    checkout run without installing (``PYTHONPATH=. python -m undercover``) has nothing
    there, so the folder is imported under that name. Either way
    ``importlib.resources.files("undercover.resources")`` then finds the same files.
    """
    name = __name__ + ".resources"
    if name in sys.modules or importlib.util.find_spec(name) is not None:
        return
    init = Path(__file__).resolve().parent.parent / "resources" / "__init__.py"
    if not init.is_file():
        return  # an incomplete install: resource_dir() says what is missing
    spec = importlib.util.spec_from_file_location(
        name, init, submodule_search_locations=[str(init.parent)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)


_checkout_resources()
