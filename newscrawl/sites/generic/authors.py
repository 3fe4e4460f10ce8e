"""Authors and the printed byline: structured names, profile links, hCards and "By ..." lines."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import urlsplit

from newscrawl.normalize.agencies import canonical_agency, desk_name
from newscrawl.normalize.byline import names_end, normalize_byline
from newscrawl.sites.generic.page import (
    META_AUTHOR,
    Page,
    body_elements,
    itemprop_in,
    outside_furniture,
)
from newscrawl.sites.generic.text import (
    ascii_lower,
    clean,
    short_spaced_text_of,
    spaced_text_of,
    squash,
    text_of,
    url_path,
)
from newscrawl.sites.markup import has_class
from newscrawl.sites.raw import unique

_URLISH = re.compile(r"(?:https?://|www\.|\.(?:com|net|org|de|fr|uk)(?:/|$))", re.I)
_EMAIL = re.compile(r"\S+@\S+\.\w+")
_HAS_LETTER = re.compile(r"[^\W\d_]")
_BY_PREFIX = re.compile(
    r"^\s*(?:written\s+by|posted\s+by|by|von|por|par|di|door|av|af|przez|autor(?:in)?:?|"
    r"author:?|text:?|texto:?|escrito\s+por|publicado\s+por)\s+",
    re.I,
)
# Author strings that are labels, actions or times rather than names.
_JUNK_AUTHOR = re.compile(
    r"^(?:by|von|author|authors|autor|admin|administrator|editor|staff|staff writer|"
    r"guest|guest author|anonymous|unknown|no author|null|none|undefined|n/?a|"
    r"email the author|e-mail the author|follow|share|read more|more|view all posts|"
    r"all posts|posts by|contributor|contributors|\W+)$",
    re.I,
)
_TIMEISH = re.compile(
    r"\b(?:\d+\s+(?:hours?|minutes?|mins?|days?|weeks?)\s+ago|hours?\s+ago|updated|"
    r"published|\d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})\b",
    re.I,
)


def acceptable_author(name: str) -> bool:
    """A string that could name a person or an agency (not a URL, label, date or sentence)."""
    name = clean(name)
    if not name or len(name) > 120:
        return False
    if _URLISH.search(name) or _EMAIL.search(name) or not _HAS_LETTER.search(name):
        return False
    if _JUNK_AUTHOR.match(name) or _TIMEISH.search(name):
        return False
    if name.startswith("@"):  # a social-media handle, not a byline
        return False
    if re.search(r"\b(?:image|photo|foto|getty|istock|shutterstock)\b|^\(", name, re.I):
        return False
    return len(name.split()) <= 8


_TRAILING_ROLE = re.compile(
    r"\s+(?:(?:chef|fach|online|sport|wirtschafts|politik)?redakteur(?:in)?|(?:chef)?reporter(?:in)?|"
    r"korrespondent(?:in)?|autor(?:in)?|volontär(?:in)?|journalist(?:in|e)?|"
    r"(?:senior |staff |contributing |chief )?(?:editor|writer|correspondent|reporter))$",
    re.I,
)


def clean_author(name: Any) -> str:
    name = clean(name)
    if name.startswith("{") and name.endswith("}"):
        # A JSON object serialised into a string field.
        try:
            value = json.loads(name)
        except ValueError:
            value = None
        if isinstance(value, dict):
            name = clean(value.get("name"))
    name = _BY_PREFIX.sub("", name)
    name = name.strip(" ,;|-–—:·~")
    # A job title printed after the name ("Nicole Beispiel Redakteurin").
    stripped = _TRAILING_ROLE.sub("", name)
    return stripped if len(stripped.split()) >= 2 else name


def _usable(names: Iterable[Any]) -> list[str]:
    return unique([n for n in (clean_author(v) for v in names) if acceptable_author(n)])


_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


_DIGIT_HANDLE = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*\d[A-Za-z0-9._-]*$")


def looks_like_username(name: str) -> bool:
    """``christian.stadtfeld``, ``sarah-indra``, ``CC7567``: a login rather than a printed name."""
    if _DIGIT_HANDLE.match(name):
        return True
    return bool(_USERNAME.match(name)) and bool(re.search(r"[._-]", name))


_ORG_WORDS = re.compile(
    r"\b(?:e\.\s?V|GmbH|AG|Ltd|Inc|LLC|Verlag|Online|Redaktion|Stiftung|Landesanstalt|"
    r"Institut|Zeitung|Magazin|Media|News|Press)\b\.?|\.(?:[a-z]{2,3})$",
    re.I,
)


def _squashed(text: str) -> str:
    """``squash`` without the spaces: "El Colombiano" and "elcolombiano" compare equal."""
    return squash(text).replace(" ", "")


def looks_like_outlet(name: str, site_names: Iterable[str] = ()) -> bool:
    """The outlet's own name, a domain, or an organisation rather than a person.

    Site names compare without spaces and punctuation, so the host's own label
    ("elcolombiano" for elcolombiano.com) catches "El Colombiano".
    """
    folded = _squashed(name)
    if folded and any(folded == _squashed(s) for s in site_names):
        return True
    return bool(_ORG_WORDS.search(name))


_HOST_NOISE = frozenset({"www", "m", "amp", "mobile", "com", "co", "org", "net", "gov", "ac"})


def outlet_names(page: Page) -> set[str]:
    """What the outlet calls itself: site names, the host's labels and its Twitter account."""
    names = {n.casefold() for n in page.site_names if n}
    host = (urlsplit(page.url or "").hostname or "").casefold()
    labels = host.split(".")[:-1]  # the top-level domain never names the outlet
    names.update(label for label in labels if len(label) >= 4 and label not in _HOST_NOISE)
    for handle in page.meta.get("twitter:site", []):
        handle = clean(handle).lstrip("@")
        if len(handle) >= 4:
            names.add(handle.casefold())
    return names


