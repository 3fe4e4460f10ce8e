"""Recognise a site refusing the crawler: 403 / 429 answers and bot-challenge pages (pure).

A challenge often arrives as HTTP 200 (Cloudflare "Just a moment...", Imperva Incapsula's
``_Incapsula_Resource`` stub) and must count as *blocked*, never as an empty article or a
listing with "no new articles". Markers that also appear on ordinary pages (Incapsula's script
tail sits at the end of every Jordan Times page) count only on a page with almost no text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

BLOCKING_STATUSES = frozenset({403, 429})
"""Statuses that mean "not you" whatever the body says."""
HANDLED_STATUSES = (403, 429, 503)
"""Statuses the spider asks to see (HttpErrorMiddleware would hide them otherwise)."""

# (vendor, pattern) found anywhere in the first part of the page: a challenge by themselves.
_STRONG = (
    (
        "cloudflare",
        re.compile(
            r"<title>\s*(?:Just a moment\.\.\.|Attention Required! \| Cloudflare)\s*</title>", re.I
        ),
    ),
    (
        "cloudflare",
        re.compile(
            r"/cdn-cgi/challenge-platform/|cf-browser-verification|window\._cf_chl_opt|cf_chl_",
            re.I,
        ),
    ),
    ("cloudflare", re.compile(r"Enable JavaScript and cookies to continue", re.I)),
    ("incapsula", re.compile(r"Incapsula incident ID|Request unsuccessful\. Incapsula", re.I)),
    (
        "akamai",
        re.compile(
            r"errors\.edgesuite\.net|You don't have permission to access .{0,200} on this server\.\s*<p>\s*Reference",
            re.I | re.S,
        ),
    ),
    ("sucuri", re.compile(r"Sucuri WebSite Firewall|Access Denied - Sucuri", re.I)),
    ("ddos-guard", re.compile(r"<title>\s*DDoS-Guard\s*</title>|ddos-guard\.net/", re.I)),
    ("perimeterx", re.compile(r"px-captcha|_pxAppId", re.I)),
    ("datadome", re.compile(r"captcha-delivery\.com|geo\.captcha-delivery", re.I)),
)
# Markers that need an almost empty page to mean a challenge.
_WEAK = (
    ("incapsula", re.compile(r"_Incapsula_Resource", re.I)),
    ("captcha", re.compile(r"\bcaptcha\b|are you a robot|verify you are (?:a )?human", re.I)),
    (
        "generic",
        re.compile(r"<title>\s*(?:Access Denied|Forbidden|Request Rejected|Just a moment)", re.I),
    ),
)
_SCRIPTS = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>", re.I | re.S)
_TAGS = re.compile(r"<[^>]+>")
_SCAN_CHARS = 200_000
LITTLE_TEXT_WORDS = 60
"""A page with fewer visible words than this holds no article or listing."""


def visible_words(html: str) -> int:
    """A cheap count of the words a reader would see (scripts, styles and tags removed)."""
    text = _TAGS.sub(" ", _SCRIPTS.sub(" ", html))
    return len(re.findall(r"\w{2,}", text))


def _header(headers: Mapping[str, str] | None, name: str) -> str:
    if not headers:
        return ""
    for key, value in headers.items():
        if key.lower() == name:
            return value.lower()
    return ""


def block_reason(status: int, html: str, headers: Mapping[str, str] | None = None) -> str | None:
    """Why a response means the site refused us (``http_403``, ``challenge/cloudflare``), or None.

    A 503 counts only with challenge markers (otherwise the server is just unavailable).
    """
    head = (html or "")[:_SCAN_CHARS]
    if _header(headers, "cf-mitigated") == "challenge":
        return "challenge/cloudflare"
    for vendor, pattern in _STRONG:
        if pattern.search(head):
            return f"challenge/{vendor}"
    if status in BLOCKING_STATUSES or status == 503 or visible_words(head) < LITTLE_TEXT_WORDS:
        for vendor, pattern in _WEAK:
            if pattern.search(head):
                return f"challenge/{vendor}"
    if status in BLOCKING_STATUSES:
        return f"http_{status}"
    return None


__all__ = ["BLOCKING_STATUSES", "HANDLED_STATUSES", "block_reason", "visible_words"]
