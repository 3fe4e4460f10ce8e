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
# One left-to-right pass that finds the same tags as ``_TAGS.sub`` and the words between them.
_TAG_OR_WORD = re.compile(r"<[^>]+>|(\w{2,})")
_SCAN_CHARS = 200_000
LITTLE_TEXT_WORDS = 60
"""A page with fewer visible words than this holds no article or listing."""

# Every page is checked, so the patterns above must cost little on an ordinary one. Each has
# lower-case literals one of which any match contains; a page without them (lower-cased once)
# skips the regular expression, which is the slow part (case-insensitive scans of 64 KB+).
_NEEDLES: dict[re.Pattern[str], tuple[str, ...]] = {
    _STRONG[0][1]: ("just a moment...", "attention required! | cloudflare"),
    _STRONG[1][1]: ("/cdn-cgi/challenge-platform/", "cf-browser-verification", "cf_chl_"),
    _STRONG[2][1]: ("enable javascript and cookies to continue",),
    _STRONG[3][1]: ("incapsula incident id", "request unsuccessful. incapsula"),
    _STRONG[4][1]: ("errors.edgesuite.net", "you don't have permission to access "),
    _STRONG[5][1]: ("sucuri website firewall", "access denied - sucuri"),
    _STRONG[6][1]: ("ddos-guard",),
    _STRONG[7][1]: ("px-captcha", "_pxappid"),
    _STRONG[8][1]: ("captcha-delivery",),
    _WEAK[0][1]: ("_incapsula_resource",),
    _WEAK[1][1]: ("captcha", "are you a robot", "verify you are "),
    _WEAK[2][1]: ("<title>",),
}
# Under re.IGNORECASE these match "i" and "s" although str.lower() keeps them apart; a page
# holding one is checked with the regular expressions alone.
_CASE_TWINS = ("\u0131", "\u017f")


def visible_words(html: str) -> int:
    """A cheap count of the words a reader would see (scripts, styles and tags removed)."""
    text = _TAGS.sub(" ", _SCRIPTS.sub(" ", html))
    return len(re.findall(r"\w{2,}", text))


def _little_text(html: str) -> bool:
    """``visible_words(html) < LITTLE_TEXT_WORDS``, stopping at the last word it needs."""
    words = 0
    for match in _TAG_OR_WORD.finditer(_SCRIPTS.sub(" ", html)):
        if match.lastindex:
            words += 1
            if words >= LITTLE_TEXT_WORDS:
                return False
    return True


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
    lowered = None if any(twin in head for twin in _CASE_TWINS) else head.lower()

    def may_match(pattern: re.Pattern[str]) -> bool:
        return lowered is None or any(needle in lowered for needle in _NEEDLES[pattern])

    for vendor, pattern in _STRONG:
        if may_match(pattern) and pattern.search(head):
            return f"challenge/{vendor}"
    weak = [(vendor, pattern) for vendor, pattern in _WEAK if may_match(pattern)]
    if weak and (status in BLOCKING_STATUSES or status == 503 or _little_text(head)):
        for vendor, pattern in weak:
            if pattern.search(head):
                return f"challenge/{vendor}"
    if status in BLOCKING_STATUSES:
        return f"http_{status}"
    return None


__all__ = ["BLOCKING_STATUSES", "HANDLED_STATUSES", "LITTLE_TEXT_WORDS", "block_reason", "visible_words"]