def _item_scope(element: Any) -> Any:
    scopes = element.xpath("ancestor::*[@itemscope][1]")
    return scopes[0] if scopes else None


def _is_rdfa_creator(element: Any) -> bool:
    """``@property="dc:creator" or @property="dcterms:creator" or @rel="dc:creator"``."""
    return (
        element.get("property") in ("dc:creator", "dcterms:creator")
        or element.get("rel") == "dc:creator"
    )


def metadata_author_names(page: Page) -> tuple[list[str], str] | None:
    """Author names from structured markup, most trusted source first (people only)."""
    people, _ = page.json_ld.author_names()
    names = _usable(people)
    if names:
        return names, "json-ld"
    for key in META_AUTHOR:
        if key == "twitter:data1":
            label = (page.meta.get("twitter:label1") or [""])[0].casefold()
            if not re.search(r"writ|auth|by|verfasst|autor", label):
                continue
        names = _usable(page.meta.get(key, []))
        if names:
            return names, "meta"
    micro: list[str] = []
    scope: Any = None
    for element in page.marked(itemprop_in("author", "creator")):
        # Only the first item's authors: later ones belong to teasers of other articles.
        own_scope = _item_scope(element)
        if micro and own_scope is not scope:
            continue
        inner = element.xpath('.//*[@itemprop="name"]')
        node = inner[0] if inner else element
        value = clean(node.get("content")) or text_of(node)
        if len(value.split()) <= 6 and _usable([value]):
            micro.extend(_usable([value]))
            scope = own_scope
    if micro:
        return unique(micro), "microdata"
    rdfa = [clean(e.get("content")) or text_of(e) for e in page.marked(_is_rdfa_creator)]
    names = _usable(v for v in rdfa if len(v.split()) <= 6)
    if names:
        return names, "rdfa"
    return None


_PROFILE_HREF = re.compile(
    r"/(?:author|authors|autor|autoren|auteur|auteurs|autore|autores|journalist|journalists|"
    r"writer|writers|reporter|reporters|redakteur|profile|profiles|profil|people|staff|contributor|"
    r"contributors|columnist|columnists)(?:/|\.|-|=)",
    re.I,
)


