"""Helpers for the browser tests: a page with the network cut off that records what it said."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path

@dataclass
class Visit:
    """A page and everything it said: console errors, uncaught errors, dialogs, blocked requests."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)

    def open(self, path: Path, *, timeout_ms: int = 20000) -> "Visit":
        self.page.goto(path.resolve().as_uri())
        self.page.wait_for_function("window.geomap && window.geomap.ready === true", timeout=timeout_ms)
        return self

    def counts(self) -> dict:
        return self.page.evaluate("geomap.count()")


def open_visit(browser, *, width: int = 1280, height: int = 860) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    visit = Visit(page)

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            request_route.continue_()
        else:
            visit.blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    page.on("console", lambda msg: visit.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda err: visit.page_errors.append(str(err)))

    def on_dialog(dialog):
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return visit


def pixel_stats(page, png: bytes) -> dict:
    """Mean and variance of a PNG's grey levels, decoded by the browser itself."""
    return page.evaluate("""async (data) => {
        const img = new Image();
        img.src = "data:image/png;base64," + data;
        await img.decode();
        const canvas = document.createElement("canvas");
        canvas.width = img.width; canvas.height = img.height;
        const ctx = canvas.getContext("2d");
        ctx.drawImage(img, 0, 0);
        const px = ctx.getImageData(0, 0, img.width, img.height).data;
        let n = 0, sum = 0, sq = 0;
        const colours = new Set();
        for (let i = 0; i < px.length; i += 16) {
            const g = (px[i] + px[i + 1] + px[i + 2]) / 3;
            n += 1; sum += g; sq += g * g;
            if (colours.size < 1000) colours.add((px[i] << 16) | (px[i + 1] << 8) | px[i + 2]);
        }
        const mean = sum / n;
        return {mean: mean, variance: sq / n - mean * mean, colours: colours.size};
    }""", base64.b64encode(png).decode("ascii"))
