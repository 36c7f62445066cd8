"""One headless chromium per test session, driven by Playwright, with the network cut off.

The browser is Debian's chromium (``apt-get install chromium``), never ``playwright install``.
Without it the browser tests skip locally and FAIL in CI (``CI=true``), so a broken CI image
cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pageutil import open_visit

CHROMIUM = os.environ.get("GEOMAP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def browser():
    missing = None
    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        missing = f"no chromium at {CHROMIUM}: apt-get install -y chromium (or set GEOMAP_CHROMIUM)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed: pip install -e '.[test]'"
    if missing:
        if _in_ci():
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(missing)
    manager = sync_playwright().start()
    try:
        chromium = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    except Exception as err:  # a broken install: same rule as a missing one
        manager.stop()
        if _in_ci():
            pytest.fail(f"chromium at {CHROMIUM} does not start: {err}")
        pytest.skip(f"chromium at {CHROMIUM} does not start: {err}")
    yield chromium
    chromium.close()
    manager.stop()


@pytest.fixture
def visit(browser):
    v = open_visit(browser)
    yield v
    v.page.context.close()