def profile_href(href: str | None) -> bool:
    """Whether the path of a link looks like an author's profile page (``/author/jane``).

    The path is a piece of the link unless ``urlsplit`` drops tabs or line breaks from it,
    so a link that does not match as a whole is turned down without being split.
    """
    if not href or not (_PROFILE_HREF.search(href) or _URL_DROPS.search(href)):
        return False
    return bool(_PROFILE_HREF.search(url_path(href)))


_URL_DROPS = re.compile(r"[\t\r\n]")  # what urlsplit removes anywhere in a URL
# Topic and tag pages: a person's name there is what the story is about.
_TOPIC_HREF = re.compile(
    r"/(?:topics?|tags?|tagged|subjects?|themen|thema|keywords?|categor(?:y|ies)|sujets?|temas?|"
    r"dossiers?|hashtag)(?:/|$|\?)",
    re.I,
)
_PROSE_CHARS = 150


def _topic_link(href: str) -> bool:
    return bool(_TOPIC_HREF.search(url_path(href)))


def _in_prose(element: Any) -> bool:
    """A link inside a paragraph of running text (a sentence links a name to its page)."""
    paragraph = next(element.iterancestors("p"), None)
    return paragraph is not None and len(text_of(paragraph)) > _PROSE_CHARS


# "View all posts by Jane Doe", "Alle Beiträge von Jane Doe": the name after a listing label.
_ALL_POSTS_BY = re.compile(
    r"^(?:(?:view|see|show|read)\s+)?(?:all\s+|more\s+)?(?:posts|articles|stories|entries)\s+"
    r"(?:by|from)\s+|^more\s+(?:from|by)\s+|^(?:zeige\s+)?(?:alle\s+|mehr\s+)?"
    r"(?:beiträge|artikel|texte|inhalte)\s+(?:von|des\s+autors)\s+|^(?:alles|mehr)\s+von\s+|"
    r"^(?:tous\s+les\s+)?articles\s+(?:de|par)\s+|^(?:todos\s+los\s+)?art[íi]culos\s+de\s+",
    re.I,
)


_LINK_SEPARATOR = re.compile(r"\s*[|·•»]\s*|\s+[-–—]\s+|\s*\n")


def _link_name(element: Any) -> str:
    """The name on an author link, without icon labels run into it."""
    text = clean_author(_ALL_POSTS_BY.sub("", spaced_text_of(element)))
    cut = names_end(_LINK_SEPARATOR.split(text, maxsplit=1)[0])
    return clean_author(cut) if cut != text else text


def author_links(page: Page) -> list[str]:
    """Names on links to author profile pages near the top of the article."""
    # "//body//a[@href]" with explicit axes, which libxml2 walks without a node-set per step
    for element in page.xpath("/descendant::body/descendant::a[@href]"):
        href = element.get("href") or ""
        if not (element.get("rel") == "author" or profile_href(href)):
            continue
        text = _link_name(element)
        if not (acceptable_author(text) and 1 <= len(text.split()) <= 5):
            continue
        if _NOT_A_NAME.search(text) or not outside_furniture(page, element):
            continue
        if element.get("rel") != "author" and (_topic_link(href) or _in_prose(element)):
            continue  # "/topics/people/donald-trump" in a sentence names a subject, not the author
        # Co-authors are linked side by side in the same byline container.
        parent = element.getparent()
        container = parent if parent is not None else element
        if len(text_of(container)) > 200 and container.getparent() is not None:
            container = element
        # Each name wrapped on its own ("<span class=contributor><a>A</a></span>, <span ...>"):
        # the byline is a level or two up, as long as it stays a short line.
        for _ in range(2):
            above = container.getparent()
            if (
                container is element
                or len(container.xpath(".//a[@href]")) > 1
                or above is None
                or above.tag in ("body", "html", "li", "ul", "ol")
                or container.tag == "li"
                or len(text_of(above)) > 200
            ):
                break
            container = above
        names = [text]
        for other in container.xpath(".//a[@href]"):
            if other is element:
                continue
            other_text = _link_name(other)
            if (
                (other.get("rel") == "author" or profile_href(other.get("href")))
                and acceptable_author(other_text)
                and not _NOT_A_NAME.search(other_text)
                and len(other_text.split()) <= 5
            ):
                names.append(other_text)
        return unique(names)
    return []


