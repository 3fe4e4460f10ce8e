"""The page as the generic parser sees it: the parsed tree, its meta tags and JSON-LD, built once."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from newscrawl.sites.generic.jsonld import JsonLd
from newscrawl.sites.generic.text import clean, text_of
from newscrawl.sites.raw import unique

# Meta keys (name / property / itemprop, casefolded) in order of trust.
META_TITLE = ("og:title", "twitter:title", "dc.title", "dcterms.title", "title", "headline")
META_PUBLISHED = (
    "article:published_time",
    "og:article:published_time",
    "article:published",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "dc:date",
    "date",
    "article_date_original",
    "original-publish-date",
    "cxenseparse:recs:publishtime",
    "citation_publication_date",
    "citation_date",
    "og:pubdate",
    "ga-publish-date",
    "displaydate",
    "date_published",
    "created",
)
META_UPDATED = (
    "article:modified_time",
    "og:updated_time",
    "og:article:modified_time",
    "datemodified",
    "article.updated",
    "last-modified",
    "dcterms.modified",
    "dc.date.modified",
    "lastmod",
)
META_AUTHOR = (
    "author",
    "article:author",
    "og:article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "dc:creator",
    "byl",
    "citation_author",
    "article.author",
    "cxenseparse:author",
    "shareaholic:article_author_name",
    "twitter:data1",
)
META_SECTION = ("article:section", "og:article:section", "parsely-section", "section")
META_SITE_NAME = ("og:site_name", "application-name", "publisher", "dc.publisher")


def parse_html(html: str) -> Any:
    """An lxml tree of the page, or None when there is no markup to parse."""
    if not html or not html.strip():
        return None
    # lxml refuses str input carrying an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", html, count=1)
    try:
        parser = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)
        tree = lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None
    return tree


@dataclass
class Page:
    """One parsed page and the metadata read from it (built once, reused per field)."""

    tree: Any
    url: str
    meta: dict[str, list[str]]
    json_ld: JsonLd
    site_names: list[str]
    cache: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def build(cls, html: str, url: str) -> Page | None:
        tree = parse_html(html)
        if tree is None:
            return None
        meta: dict[str, list[str]] = {}
        for element in tree.iter("meta"):
            # itemprop-keyed <meta> belongs to microdata and is read there.
            key = element.get("property") or element.get("name")
            content = element.get("content")
            if key is None or content is None:
                continue
            content = clean(content)
            if not content:
                continue
            for part in key.split():
                meta.setdefault(part.strip().casefold(), []).append(content)
        scripts = [
            script.text or ""
            for script in tree.iter("script")
            if "ld+json" in (script.get("type") or "").casefold()
        ]
        json_ld = JsonLd.from_scripts(scripts, url)
        site_names = unique(
            [n for k in META_SITE_NAME for n in meta.get(k, [])] + json_ld.site_names
        )
        return cls(tree=tree, url=url, meta=meta, json_ld=json_ld, site_names=site_names)

    def meta_first(self, keys: Iterable[str]) -> tuple[str, str] | None:
        for key in keys:
            for value in self.meta.get(key, []):
                if value:
                    return value, key
        return None

    def xpath(self, query: str) -> list[Any]:
        try:
            return self.tree.xpath(query)
        except etree.XPathError:
            return []

    def marked(self, test: Callable[[Any], bool]) -> list[Any]:
        """Elements with an ``itemprop``, ``property`` or ``rel`` attribute that pass ``test``.

        In document order, like ``//*[@itemprop="x" or ...]``: one walk over the page finds
        every such element for all the microdata and RDFa lookups, which would otherwise
        each test every node of the page.
        """
        found: list[Any] | None = self.cache.get("marked")
        if found is None:
            found = self.xpath("/descendant::*[@itemprop or @property or @rel]")
            self.cache["marked"] = found
        return [element for element in found if test(element)]


def itemprop_in(*names: str) -> Callable[[Any], bool]:
    """``@itemprop="a" or @itemprop="b"`` as a test for ``Page.marked``."""
    return lambda element: element.get("itemprop") in names


def property_in(*names: str) -> Callable[[Any], bool]:
    """``@property="a" or @property="b"`` as a test for ``Page.marked``."""
    return lambda element: element.get("property") in names


FURNITURE_TOKEN = re.compile(
    r"^(?:comments?|comment[-_].*|.*[-_]comments?|related.*|.*[-_]related|recommend.*|"
    r"teasers?|teaser[-_].*|sidebar|sidebar[-_].*|widget.*|footer|site[-_]footer|page[-_]footer|"
    r"global[-_]footer|nav|navbar|menu|breadcrumbs?|more[-_]stories|most[-_](?:read|popular))$",
    re.I,
)


# Classes that name the page's main column: "site-content content-area sidebar" is a layout
# wrapper with a sidebar beside it, not the sidebar.
_LAYOUT_TOKEN = re.compile(
    r"^(?:site[-_]?content|content[-_]?area|main[-_]?content|page[-_]?content|primary|main)$", re.I
)


def _body_length(page: Page) -> int:
    """Length of the text of ``<body>`` (of the whole page without one), kept for the page."""
    found: int | None = page.cache.get("body_length")
    if found is None:
        body = page.tree.find("body")
        found = len(text_of(body if body is not None else page.tree))
        page.cache["body_length"] = found
    return found


def outside_furniture(page: Page, element: Any) -> bool:
    """Not inside a page footer, navigation, comment thread, sidebar or related-stories block.

    A ``<footer>`` inside an ``<article>`` is the article's own metadata (bylines live there),
    and the walk stops at the article (``<article>``, ``<main>``, hAtom ``hentry``). A block
    classed like furniture that holds most of the page's text is a layout wrapper
    (``content-area sidebar``), not furniture.
    """
    node = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tag == "nav":
            return False
        if node.tag == "footer" and not any(a.tag == "article" for a in node.iterancestors()):
            return False
        tokens = f"{node.get('class') or ''} {node.get('id') or ''}".split()
        furniture = any(FURNITURE_TOKEN.match(token) for token in tokens) and not any(
            _LAYOUT_TOKEN.match(token) for token in tokens
        )
        if furniture and len(text_of(node)) < 0.25 * _body_length(page):
            return False
        if node.tag in ("article", "main") or {"hentry", "h-entry"} & set(tokens):
            return True
        node = node.getparent()
    return True


def body_elements(page: Page) -> list[Any]:
    """Every element inside ``<body>`` in document order, like ``//body//*``.

    One walk over the tree, kept for the page: far cheaper than an XPath predicate evaluated
    on every node, and the element objects stay alive for the next caller. A page with several
    ``<body>`` elements (never made by the HTML parser, possible in a hand-built tree) takes
    the XPath itself.
    """
    found: list[Any] | None = page.cache.get("body_elements")
    if found is None:
        bodies = list(page.tree.iter("body"))
        if len(bodies) == 1:
            found = list(bodies[0].iterdescendants(etree.Element))
        else:
            found = page.xpath("//body//*") if bodies else []
        page.cache["body_elements"] = found
    return found
