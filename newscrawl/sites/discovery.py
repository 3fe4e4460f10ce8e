"""Feeds and sitemaps to article URLs with dates (pure: bytes in, entries out; no Scrapy).

One entry point, :func:`parse_document`, reads whatever a discovery URL returned and says
what it was: RSS 2.0 (``<rss><channel><item>``), RSS 1.0 / RDF, Atom (``<feed><entry>``),
a sitemap (``<urlset>``, with Google News ``<news:publication_date>`` when present), a
sitemap index (``<sitemapindex>``) or a plain-text sitemap (one URL per line). A gzipped
body is unpacked first. Sites misfile feeds as sitemaps and the reverse, so the callback
that asked never decides the format: the document does.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import date
from urllib.parse import urljoin, urlsplit

from lxml import etree

from newscrawl.normalize.dates import parse_date

MAX_UNPACKED_BYTES = 50 * 1024 * 1024
"""The sitemap protocol's own limit on an uncompressed sitemap; more is refused, not read."""

RSS, RDF, ATOM, URLSET, SITEMAP_INDEX, TEXT, UNKNOWN = (
    "rss", "rdf", "atom", "urlset", "sitemapindex", "text", "unknown"
)  # fmt: skip
FEED_KINDS = frozenset({RSS, RDF, ATOM})
SITEMAP_KINDS = frozenset({URLSET, SITEMAP_INDEX, TEXT})


@dataclass(frozen=True)
class Entry:
    """One URL a feed or sitemap lists, with the date it gives (as printed) and a title."""

    url: str
    date_raw: str | None = None
    """``pubDate`` / ``published`` / ``updated`` / ``news:publication_date`` / ``lastmod``."""
    title: str | None = None


@dataclass(frozen=True)
class Document:
    """What a discovery URL returned: its kind, the pages it lists, and child sitemaps."""

    kind: str
    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[Entry, ...] = ()
    """The children of a sitemap index (``loc`` + ``lastmod``)."""

    @property
    def is_feed(self) -> bool:
        return self.kind in FEED_KINDS

    @property
    def is_sitemap(self) -> bool:
        return self.kind in SITEMAP_KINDS


# -- reading the bytes ------------------------------------------------------------------------


def unpack(body: bytes) -> bytes:
    """The body, gunzipped when it starts with the gzip magic (``sitemap.xml.gz`` served raw)."""
    if body[:2] != b"\x1f\x8b":
        return body
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(body, MAX_UNPACKED_BYTES + 1)
    except zlib.error:
        return b""
    if len(data) > MAX_UNPACKED_BYTES:
        return b""
    return data


def _xml_root(body: bytes) -> etree._Element | None:
    text = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"<"):
        return None
    parser = etree.XMLParser(
        recover=True, resolve_entities=False, no_network=True, remove_comments=True, huge_tree=False
    )
    try:
        root = etree.fromstring(text, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    return root


def _local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return etree.QName(tag).localname.lower()


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in element if _local(c) == name]


def _child_text(element: etree._Element, *names: str) -> str | None:
    """Text of the first child named any of ``names`` (in that order of preference)."""
    for name in names:
        for child in _children(element, name):
            text = " ".join("".join(child.itertext()).split())
            if text:
                return text
    return None


def _absolute(url: str | None, base: str | None) -> str | None:
    url = (url or "").strip()
    if not url:
        return None
    if base:
        url = urljoin(base, url)
    if urlsplit(url).scheme not in ("http", "https"):
        return None
    return url


# -- the formats ------------------------------------------------------------------------------


def _rss_items(items: list[etree._Element], base: str | None) -> list[Entry]:
    entries = []
    for item in items:
        link = _child_text(item, "link")
        if not link:
            # RSS items may carry an Atom link instead of <link>
            for atom_link in _children(item, "link"):
                link = atom_link.get("href")
                if link:
                    break
        if not link:
            for guid in _children(item, "guid"):
                if (guid.get("isPermaLink") or "true").lower() != "false":
                    link = (guid.text or "").strip()
        url = _absolute(link, base)
        if url is None:
            continue
        when = _child_text(item, "pubdate", "date", "published", "updated", "issued", "modified")
        entries.append(Entry(url, when, _child_text(item, "title")))
    return entries