_LABEL_ONLY = re.compile(
    r"^(?:by|von|vom|par|por|di|door|av|written by|posted by|posted on|posted|published|"
    r"published on|publiziert am|veröffentlicht(?: am| von)?|erstellt von|eingestellt von|"
    r"autor(?:in)?|author|auteur|artikel von|text|follow|am|on|\W)*\W*$",
    re.I,
)
_POSTED_BY = re.compile(
    r"^(?:posted|written|geschrieben|verfasst|publi[ée]|[ée]crit|publicado|escrito)\s+"
    r"(?:by|von|par|por)\s",
    re.I,
)
# A label that introduces the author's name in the element or text after it.
_AUTHOR_LABEL = re.compile(
    r"^\W*(?:(?:by|von|vom|par|por|door|av|written by|posted by|artikel von)\s*:?"
    # a noun is a label when capitalised or followed by a colon ("author" alone is a role)
    r"|(?=(?-i:[TAV])|\S+\s*:)(?:text|autor(?:in|en)?(?:\s*/\s*autor(?:in|en)?)?|authors?|"
    r"auteur|verfasser)\s*:?)\s*$",
    re.I,
)
_LABELLED_NAME = re.compile(
    r"^\W*(?:autor(?:in|en)?(?:\s*/\s*autor(?:in|en)?)?|authors?|auteur)\s*:?\s+(?-i:[A-ZÄÖÜÉ])",
    re.I,
)
_BYLINE_TEXT = re.compile(
    r"^\s*(?:[\d.:/,\s-]{6,}\s*)?"
    # WordPress meta lines: "Posted in Category by jane on August 3, 2019"
    r"(?:(?:posted|published|filed)\s+(?:in|under)\s+[^|·•\n]{1,60}?\s+(?=by\s))?"
    r"(?:written\s+by|posted\s+by|(?:(?:ein|eine|blog|gast)[\s-]?)?(?:artikel|beitrag|text)\s+von|"
    r"by|von|vom|por|par|door|av|auteur\s*:|autor(?:in)?\s*:|author\s*:)\s*:?\s+(?P<rest>\S.{0,150})$",
    re.I | re.S,
)


# What ``//body//*[...]`` used to ask with translate(): the ASCII-lowercased class holding
# one of these words, the id holding "byline", ``rel="author"`` or a ``<byline>`` element.
BYLINE_CLASS_WORDS = (
    "byline",
    "author",
    "autor",
    "auteur",
    "writer",
    "reporter",
    "by-line",
    "posted-by",
    "creator",
)
_BYLINE_CLASS_WORD = re.compile("|".join(map(re.escape, BYLINE_CLASS_WORDS)))
_NOT_BYLINE_TAGS = frozenset({"script", "style", "meta", "link", "img", "body", "article", "html"})


def classed_like_byline(element: Any) -> bool:
    """A byline-ish element: see ``BYLINE_CLASS_WORDS``."""
    if element.tag in _NOT_BYLINE_TAGS:
        return False
    if element.tag == "byline" or element.get("rel") == "author":
        return True
    classes = element.get("class")
    if classes and _BYLINE_CLASS_WORD.search(ascii_lower(classes)):
        return True
    ident = element.get("id")
    return bool(ident) and "byline" in ascii_lower(ident)


def _byline_candidates(page: Page) -> Iterator[Any]:
    named: list[Any] = []
    other: list[Any] = []
    for element in body_elements(page):
        if not classed_like_byline(element):
            continue
        attrs = f"{element.get('class') or ''} {element.get('id') or ''}".casefold()
        if re.search(
            r"avatar|image|img|photo|bio|about|description|box|comment|social|share", attrs
        ):
            continue
        (named if "name" in attrs else other).append(element)
    yield from named
    yield from other


