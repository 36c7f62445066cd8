"""Take docs/conflict_map.png: the seeds map (output/conflict_map.html) in headless chromium, offline.

    .venv/bin/python docs/screenshot.py [MAP.html] [OUT.png]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]


def main(argv: list[str]) -> int:
    page_path = Path(argv[0]) if argv else ROOT / "output" / "conflict_map.html"
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "conflict_map.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(page_path.resolve().as_uri())
        page.wait_for_function("window.geomap && window.geomap.ready === true", timeout=60_000)
        page.wait_for_timeout(300)
        page.screenshot(path=str(out))
        browser.close()
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
