"""Ahram Online (ASP.NET WebForms), e.g. https://english.ahram.org.eg/News/523001.aspx.

An article has a long URL, ``/NewsContent/{sec}/{sub}/{id}/{Section}/{Sub}/{title}.aspx``, and a
short one, ``/News/{id}.aspx``; both are stored as the short one (``reference/sites.md`` §2.5).
The English markup is unknown: the selectors follow the Arabic sister site's
``ContentPlaceHolder1_*`` ids, and its date form ``DD-MM-YYYY | HH:MM`` (day first, Cairo
time). The ``/rss/World.xml`` feed answered 403 to a third-party check: expect a blocked run.
"""

from __future__ import annotations

from newscrawl.sites.base import Selectors, Site

SITE = Site(
    slug="ahram",
    name="Ahram Online",
    domains=("english.ahram.org.eg",),
    canonical_base="https://english.ahram.org.eg",
    article_url_pattern=r"/NewsContent/\d+/\d+/\d+/[^/]+/[^/]+/[^/]+\.aspx|/News/\d+\.aspx",
    article_query_keys=(),  # the path alone names an article
    canonical_rewrites=((r"^/NewsContent/\d+/\d+/(\d+)/.*$", r"/News/\1.aspx"),),
    timezone="Africa/Cairo",
    country="EG",
    day_first=True,
    feeds=("/rss/World.xml",),
    selectors=Selectors(
        title=("h1#ContentPlaceHolder1_divTitle", "#ContentPlaceHolder1_divTitle", "h1"),
        byline=("#ContentPlaceHolder1_divAuthor", ".author"),
        published=("#ContentPlaceHolder1_divdate span", "#ContentPlaceHolder1_divdate"),
        body=("#ContentPlaceHolder1_divContent",),
        caption=("#ContentPlaceHolder1_divImageCaption",),
        section=("#ContentPlaceHolder1_divSection",),
        prefer_metadata_dates=False,
    ),
    desks=("Ahram Online",),
)