def hcard_authors(page: Page) -> list[str]:
    """Names marked up as hCard authors (``<span class="author vcard"><a class="fn">``)."""
    for element in body_elements(page):
        if not has_class(element, "fn") or not any(
            has_class(node, "vcard") or has_class(node, "author")
            for node in (element, *element.iterancestors())
        ):
            continue
        if not outside_furniture(page, element):
            continue
        name = clean_author(text_of(element))
        if acceptable_author(name) and len(name.split()) <= 5 and not _NOT_A_NAME.search(name):
            return [name]
    return []


# Elements that may print a short byline line or its label.
_BYLINE_LINE_TAGS = frozenset(
    {"p", "span", "div", "strong", "em", "i", "address", "li", "small", "b", "dt", "th"}
    | {"h4", "h5", "h6", "label"}
)


def extract_visible_byline(page: Page) -> tuple[str, str] | None:
    """The byline as printed: an element classed like a byline, or a short "By ..." line."""
    for element in _byline_candidates(page):
        text = short_spaced_text_of(element, 160)  # a longer text is never read in full
        if not text or not _HAS_LETTER.search(text) or text.endswith(":"):
            continue
        if _LABEL_ONLY.match(text) or _URLISH.search(text) or not outside_furniture(page, element):
            continue
        if date_only(text):
            continue  # a byline wrapper holding only the date: the names are elsewhere
        return text, "visible"
    for element in body_elements(page):
        if element.tag not in _BYLINE_LINE_TAGS or len(element) > 10:
            continue
        # every test below wants at most 160 characters: a longer text is never read in full
        text = short_spaced_text_of(element, 160)
        if text is None:
            continue
        # "<strong>Autorin/Autor</strong> Name", "<b>Von:</b><br>Name", "<dt>Author</dt><dd>
        # Name</dd>"; a linked "Autoren" or a list item is a menu entry, not a label.
        if (
            len(text) <= 20
            and _AUTHOR_LABEL.match(text)
            and element.tag != "li"
            and not _is_linked(element)
        ):
            name = _text_after(element)
            if (
                name
                and acceptable_author(clean_author(name))
                and len(name.split()) <= 6
                and not _NOT_A_NAME.search(name)
                and outside_furniture(page, element)
            ):
                return f"{text} {name}", "visible"
        if 4 < len(text) <= 160:
            # A "By ..." line counts when names can be read off it.
            if (
                _BYLINE_TEXT.match(text)
                and byline_credits(text)
                and outside_furniture(page, element)
            ):
                return text, "visible"
        elif (
            text
            and _LABEL_ONLY.match(text)
            and len(text) <= 12
            and re.search(r"\w", text)
            and element.tag not in ("th", "dt", "h4", "h5", "h6", "label")
        ):
            # A lone "By" label: the name is in the next sibling element.
            sibling = element.getnext()
            if sibling is not None:
                name = text_of(sibling)
                if acceptable_author(clean_author(name)) and len(name.split()) <= 6:
                    return f"{text} {name}", "visible"
    # "<h2>Title</h2> Posted by jane under News": a byline printed as loose text after an element.
    for element in body_elements(page):
        if element.tag in ("script", "style"):
            continue
        tail = element.tail
        if not tail or not _POSTED_BY.match(tail.lstrip()):
            continue
        tail = clean(tail)
        if not _POSTED_BY.match(tail + " ") or len(_POSTED_BY.sub("", tail + " ").strip()) < 2:
            continue
        if len(tail) <= 160 and byline_credits(tail) and outside_furniture(page, element):
            return tail, "visible"
    return None


_DATE_WORDS = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
    r"mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:rs(?:day)?)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|today|yesterday|published|updated|last|posted|modified|"
    r"on|at|am|pm|a\.m|p\.m|gmt|utc|ast|est|edt|bst|cet|cest|ago|hours?|mins?|minutes?|days?|"
    r"st|nd|rd|th|uhr|am|um|den|le|el|de)\b|\d+",
    re.I,
)


