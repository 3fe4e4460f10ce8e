"""A synthetic Jordan Times site in the Drupal 7 markup, for crawl tests and benchmarks.

``python -m testing.jtsite ROOT --articles N`` writes a mirror in the layout
:mod:`testing.server` serves (``ROOT/news/local/index.html``,
``ROOT/news/local/index@page=1.html``, ``ROOT/news/local/{slug}/index.html``, ``ROOT/robots.txt``)
plus ``manifest.json`` describing every article. All text is invented. The article template,
:func:`render_article`, is the one the hand-written parser fixtures were made from.
"""

from __future__ import annotations

import argparse
import html
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from testing.server import file_for

CANONICAL_BASE = "https://www.jordantimes.com"
SECTIONS = ("local", "region", "world", "business", "sports", "features", "letters", "opinion")
SECTION_LABELS = {
    "local": "Local",
    "region": "Region",
    "world": "World",
    "business": "Business",
    "sports": "Sports",
    "features": "Features",
    "letters": "Letters",
    "opinion": "Opinion",
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
RENDER_DATE = "Today, May 18, 2025"
IMAGE_BASE = "/sites/default/files/styles/news_inner/public"


# -- date formats the site prints ---------------------------------------------------------------


def jt_date(day: date) -> str:
    """The article line format: ``Feb 22,2014`` (no space after the comma)."""
    return f"{MONTHS[day.month - 1]} {day.day:02d},{day.year}"


def sidebar_date(day: date) -> str:
    """The sidebar format: ``Jul 10, 2015``."""
    return f"{MONTHS[day.month - 1]} {day.day:02d}, {day.year}"


# -- markup -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Teaser:
    """A link to another article as the sidebars and related block print it."""

    href: str
    title: str
    date: str


def byline_html(names: Sequence[str] | None) -> str:
    """``By <span>A</span>, <span>B</span> and <span>C</span>``; None prints no "By" at all.

    Empty names make empty spans; when every slot is empty Drupal joins them with ", "
    (``By , -``), as seen on the site.
    """
    if names is None:
        return ""
    if not names:
        return "By"
    spans = [f"<span>{html.escape(n)}</span>" for n in names]
    if all(not n for n in names) or len(spans) == 1:
        return "By " + ", ".join(spans)
    return "By " + ", ".join(spans[:-1]) + " and " + spans[-1]


def news_info_html(names: Sequence[str] | None, published: str, updated: str | None) -> str:
    """The whole ``div.news-info`` block: ``By … - Feb 22,2014 - Last updated at Feb 22,2014``."""
    last = f"Last updated at {updated}" if updated else ""
    line = " - ".join(p for p in (byline_html(names), published, last) if p)
    return f'<div class="news-info">\n<p>{line}</p>\n</div>'


def _menu() -> str:
    items = [("/", "Home")] + [
        (f"/news/{s}" if s != "opinion" else "/opinion", SECTION_LABELS[s]) for s in SECTIONS
    ]
    items += [("/sections/33", "WEF"), ("/static/whats", "What's On")]
    lis = "\n".join(
        f'<li class="leaf{" first" if i == 0 else ""}"><a href="{href}">{label}</a></li>'
        for i, (href, label) in enumerate(items)
    )
    return f'<div id="navigate"><div id="menu"><ul class="menu">\n{lis}\n</ul></div></div>'


def _right_col(popular: Sequence[Teaser], editorial: Teaser | None, render_day: str) -> str:
    rows = "\n".join(
        f'<li><a href="{html.escape(t.href)}">{html.escape(t.title)}</a>'
        f'<span class="date">{t.date}</span></li>'
        for t in popular
    )
    editorial_html = ""
    if editorial is not None:
        editorial_html = (
            f'<div class="editorial"><span class="ed-label">Editorial</span>'
            f'<a href="{html.escape(editorial.href)}">{html.escape(editorial.title)}</a>'
            f'<span class="date">{editorial.date}</span></div>'
        )
    return f"""<div id="right-col">
<div id="block-jtnews-mostnews" class="block block-jtnews">
<ul class="tabs"><li class="active">Popular</li><li>Rated</li><li>Commented</li></ul>
<ul class="most-list">
{rows}
</ul>
</div>
<div id="block-jtopinion-opinion" class="block block-jtopinion">
<h2>Opinion</h2>
{editorial_html}
<p class="date">{render_day}</p>
</div>
<div id="block-simplenews-5" class="block block-simplenews">
<h2>Newsletter</h2>
<p>Get top stories and blog posts emailed to you each day.</p>
<form class="simplenews-subscribe" action="/newsletter/subscriptions" method="post">
<input type="text" name="mail" value="" /><input type="submit" value="Subscribe" />
</form>
</div>
<div id="block-jtnews-youtube" class="block block-jtnews">
<h2>Videos</h2>
<img data-src="/sites/default/files/videos/thumb-1.jpg" src="/sites/all/modules/lazyloader/image_placeholder.gif" alt="" />
</div>
</div>"""


def _page(
    *,
    head_title: str,
    body_class: str,
    left_col: str,
    render_date: str,
    popular: Sequence[Teaser] = (),
    editorial: Teaser | None = None,
    head_extra: str = "",
    settings_extra: str = "",
    copyright_year: int = 2015,
) -> str:
    """The page chrome every Drupal 7 page shares: header, menu, right column, footer, WAF tail."""
    return f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML+RDFa 1.0//EN" "http://www.w3.org/MarkUp/DTD/xhtml-rdfa-1.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" version="XHTML+RDFa 1.0" dir="ltr">
<head profile="http://www.w3.org/1999/xhtml/vocab">
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{head_title}</title>
{head_extra}<link type="text/css" rel="stylesheet" href="/sites/all/themes/jtimes/css/style.css" media="all" />
<script type="text/javascript" src="/misc/jquery.js"></script>
<script type="text/javascript">
<!--//--><![CDATA[//><!--
jQuery.extend(Drupal.settings, {{"basePath":"\\/","pathPrefix":"","ajaxPageState":{{"theme":"jtimes","theme_token":"x1"}}{settings_extra}}});
//--><!]]>
</script>
</head>
<body class="{body_class}">
<div id="site-wrapper">
<div id="header">
<div class="logo"><a href="/" title="Home"><img src="/sites/all/themes/jtimes/logo.png" alt="Home" /></a></div>
<div class="weather"><p class="date">{render_date}</p><span class="temp">Amman 24&deg;C</span></div>
<a class="pdf" href="/read-pdf-list">Read JT PDF Version</a>
</div>
<div id="main"><div class="container">
{_menu()}
<div id="content">
<div id="left-col">
{left_col}
</div>
{_right_col(popular, editorial, render_date.removeprefix("Today, "))}
</div>
</div></div>
<div id="footer">
<ul class="footer-links"><li><a href="/static/about-us">About us</a></li><li><a href="/form/contact-us">Contact us</a></li><li><a href="/ajax_register/login/nojs">Login</a></li></ul>
<p>Copyright &copy; {copyright_year} The Jordan News.</p>
<div class="credit" style="display:none">Designed and developed by AccuSolutions</div>
</div>
</div>
<script type="text/javascript" src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3&amp;ns=1"></script>
</body>
</html>
"""


def _breadcrumb(section: str, last: str) -> str:
    href = "/opinion" if section == "opinion" else f"/news/{section}"
    return (
        '<h2 class="element-invisible">You are here</h2>\n<div class="breadcrumb">'
        '<span class="inline odd first"><a href="/">Home</a></span> <span class="delimiter">»</span> '
        f'<span class="inline even"><a href="{href}">{SECTION_LABELS[section]}</a></span> '
        f'<span class="delimiter">»</span> <span class="inline odd last">{last}</span></div>'
    )


def _related_block(related: Sequence[Teaser]) -> str:
    if not related:
        return ""
    rows = "\n".join(
        f'<div class="row"><div class="ra_image"><img src="/sites/default/files/styles/section_left_col/public/r{i}.jpg" alt="" /></div>'
        f'<div class="ra_header"><a href="{html.escape(t.href)}">{html.escape(t.title)}</a></div>'
        f'<div class="ra_date">{t.date}</div>'
        f'<div class="ra_brief">A related report from the archive.</div></div>'
        for i, t in enumerate(related)
    )
    return (
        '<div id="block-apachesolr-search-mlt-001" class="block block-apachesolr-search">\n'
        f"<h2>Related Articles</h2>\n{rows}\n</div>"
    )


def section_of(path: str) -> str:
    segments = [s for s in path.split("/") if s]
    return "opinion" if segments[0] == "opinion" else segments[1]


def render_article(
    *,
    path: str,
    title: str,
    node_id: int,
    byline_names: Sequence[str] | None,
    published: str,
    updated: str | None,
    body_blocks: Sequence[str],
    caption: str | None = None,
    image: str | None = None,
    render_date: str = "Today, July 10, 2015",
    related: Sequence[Teaser] = (),
    popular: Sequence[Teaser] = (),
    editorial: Teaser | None = None,
    votes: int = 21,
    pad_kb: int = 0,
    canonical_base: str = CANONICAL_BASE,
    copyright_year: int = 2015,
) -> str:
    """A Drupal 7 article page (skeleton of jordantimes.md §6) with all its furniture.

    ``byline_names``: people or credits in the byline (``""`` for an empty slot, ``[]`` for a bare
    ``By``, None for no "By"); ``published``/``updated`` as printed (``Feb 22,2014``);
    ``body_blocks``: raw HTML blocks of ``div.news-body``; ``caption`` goes in ``div.caption``
    after the lead image.
    """
    section = section_of(path)
    safe_title = html.escape(title, quote=False)
    image_html = ""
    if image or caption:
        src = image or f"{IMAGE_BASE}/jt-{node_id}.jpg?itok=Qx{node_id % 9973:04d}"
        caption_html = f'\n<div class="caption">{caption}</div>' if caption else ""
        image_html = (
            f'<div class="news-image news-image-full">\n<img typeof="foaf:Image" src="{src}" '
            f'width="620" height="400" alt="" />{caption_html}\n</div>'
        )
    vote_text = "1 user has voted." if votes == 1 else f"{votes} users have voted."
    body = "\n".join(body_blocks)
    left = f"""{_breadcrumb(section, safe_title)}
<a id="main-content"></a>
<div id="tabs-wrapper" class="clearfix"><h1 class="with-tabs">{safe_title}</h1></div>
<div class="region region-content">
<div id="block-system-main" class="block block-system"><div class="content">
<div id="node-{node_id}" class="node node-news clearfix" about="{path}" typeof="sioc:Item foaf:Document">
<span property="dc:title" content="{html.escape(title)}" class="rdf-meta element-hidden"></span>
<div class="content">
{news_info_html(byline_names, published, updated)}
{image_html}
<div class="news-body">
{body}
</div>
</div>
<div id="share-wrapper"><a class="share-fb" href="https://www.facebook.com/sharer.php?u={canonical_base}{path}">Share</a></div>
<div class="form-item form-type-item">
<label>Rate </label>
<div id="rate-node-{node_id}-1-1" class="rate-widget-1 rate-widget clear-block rate-user rate-widget-thumbs_up">
<a class="rate-button rate-thumbs-up-btn-up" title="up" href="/rate/vote/js?widget_id=1&amp;content_type=node&amp;content_id={node_id}">up</a>
<div class="rate-info">{vote_text}</div>
</div>
</div>
</div>
</div></div>
{_related_block(related)}
<div class="adsense"><ins class="adsbygoogle" style="display:inline-block;width:300px;height:250px" data-ad-client="ca-pub-0000000000000000" data-ad-slot="1111111111"></ins>
<script>(adsbygoogle = window.adsbygoogle || []).push({{}});</script></div>
</div>"""
    head_extra = (
        f'<link rel="shortlink" href="/node/{node_id}" />\n'
        f'<link rel="canonical" href="{canonical_base}{path}" />\n'
    )
    page = _page(
        head_title=f"{safe_title} | Jordan Times",
        body_class=(
            "html not-front not-logged-in no-sidebars page-node page-node- "
            f"page-node-{node_id} node-type-news"
        ),
        left_col=left,
        render_date=render_date,
        popular=popular,
        editorial=editorial,
        head_extra=head_extra,
        settings_extra=f',"rate":{{"basePath":"\\/rate\\/vote\\/js","destination":"node\\/{node_id}"}}',
        copyright_year=copyright_year,
    )
    return _pad(page, pad_kb, node_id)


def _pad(page: str, pad_kb: int, salt: int) -> str:
    """Grow a page to about ``pad_kb`` KB with sidebar teasers and a settings script."""
    target = pad_kb * 1024
    if len(page.encode()) >= target:
        return page
    rng = random.Random(salt)
    header = '<div id="block-jtnews-more" class="block block-jtnews"><h2>More from JT</h2>\n'
    footer = "</div>\n"
    rows: list[str] = []
    size = len(page.encode()) + len(header) + len(footer)
    i = 0
    while size < target:
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(3000))
        row = (
            f'<div class="row"><div class="ra_header"><a href="/news/local/archive-story-{salt}-{i}">'
            f"Archive story {i} on regional development and services</a></div>"
            f'<div class="ra_date">{jt_date(day)}</div><div class="ra_brief">'
            f"Officials reviewed progress on project {i} and the next steps for funding.</div></div>\n"
            f'<script type="text/javascript">var slot_{i} = {{"zone":"side","w":300,"h":250,"seq":{i}}};</script>\n'
        )
        rows.append(row)
        size += len(row.encode())
        i += 1
    filler = header + "".join(rows) + footer
    return page.replace('<div id="block-simplenews-5"', filler + '<div id="block-simplenews-5"', 1)


def render_listing(
    *,
    section: str,
    items: Sequence[dict],
    page: int,
    last_page: int,
    render_date: str = RENDER_DATE,
    popular: Sequence[Teaser] = (),
) -> str:
    """A section listing page (Drupal view with pager), newest first.

    Each item: ``href``, ``title``, ``byline_names``, ``published``, ``updated``, optional
    ``caption`` and ``excerpt`` (text including the dateline).
    """
    label = SECTION_LABELS[section]
    base = "/opinion" if section == "opinion" else f"/news/{section}"
    rows = []
    for n, item in enumerate(items, start=1):
        caption = item.get("caption")
        image = (
            f'<div class="news-image"><a href="{html.escape(item["href"])}"><img src="/sites/default/'
            f'files/styles/thumbnail/public/t{n}.jpg" alt="" /></a>'
            + (f'<div class="caption">{caption}</div>' if caption else "")
            + "</div>"
        )
        rows.append(
            f'<div class="views-row views-row-{n}">\n'
            f'<h2 class="news-title"><a href="{html.escape(item["href"])}">{html.escape(item["title"], quote=False)}</a></h2>\n'
            f"{news_info_html(item['byline_names'], item['published'], item.get('updated'))}\n"
            f"{image}\n"
            f'<div class="news-brief"><p>{html.escape(item.get("excerpt", ""), quote=False)}</p></div>\n'
            "</div>"
        )
    pager = _pager(base, page, last_page)
    left = f"""<h2 class="element-invisible">You are here</h2>
<div class="breadcrumb"><span class="inline odd first"><a href="/">Home</a></span> <span class="delimiter">»</span> <span class="inline even last">{label}</span></div>
<h1 class="title">{label} section</h1>
<div class="region region-content">
<div id="block-system-main" class="block block-system"><div class="content">
<div class="view view-taxonomy-term view-id-taxonomy_term">
<div class="view-content">
{chr(10).join(rows)}
</div>
{pager}
</div>
</div></div>
<div class="adsense"><ins class="adsbygoogle" data-ad-slot="2222222222"></ins></div>
</div>"""
    return _page(
        head_title=f"{label} | Jordan Times",
        body_class="html not-front not-logged-in no-sidebars page-taxonomy page-taxonomy-term",
        left_col=left,
        render_date=render_date,
        popular=popular,
    )


def _pager(base: str, page: int, last_page: int) -> str:
    if last_page <= 0:
        return ""

    def href(n: int) -> str:
        return base if n == 0 else f"{base}?page={n}"

    items = []
    if page > 0:
        items.append(f'<li class="pager-first first"><a href="{href(0)}">« first</a></li>')
        items.append(f'<li class="pager-previous"><a href="{href(page - 1)}">‹ previous</a></li>')
    # Drupal's default pager: a window of nine page numbers with ellipses around it.
    low = max(0, min(page - 4, last_page - 8))
    high = min(last_page, low + 8)
    if low > 0:
        items.append('<li class="pager-ellipsis">…</li>')
    for n in range(low, high + 1):
        if n == page:
            items.append(f'<li class="pager-current">{n + 1}</li>')
        else:
            items.append(f'<li class="pager-item"><a href="{href(n)}">{n + 1}</a></li>')
    if high < last_page:
        items.append('<li class="pager-ellipsis">…</li>')
    if page < last_page:
        items.append(f'<li class="pager-next"><a href="{href(page + 1)}">next ›</a></li>')
        items.append(f'<li class="pager-last last"><a href="{href(last_page)}">last »</a></li>')
    return (
        '<h2 class="element-invisible">Pages</h2>\n<div class="item-list"><ul class="pager">'
        + "".join(items)
        + "</ul></div>"
    )


def render_home(*, top: Sequence[Teaser], render_date: str = RENDER_DATE) -> str:
    sections = "\n".join(
        f'<li><a href="{"/opinion" if s == "opinion" else "/news/" + s}">{SECTION_LABELS[s]}</a></li>'
        for s in SECTIONS
    )
    stories = "\n".join(
        f'<div class="top-story"><a href="{html.escape(t.href)}">{html.escape(t.title, quote=False)}</a>'
        f'<span class="date">{t.date}</span></div>'
        for t in top
    )
    left = f"""<div class="region region-content">
<div class="front-sections"><ul>
{sections}
</ul></div>
<div class="front-top">
{stories}
</div>
</div>"""
    return _page(
        head_title="Jordan Times",
        body_class="html front not-logged-in no-sidebars page-node",
        left_col=left,
        render_date=render_date,
    )


# -- invented content ---------------------------------------------------------------------------

PEOPLE = (
    "Hala Nasser", "Karim Zoubi", "Dana Saleh", "Yousef Tarawneh", "Maha Khoury",
    "Tariq Abu Hamdan", "Nour Haddadin", "Rami Shdeifat", "Layla Abdel-Rahman", "Faris Majali",
)  # fmt: skip
COLUMNISTS = ("Nabil Sweis", "Reem Qudah", "Samer Dajani", "Editorial")
SUBJECTS = (
    "Cabinet", "Water Ministry", "Aqaba authority", "Chamber of Industry", "Health Ministry",
    "Farmers’ union", "Greater Amman Municipality", "Energy regulator", "Tourism board", "Student council",
)  # fmt: skip
VERBS = ("approves", "reviews", "launches", "warns against", "calls for", "unveils", "debates")
OBJECTS = (
    "new irrigation plan", "solar power tender", "winter readiness programme",
    "school rehabilitation drive", "digital licensing system", "border trade measures",
    "heritage site upgrades", "youth employment scheme", "public transport overhaul",
)  # fmt: skip
QUALIFIERS = (
    "in Irbid", "in Zarqa", "in Karak", "in Maan", "in Mafraq", "in Jerash", "in Madaba",
    "for northern villages", "for the new school year", "after public hearings", "amid rising demand",
    "in Aqaba", "for the Jordan Valley", "ahead of winter", "in Salt", "for refugee camps",
)  # fmt: skip
PLACES_ABROAD = ("BEIRUT/AMMAN", "OCCUPIED JERUSALEM", "NAJAF, Iraq", "UNITED NATIONS", "CAIRO")
FILLER = (
    "Officials said the first phase would start within weeks and cover several governorates.",
    "The plan was drawn up after consultations with local councils and private sector groups.",
    "Experts welcomed the step but said funding must be secured before the summer months.",
    "A spokesperson said the measures would be reviewed again at the end of the year.",
    "Residents interviewed on Sunday said they hoped the changes would ease daily costs.",
    "The ministry added that a hotline would answer questions from the public.",
    "Figures released last month showed a steady rise in demand across the Kingdom.",
    "Donor agencies have pledged technical support for the monitoring stage.",
)
SUBHEADS = ("Next steps", "Funding questions", "Reactions", "Background")
CAPTIONS = (
    "Officials tour the project site on Sunday",
    "A general view of the area covered by the plan",
    "Participants attend the launch ceremony in the capital",
)
PHOTO_CREDITS = (
    "(Petra photo)",
    "(JT file)",
    "(Reuters photo)",
    "(AFP photo)",
    "(Photo by Amjad Ghsoun)",
)


@dataclass
class _Spec:
    index: int
    section: str
    kind: str
    day: date
    updated_day: date
    title: str = ""
    path: str = ""
    node_id: int = 0
    names: list[str] | None = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    desks: list[str] = field(default_factory=list)
    dateline: str | None = None
    dateline_html: str = ""
    caption: str | None = None
    caption_in_body: bool = False
    paragraphs: list[str] = field(default_factory=list)
    subhead: str | None = None
    trailing_nbsp: bool = False


# Byline kinds rotated through the articles; opinion pieces get columnists instead.
_KINDS = ("person", "reuters", "two", "jt", "afp", "empty", "person", "empty-slots", "no-by")


def _slugify(title: str) -> str:
    words = []
    for word in title.lower().split():
        kept = "".join(c for c in word if c.isalnum() or c == "\u2019")
        if kept:
            words.append(quote(kept, safe=""))
    return "-".join(words)


def _unique_title(rng: random.Random, used: set[str]) -> str:
    """A headline not used yet on this site (real headlines repeat rarely; tests rely on that)."""
    for _ in range(50):
        title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(QUALIFIERS)}"
        if title not in used:
            break
    else:
        title = f"{title} ({len(used)})"
    used.add(title)
    return title


def _make_spec(
    rng: random.Random, index: int, section: str, day: date, used_titles: set[str]
) -> _Spec:
    kind = "opinion" if section == "opinion" else _KINDS[index % len(_KINDS)]
    updated_day = day + timedelta(days=1) if rng.random() < 0.25 else day
    spec = _Spec(index=index, section=section, kind=kind, day=day, updated_day=updated_day)
    spec.title = _unique_title(rng, used_titles)
    sentences = rng.sample(FILLER, k=min(len(FILLER), rng.randint(4, 7)))
    spec.paragraphs = [
        f"{spec.title}, in a move expected to affect thousands of households.",
        *sentences,
    ]
    place: str | None = "AMMAN"
    agency: str | None = None
    if kind == "person":
        spec.names = [rng.choice(PEOPLE)]
        spec.authors = list(spec.names)
    elif kind == "two":
        spec.names = rng.sample(PEOPLE, k=2)
        spec.authors = list(spec.names)
    elif kind == "reuters":
        spec.names = ["Reuters"]
        spec.agencies = ["Reuters"]
        place = rng.choice(PLACES_ABROAD)
        spec.caption, spec.caption_in_body = (
            "Delegates arrive for talks on Tuesday (Reuters photo)",
            True,
        )
    elif kind == "afp":
        spec.names = ["AFP"]
        spec.agencies = ["AFP"]
        place = rng.choice(PLACES_ABROAD)
    elif kind == "jt":
        spec.names = ["JT"]
        spec.desks = ["JT"]
        agency = "Petra"
    elif kind == "empty":
        spec.names = []
        place = rng.choice(("AMMAN", "AQABA", "IRBID"))
    elif kind == "empty-slots":
        spec.names = ["", ""]
    elif kind == "no-by":
        spec.names = None
    else:  # opinion
        columnist = rng.choice(COLUMNISTS)
        spec.names = [columnist]
        if columnist == "Editorial":
            spec.desks = ["Editorial"]
        else:
            spec.authors = [columnist]
        place = None
    if spec.caption is None and rng.random() < 0.5:
        spec.caption = f"{rng.choice(CAPTIONS)} {rng.choice(PHOTO_CREDITS)}"
    if rng.random() < 0.3 and len(spec.paragraphs) > 3:
        spec.subhead = rng.choice(SUBHEADS)
    spec.trailing_nbsp = rng.random() < 0.4
    if place is not None and section != "letters":
        spec.dateline = place
        if agency:
            # AMMAN (Petra) — : the bracketed agency is a credit (formats.md §3.2).
            spec.dateline_html = f"{place} ({agency}) — "
            spec.agencies.append(agency)
        elif day.year == 2014 and "/" not in place and "," not in place:
            # The 2014 markup: <strong>AMMAN</strong>&nbsp;&ndash; The ...
            spec.dateline_html = f"<strong>{place}</strong>&nbsp;&ndash; "
        else:
            spec.dateline_html = f"{place} — "
    return spec


def _body_blocks(spec: _Spec) -> list[str]:
    blocks = []
    if spec.caption and spec.caption_in_body:
        blocks.append(f"<p>{html.escape(spec.caption, quote=False)}</p>")
    for i, text in enumerate(spec.paragraphs):
        escaped = html.escape(text, quote=False)
        if i == 0:
            blocks.append(f"<p>{spec.dateline_html}{escaped}</p>")
        else:
            blocks.append(f"<p>{escaped}</p>")
        if spec.subhead and i == 2:
            blocks.append(f"<h3>{spec.subhead}</h3>")
    if spec.trailing_nbsp:
        blocks.append("<p>&nbsp;</p>")
    return blocks


# Plain words for longer bodies: no names, no agencies, nothing a normalizer would read as a
# credit, caption or dateline.
_PROSE_WORDS = (
    "officials", "residents", "ministry", "council", "project", "programme", "plan", "funding",
    "budget", "schools", "water", "roads", "power", "prices", "market", "trade", "workers",
    "farmers", "families", "students", "teachers", "doctors", "clinics", "hospitals", "villages",
    "towns", "districts", "region", "capital", "border", "network", "services", "support",
    "demand", "supply", "costs", "wages", "jobs", "growth", "report", "study", "survey",
    "figures", "data", "results", "review", "meeting", "talks", "session", "committee", "panel",
    "board", "agency", "department", "office", "authority", "sector", "industry", "companies",
    "investors", "banks", "loans", "grants", "donors", "partners", "experts", "analysts",
    "observers", "critics", "said", "added", "noted", "stressed", "warned", "explained",
    "announced", "expected", "planned", "approved", "rejected", "delayed", "launched", "opened",
    "closed", "expanded", "reduced", "increased", "improved", "completed", "started", "continued",
    "discussed", "reviewed", "examined", "proposed", "agreed", "signed", "funded", "built",
    "repaired", "the", "a", "an", "of", "to", "in", "for", "on", "with", "at", "by", "from",
    "over", "after", "before", "during", "under", "between", "about", "new", "local", "public",
    "national", "regional", "annual", "monthly", "weekly", "early", "late", "main", "key",
    "major", "minor", "several", "many", "few", "more", "most", "other", "further", "recent",
    "current", "previous", "next", "first", "second", "third", "last", "long", "short", "large",
    "small", "high", "low", "rising", "falling", "steady", "sharp", "modest", "strong", "weak",
    "year", "month", "week", "day", "morning", "evening", "season", "quarter", "decade", "period",
    "phase", "stage", "round", "step", "and", "but", "or", "while", "as", "because", "although",
    "since", "when", "where", "which", "that", "this", "these", "those", "its", "their", "his",
    "her", "our", "will", "would", "could", "should", "may", "might", "must", "can", "has",
    "have", "had", "was", "were", "is", "are",
)  # fmt: skip


def _lengthen(spec: _Spec, words: int, seed: int) -> None:
    """Insert about ``words`` words of invented prose before the body's last paragraph."""
    rng = random.Random(seed * 1_000_003 + spec.index)  # its own stream: the site stays the same
    added: list[str] = []
    count = 0
    while count < words:
        sentences = []
        for _ in range(rng.randint(2, 4)):
            chosen = [rng.choice(_PROSE_WORDS) for _ in range(rng.randint(10, 24))]
            sentences.append(" ".join(chosen).capitalize() + ".")
            count += len(chosen)
        added.append(" ".join(sentences))
    spec.paragraphs[-1:-1] = added


_LINK_FORMS = ("relative", "www", "bare", "mobile", "tracking")


def link_form(path: str, n: int) -> str:
    """A link to ``path`` in one of the host forms the site uses (rotated by ``n``)."""
    form = _LINK_FORMS[n % len(_LINK_FORMS)]
    if form == "www":
        return f"https://www.jordantimes.com{path}"
    if form == "bare":
        return f"http://jordantimes.com{path}"
    if form == "mobile":
        return f"https://m.jordantimes.com{path}"
    if form == "tracking":
        return f"{path}?utm_source=newsletter&utm_medium=email"
    return path


def build_site(
    root: Path,
    n_articles: int = 24,
    per_page: int = 5,
    seed: int = 0,
    page_kb: int = 0,
    body_words: int = 0,
) -> list[dict]:
    """Write a synthetic JT mirror under ``root``; return the manifest (one dict per article).

    ``body_words`` adds about that many words of article-specific prose to every body (between
    the first and the last paragraph), so bodies are as long and as different from each other
    as real stories; 0 keeps the short stock bodies the tests were written against.
    """
    if n_articles < 0 or per_page < 1:
        raise ValueError("n_articles must be >= 0 and per_page >= 1")
    rng = random.Random(seed)
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    start, end = date(2014, 1, 2), date(2025, 5, 17)
    days = sorted(
        start + timedelta(days=rng.randrange((end - start).days)) for _ in range(n_articles)
    )
    titles: set[str] = set()
    specs = [
        _make_spec(rng, i, SECTIONS[i % len(SECTIONS)], day, titles) for i, day in enumerate(days)
    ]

    used: set[str] = set()
    node = 248000
    for spec in specs:  # oldest first, so node ids rise with time as on the site
        node += rng.randint(3, 400)
        spec.node_id = node
        slug = _slugify(spec.title)
        if spec.section == "opinion":
            author = (spec.names or ["editorial"])[0]
            prefix = f"/opinion/{_slugify(author)}/"
        else:
            prefix = f"/news/{spec.section}/"
        path, n = prefix + slug, 0
        while path in used:  # pathauto's collision suffix
            path = f"{prefix}{slug}-{n}"
            n += 1
        used.add(path)
        spec.path = path
        if body_words > 0:
            _lengthen(spec, body_words, seed)

    newest = sorted(specs, key=lambda s: (s.day, s.node_id), reverse=True)
    popular = [
        Teaser(link_form(s.path, i + 1), s.title, sidebar_date(s.day))
        for i, s in enumerate(newest[:4])
    ]
    editorial_spec = next((s for s in newest if s.desks == ["Editorial"]), None)
    editorial = (
        Teaser(editorial_spec.path, editorial_spec.title, sidebar_date(editorial_spec.day))
        if editorial_spec
        else None
    )

    _write(root / "robots.txt", "User-agent: *\nDisallow:\n")
    top = [
        Teaser(link_form(s.path, i), s.title, sidebar_date(s.day)) for i, s in enumerate(newest[:6])
    ]
    _write(file_for(root, "/"), render_home(top=top))

    manifest = []
    for spec in specs:
        related = [
            Teaser(link_form(o.path, spec.index + k), o.title, jt_date(o.day))
            for k, o in enumerate(rng.sample(specs, k=min(3, len(specs))))
            if o is not spec
        ]
        page = render_article(
            path=spec.path,
            title=spec.title,
            node_id=spec.node_id,
            byline_names=spec.names,
            published=jt_date(spec.day),
            updated=jt_date(spec.updated_day),
            body_blocks=_body_blocks(spec),
            caption=None if spec.caption_in_body else spec.caption,
            render_date=RENDER_DATE,
            related=related,
            popular=popular,
            editorial=editorial,
            votes=rng.randint(1, 40),
            pad_kb=page_kb,
            copyright_year=2025,
        )
        _write(file_for(root, spec.path), page)
        manifest.append(_manifest_entry(spec))

    for section in SECTIONS:
        items = [s for s in newest if s.section == section]
        pages = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
        base = "/opinion" if section == "opinion" else f"/news/{section}"
        for number, chunk in enumerate(pages):
            listing_items = [
                {
                    "href": link_form(s.path, s.index),
                    "title": s.title,
                    "byline_names": s.names,
                    "published": jt_date(s.day),
                    "updated": jt_date(s.updated_day),
                    "caption": s.caption,
                    "excerpt": _excerpt(s),
                }
                for s in chunk
            ]
            html_text = render_listing(
                section=section,
                items=listing_items,
                page=number,
                last_page=len(pages) - 1,
                popular=popular,
            )
            _write(file_for(root, base, f"page={number}" if number else ""), html_text)
    return manifest


def _excerpt(spec: _Spec) -> str:
    first = spec.paragraphs[0]
    prefix = f"{spec.dateline} — " if spec.dateline else ""
    return prefix + first + " " + spec.paragraphs[1][:80] + "…"


def _manifest_entry(spec: _Spec) -> dict:
    return {
        "url": CANONICAL_BASE + spec.path,
        "path": spec.path,
        "title": spec.title,
        "authors": list(spec.authors),
        "agencies": list(spec.agencies),
        "desks": list(spec.desks),
        "published": spec.day.isoformat(),
        "updated": spec.updated_day.isoformat(),
        "dateline": spec.dateline,
        "caption": spec.caption,
        "body_first": spec.paragraphs[0],
        "body_last": spec.paragraphs[-1],
        "section": spec.section,
        "node_id": spec.node_id,
    }


def _write(path: Path | None, text: str) -> None:
    if path is None:
        raise ValueError("path outside the mirror root")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic Jordan Times mirror.")
    parser.add_argument("root", type=Path)
    parser.add_argument("--articles", type=int, default=24)
    parser.add_argument("--per-page", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--page-kb", type=int, default=0, help="pad article pages to about this size"
    )
    parser.add_argument(
        "--body-words", type=int, default=0, help="lengthen every body by about this many words"
    )
    args = parser.parse_args(argv)
    manifest = build_site(
        args.root,
        n_articles=args.articles,
        per_page=args.per_page,
        seed=args.seed,
        page_kb=args.page_kb,
        body_words=args.body_words,
    )
    (args.root / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    )
    print(f"wrote {len(manifest)} articles to {args.root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