def _atom_entries(feed: etree._Element, base: str | None) -> list[Entry]:
    base = _absolute(feed.get("{http://www.w3.org/XML/1998/namespace}base"), base) or base
    entries = []
    for entry in _children(feed, "entry"):
        href = None
        for link in _children(entry, "link"):
            if (link.get("rel") or "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        entry_base = entry.get("{http://www.w3.org/XML/1998/namespace}base") or base
        url = _absolute(href, _absolute(entry_base, base) or base)
        if url is None:
            continue
        when = _child_text(entry, "published", "issued", "updated", "modified")
        entries.append(Entry(url, when, _child_text(entry, "title")))
    return entries


def _urlset_entries(urlset: etree._Element, base: str | None) -> list[Entry]:
    entries = []
    for node in _children(urlset, "url"):
        url = _absolute(_child_text(node, "loc"), base)
        if url is None:
            continue
        when = None
        title = None
        for news in _children(node, "news"):  # Google News sitemap
            when = _child_text(news, "publication_date")
            title = _child_text(news, "title")
        entries.append(Entry(url, when or _child_text(node, "lastmod"), title))
    return entries


def _index_entries(index: etree._Element, base: str | None) -> list[Entry]:
    children = []
    for node in _children(index, "sitemap"):
        url = _absolute(_child_text(node, "loc"), base)
        if url is not None:
            children.append(Entry(url, sitemap_url_day(url) or _child_text(node, "lastmod")))
    return children


# Child sitemaps that name their period: /sitemap/sitemap-daily-2024-01-02.xml,
# /sitemap.xml?yyyy=2024&mm=1&dd=2, /article-new/01-02-2024.xml, /article-archive/2019/04.xml.
_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_QUERY_DAY = re.compile(r"[?&]yyyy=(\d{4})&mm=(\d{1,2})&dd=(\d{1,2})(?:&|$)")
_US_DAY = re.compile(r"/(\d{2})-(\d{2})-(\d{4})\.xml(?:\.gz)?$")
_MONTH = re.compile(r"/(\d{4})/(\d{2})\.xml(?:\.gz)?$")


def sitemap_url_day(url: str) -> str | None:
    """The last day a child sitemap's URL says it covers (``YYYY-MM-DD``), or None.

    Such a URL dates its articles better than ``lastmod``, which some indexes set to "now" on
    every child: with it ``since`` skips old days and months without fetching them. A month
    archive counts as its last day, so it is skipped only when the whole month is older.
    """
    import calendar

    found: tuple[str, str, str] | None = None
    if match := _QUERY_DAY.search(url):
        found = match.group(1), match.group(2), match.group(3)
    elif match := _US_DAY.search(url):
        found = match.group(3), match.group(1), match.group(2)
    elif match := _ISO_DAY.search(urlsplit(url).path):
        found = match.group(1), match.group(2), match.group(3)
    elif match := _MONTH.search(urlsplit(url).path):
        year, month = int(match.group(1)), int(match.group(2))
        if 1 <= month <= 12:
            found = match.group(1), match.group(2), str(calendar.monthrange(year, month)[1])
    if found is None:
        return None
    try:
        return date(int(found[0]), int(found[1]), int(found[2])).isoformat()
    except ValueError:
        return None


def newest_first(entries: list[Entry], *, tz: str) -> list[Entry]:
    """Child sitemaps newest first (undated ones ahead, in document order), so ``max_pages`` keeps
    the latest days whatever order the index lists them in."""
    return sorted(entries, key=lambda e: entry_day(e.date_raw, tz=tz) or date.max, reverse=True)


_TEXT_LINE = re.compile(r"^https?://\S+$")


def _text_entries(body: bytes) -> list[Entry] | None:
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines or not all(_TEXT_LINE.match(line) for line in lines):
        return None
    return [Entry(line) for line in lines]


def _unique(entries: list[Entry]) -> tuple[Entry, ...]:
    seen: set[str] = set()
    out = []
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            out.append(entry)
    return tuple(out)


def parse_document(body: bytes | str, base_url: str | None = None) -> Document:
    """Read a feed or sitemap; URLs are made absolute against ``base_url``; never raises.

    Entries keep document order, duplicates removed. An HTML page, a challenge page or junk
    gives ``Document("unknown")``.
    """
    if isinstance(body, str):
        body = body.encode("utf-8")
    body = unpack(body or b"")
    root = _xml_root(body)
    if root is None:
        text_entries = _text_entries(body)
        if text_entries:
            return Document(TEXT, _unique(text_entries))
        return Document(UNKNOWN)
    kind = _local(root)
    if kind == "rss":
        items = [i for channel in _children(root, "channel") for i in _children(channel, "item")]
        items += _children(root, "item")
        return Document(RSS, _unique(_rss_items(items, base_url)))
    if kind == "rdf":
        return Document(RDF, _unique(_rss_items(_children(root, "item"), base_url)))
    if kind == "feed":
        return Document(ATOM, _unique(_atom_entries(root, base_url)))
    if kind == "urlset":
        return Document(URLSET, _unique(_urlset_entries(root, base_url)))
    if kind == "sitemapindex":
        return Document(SITEMAP_INDEX, sitemaps=_unique(_index_entries(root, base_url)))
    return Document(UNKNOWN)


# -- dates ------------------------------------------------------------------------------------


def entry_day(date_raw: str | None, *, tz: str, day_first: bool | None = None) -> date | None:
    """The calendar day an entry's date falls on in the site's zone, or None when unreadable.

    Feed and sitemap dates usually carry their own offset (RFC 822, W3C datetime); a bare
    day (``2024-03-05``) is read as a day in the site's zone.
    """
    from zoneinfo import ZoneInfo

    parsed = parse_date(date_raw, tz=tz, day_first=day_first)
    if parsed is None:
        return None
    return parsed.value.astimezone(ZoneInfo(tz)).date()


def older_than(
    date_raw: str | None, since: date | None, *, tz: str, day_first: bool | None = None
) -> bool:
    """True when the entry's date is known and before ``since``; an undated entry is kept."""
    if since is None:
        return False
    day = entry_day(date_raw, tz=tz, day_first=day_first)
    return day is not None and day < since


__all__ = [
    "ATOM",
    "FEED_KINDS",
    "RDF",
    "RSS",
    "SITEMAP_INDEX",
    "SITEMAP_KINDS",
    "TEXT",
    "UNKNOWN",
    "URLSET",
    "Document",
    "Entry",
    "entry_day",
    "newest_first",
    "older_than",
    "parse_document",
    "sitemap_url_day",
    "unpack",
]