def date_only(text: str) -> bool:
    """Whether a printed line holds a date or time and nothing else ("Published: 5 March 2024")."""
    if not re.search(r"\d", text):
        return False
    return not re.search(r"[^\W\d_]", _DATE_WORDS.sub(" ", text))


def _is_linked(element: Any) -> bool:
    """Inside or holding a link to a page (mail and script links do not count)."""
    for link in element.xpath("ancestor-or-self::a[@href] | .//a[@href]"):
        href = (link.get("href") or "").strip().casefold()
        if not href.startswith(("mailto:", "javascript:", "#")):
            return True
    return False


def _text_after(element: Any) -> str:
    """The first text printed after an element: its tail, or a following sibling's text."""
    tail = clean(element.tail)
    if tail:
        return tail
    for count, sibling in enumerate(element.itersiblings()):
        if count >= 4 or not isinstance(sibling.tag, str) or sibling.tag == "li":
            break
        for text in (spaced_text_of(sibling), clean(sibling.tail)):
            if text:
                return text
    return ""


_NOT_A_NAME = re.compile(
    r"\b(?:profile|profil|bio|biography|biografie|about|à propos|a propos|contributors?|"
    r"all articles|alle artikel|"
    r"more|mehr|follow|folgen|email|e-mail|mail|twitter|facebook|instagram|linkedin|"
    r"comments?|kommentare?|share|teilen|print|drucken|read|lesen|photo|image|getty|"
    r"istock|shutterstock|credit|reuters pictures|copyright|minutes?|minuten|min read|"
    r"lesezeit|words|wörter|uncategorized|categories|kategorie|tags?)\b|[?!@#=<>{}]",
    re.I,
)


def byline_credits(text: str) -> list[str]:
    """Who a printed line credits (people, then agencies and desks), or [] when it credits nobody.

    The line is read by the one byline grammar, ``normalize.byline``; this only adds the
    parser's own doubt about a line that holds something other than names (a profile link's
    label, a share button, a URL).
    """
    text = clean(text)
    if not text or text.endswith(":"):
        return []
    found = normalize_byline(text)
    names = [*found.authors, *found.agencies, *found.desks]
    if any(_NOT_A_NAME.search(n) or not acceptable_author(n) for n in names):
        return []
    return names


def printed_names_win(
    names: list[str],
    visible: list[str],
    byline: tuple[str, str] | None,
    site_names: Iterable[str],
    *,
    markup_shown: bool = False,
) -> bool:
    """Should names read off the page replace the names from structured markup?

    Yes when the markup gives only logins or the outlet itself, when the printed byline spells
    the same people out more fully or adds co-authors, or when a printed "By ..." line does not
    mention the markup's names at all (unless the page prints the markup's names elsewhere:
    ``markup_shown``, then that "By ..." line is a teaser's).
    """
    if all(looks_like_username(n) for n in names):
        return True
    if all(looks_like_outlet(n, site_names) for n in names):
        return True
    folded_visible = [v.casefold() for v in visible]
    plain_visible = all(
        2 <= len(v.split()) <= 4 and not looks_like_outlet(v, site_names) for v in visible
    )
    covered = all(any(n.casefold() in v for v in folded_visible) for n in names)
    fuller = len(visible) > len(names) or any(
        len(v) > len(n) for v, n in zip(visible, names, strict=False)
    )
    if plain_visible and covered and fuller:
        return True
    printed = byline[0] if byline else ""
    # "By Jane Doe" or "Auteur Jane Doe" printed on the page, naming none of the markup's names
    labelled = _BYLINE_TEXT.match(printed) or _LABELLED_NAME.match(printed)
    # ... and the printed line credits a person, not only the newsroom ("Autor Redaktion")
    person = any(
        not looks_like_outlet(v, site_names) and not desk_name(v) and not canonical_agency(v)
        for v in visible
    )
    return (
        bool(labelled)
        and person
        and not markup_shown
        and not any(n.casefold() in printed.casefold() for n in names)
    )


