"""What an article's metadata may contribute to a page or an export: a link only if it is http(s),
and the date an undated fact falls back to (its article's publication date, flagged as such)."""

from __future__ import annotations

import datetime as _dt
from urllib.parse import urlsplit

__all__ = ["fallback_date", "safe_url", "source_records"]


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute ``http``/``https`` address, else ``None``: a ``javascript:`` or
    ``data:`` URL from an article's metadata never becomes a link.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)")
    ('https://example.org/a', None)
    """
    if not url:
        return None
    text = str(url).strip()
    if any(ord(ch) < 33 for ch in text):
        return None
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    return text if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def fallback_date(item) -> tuple[_dt.date | None, bool]:
    """An event's or trajectory's date, else the earliest publication date of its sources; and
    whether it is the latter (``date_is_publication``)."""
    if item.date is not None:
        return item.date, False
    published = [s.published for s in item.sources if getattr(s, "published", None) is not None]
    return (min(published), True) if published else (None, False)


def source_records(item) -> list[dict]:
    """One ``{document, url, title, published}`` per distinct source document of ``item``."""
    out: dict[str, dict] = {}
    for s in item.sources:
        record = out.setdefault(s.document, {"document": s.document, "url": None, "title": None, "published": None})
        record["url"] = record["url"] or safe_url(getattr(s, "url", None))
        record["title"] = record["title"] or getattr(s, "title", None)
        published = getattr(s, "published", None)
        if record["published"] is None and published is not None:
            record["published"] = published.isoformat()
    return list(out.values())
