"""JSON-LD: parse a page's ``ld+json`` scripts, tolerating publisher mistakes, and find the article node."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from newscrawl.sites.generic.text import clean, url_path

# schema.org types whose node describes the article itself.
ARTICLE_TYPES = frozenset(
    t.casefold()
    for t in (
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Report",
        "ScholarlyArticle",
        "TechArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "MedicalScholarlyArticle",
        "Review",
        "Recipe",
        "VideoObject",
    )
)
# Weaker nodes: used for dates and authors only when no article node says anything.
PAGE_TYPES = frozenset(t.casefold() for t in ("WebPage", "ItemPage", "CreativeWork"))
PERSON_TYPES = frozenset(t.casefold() for t in ("Person",))


def _casefold_types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    if isinstance(value, str):
        values = [value]
    elif isinstance(value, list):
        values = [v for v in value if isinstance(v, str)]
    else:
        values = []
    # "schema:NewsArticle" or a full IRI ends with the type name.
    return {re.split(r"[/:#]", v)[-1].casefold() for v in values}


def load_json_ld(text: str) -> Any:
    """Parse a JSON-LD script, tolerating the usual publisher mistakes; None if hopeless."""
    text = text.strip()
    if not text:
        return None
    text = re.sub(r"^\s*(?:<!--|<!\[CDATA\[|//\s*<!\[CDATA\[)", "", text)
    text = re.sub(r"(?:-->|\]\]>|//\s*\]\]>)\s*$", "", text).strip()
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    repaired = re.sub(r",\s*([}\]])", r"\1", text)  # trailing commas
    repaired = re.sub(r"^\s*//.*$", "", repaired, flags=re.M)  # line comments
    repaired = re.sub(r";\s*$", "", repaired.strip())
    try:
        return json.loads(repaired, strict=False)
    except ValueError:
        pass
    # Several objects back to back, or junk after the first object.
    decoder = json.JSONDecoder(strict=False)
    values: list[Any] = []
    pos = 0
    while pos < len(repaired):
        while pos < len(repaired) and repaired[pos] in " \t\r\n,;":
            pos += 1
        if pos >= len(repaired):
            break
        try:
            value, end = decoder.raw_decode(repaired, pos)
        except ValueError:
            break
        values.append(value)
        pos = end
    if values:
        return values if len(values) > 1 else values[0]
    # Unescaped quotes inside values are beyond repair; fall back to field regexes.
    return _salvage_json_ld(text)


_SALVAGE_FIELDS = ("@type", "headline", "datePublished", "dateModified", "dateCreated")


def _salvage_json_ld(text: str) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    for key in _SALVAGE_FIELDS:
        # Only values that end cleanly: a stray quote inside must not truncate them.
        match = re.search(rf'"{re.escape(key)}"\s*:\s*"([^"]*)"\s*[,}}\]]', text)
        if match:
            found[key] = match.group(1)
    names = re.findall(r'"author"\s*:\s*\{[^{}]*?"name"\s*:\s*"([^"]+)"', text)
    if not names:
        names = re.findall(r'"author"\s*:\s*"([^"]+)"', text)
    if names:
        found["author"] = [{"@type": "Person", "name": n} for n in names]
    return found if "@type" in found else None


def iter_nodes(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON object in a JSON-LD document (lists and ``@graph`` included)."""
    if depth > 12:
        return
    if isinstance(value, list):
        for item in value:
            yield from iter_nodes(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if isinstance(item, (dict, list)) and key not in ("author", "creator"):
                yield from iter_nodes(item, depth + 1)


@dataclass
class JsonLd:
    """The article node of a page's JSON-LD and the objects it may refer to by ``@id``."""

    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    by_id: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_names: list[str] = field(default_factory=list)

    @classmethod
    def from_scripts(cls, scripts: Iterable[str], url: str | None) -> JsonLd:
        found = cls()
        articles: list[dict[str, Any]] = []
        pages: list[dict[str, Any]] = []
        for script in scripts:
            data = load_json_ld(script)
            if data is None:
                continue
            for node in iter_nodes(data):
                node_id = node.get("@id")
                if isinstance(node_id, str) and len(node) > 1:
                    found.by_id.setdefault(node_id, node)
                types = _casefold_types(node)
                if types & ARTICLE_TYPES:
                    articles.append(node)
                elif types & PAGE_TYPES:
                    pages.append(node)
                if types & {"organization", "newsmediaorganization", "website"}:
                    name = clean(node.get("name"))
                    if name:
                        found.site_names.append(name)
        found.article = cls._best(articles, url)
        found.page = cls._best(pages, url)
        return found

    @staticmethod
    def _best(nodes: list[dict[str, Any]], url: str | None) -> dict[str, Any] | None:
        if not nodes:
            return None
        page_path = url_path(url).rstrip("/")

        def score(indexed: tuple[int, dict[str, Any]]) -> tuple[int, int]:
            index, node = indexed
            points = 0
            for key in ("headline", "datePublished", "author", "articleBody"):
                if node.get(key):
                    points += 2
            ref = node.get("mainEntityOfPage") or node.get("url")
            if isinstance(ref, dict):
                ref = ref.get("@id") or ref.get("url")
            if page_path and isinstance(ref, str) and url_path(ref).rstrip("/") == page_path:
                points += 5
            # Earlier nodes win ties: a page lists its own article before related ones.
            return points, -index

        return max(enumerate(nodes), key=score)[1]

    def resolve(self, value: Any) -> Any:
        if isinstance(value, dict) and set(value) <= {"@id", "@type"} and "@id" in value:
            return self.by_id.get(value["@id"], value)
        return value

    def get(self, key: str, *, page_too: bool = False) -> Any:
        for node in (self.article, self.page if page_too else None):
            if node and node.get(key) not in (None, "", [], {}):
                return node[key]
        return None

    def author_names(self) -> tuple[list[str], list[str]]:
        """``(people, organisations)`` named as the article's author."""
        people: list[str] = []
        orgs: list[str] = []
        for key in ("author", "creator"):
            value = self.get(key, page_too=True)
            if value is None:
                continue
            for item in value if isinstance(value, list) else [value]:
                item = self.resolve(item)
                if isinstance(item, str):
                    people.append(item)
                elif isinstance(item, dict):
                    name = item.get("name")
                    if isinstance(name, list):
                        name = name[0] if name else None
                    if isinstance(name, dict):
                        name = name.get("@value") or name.get("name")
                    if not name and (item.get("givenName") or item.get("familyName")):
                        name = f"{clean(item.get('givenName'))} {clean(item.get('familyName'))}"
                    if not name:
                        continue
                    types = _casefold_types(item)
                    if types and not types & PERSON_TYPES:
                        orgs.append(str(name))
                    else:
                        people.append(str(name))
            if people or orgs:
                break
        return people, orgs