def comment_post_author(page: Page) -> str | None:
    """The post's author as shown on their own replies in a WordPress comment thread.

    WordPress marks comments written by the post's author with ``bypostauthor``; the name
    shown on such a comment (``<cite class="fn">``) is the author's display name.
    """
    comment = next((e for e in body_elements(page) if has_class(e, "bypostauthor")), None)
    if comment is None:
        return None
    for query in (
        ".//*[contains(concat(' ', normalize-space(@class), ' '), ' fn ')]",
        ".//cite",
        ".//*[contains(@class, 'comment-author') or contains(@class, 'author-name')]",
    ):
        for element in comment.xpath(query):
            # the comment's own name, not one on a reply nested inside it
            owner = element.xpath(
                "ancestor::*[contains(concat(' ', normalize-space(@class), ' '), ' comment ')][1]"
            )
            if owner and owner[0] is not comment:
                continue
            # "<cite class="fn">jane</cite> <span class="says">says:</span>"
            text = re.sub(
                r"\s+(?:says|sagt|dit|dice|scrive|schreibt)\s*:?\s*$",
                "",
                text_of(element),
                flags=re.I,
            )
            name = clean_author(text)
            if (
                acceptable_author(name)
                and 1 <= len(name.split()) <= 4
                and not _NOT_A_NAME.search(name)
                and not _TIMEISH.search(name)
            ):
                return name
            return None
    return None


def _printed_on_page(page: Page, names: list[str]) -> bool:
    """Whether every name occurs in the page's visible text (scripts and styles left out)."""
    texts = page.xpath(
        "//body//text()[not(ancestor::script) and not(ancestor::style) and not(ancestor::noscript)]"
    )
    visible = " ".join(" ".join(str(t).split()) for t in texts).casefold()
    return bool(names) and all(" ".join(n.split()).casefold() in visible for n in names)


def extract_authors(page: Page) -> tuple[tuple[list[str], str] | None, tuple[str, str] | None]:
    """``(author_names, byline_raw)`` chosen by evidence, each with its provenance.

    Structured names win, unless they are logins (``jane.doe``) or the outlet's own name
    while the page prints a byline, or the printed "By ..." line names someone else.
    Then come names on author-profile links, then the names read off the printed byline.
    Organisation authors from JSON-LD are used only when nothing names a person.
    """
    from_markup = metadata_author_names(page)
    byline = extract_visible_byline(page)
    printed = byline[0].casefold() if byline else ""
    from_byline = byline_credits(byline[0]) if byline else []
    links = author_links(page) or hcard_authors(page)
    if links and printed and not any(n.casefold() in printed for n in links):
        # Profile links that the printed byline does not mention are a sidebar's.
        links = [] if from_byline else links
    visible = links or from_byline
    site_names = outlet_names(page)
    if (
        from_markup
        and visible
        and printed_names_win(
            from_markup[0],
            visible,
            byline,
            site_names,
            markup_shown=_printed_on_page(page, from_markup[0]),
        )
    ):
        from_markup = None
    if from_markup and links and printed and len(printed) <= 120:
        # "Ingrid Treborg Marlene Lundberg Holm": a profile link and a plain name side by side
        # in the printed byline, the markup naming only one of them.
        both = unique([*from_markup[0], *links])
        spots = [re.search(rf"(?<!\w){re.escape(n.casefold())}(?!\w)", printed) for n in both]
        if len(both) > len(from_markup[0]) and all(spots):
            order = {n: spot.start() for n, spot in zip(both, spots, strict=True) if spot}
            both.sort(key=lambda n: order[n])
            return (both, from_markup[1]), byline
    if from_markup:
        return from_markup, byline
    if links:
        return (links, "visible"), byline
    if byline:
        # the printed line as it stands: the byline normalizer splits it into credits
        return None, byline
    post_author = comment_post_author(page)
    if post_author:
        return ([post_author], "visible"), None
    _, orgs = page.json_ld.author_names()
    names = _usable(orgs)
    if names:
        return (names, "json-ld"), None
    return None, None
