"""Article identity: which part of a URL names an article (the storage key)."""

from __future__ import annotations

import pytest
from sitefixtures import load_cases

from newscrawl.extract import canonical_url_for
from newscrawl.sites import all_sites, get_site, register_site
from newscrawl.sites.base import Site
from newscrawl.sites.navigation import article_ref
from newscrawl.urls import canonical_article_url, canonical_query, is_tracking_param

BASE = "https://www.example.com"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        # the query is the article's name on these sites: it stays, sorted by key
        ("http://example.com/news.asp?section=1&id=11460", f"{BASE}/news.asp?id=11460&section=1"),
        ("http://example.com/news.asp?id=11460&section=1", f"{BASE}/news.asp?id=11460&section=1"),
        ("http://example.com/servlet/Satellite?pagename=JPost%2FJPArticle%2FShowFull&cid=1196847353521",
         f"{BASE}/servlet/Satellite?cid=1196847353521&pagename=JPost%2FJPArticle%2FShowFull"),
        ("http://example.com/DisplayArticleNew.asp?xfile=data/theuae/2008/May/theuae_May1.xml&section=theuae",
         f"{BASE}/DisplayArticleNew.asp?section=theuae&xfile=data/theuae/2008/May/theuae_May1.xml"),
        # tracking parameters and the fragment go; nothing else does
        ("http://example.com/news.asp?id=7&utm_source=rss&utm_medium=feed&fbclid=X1&gclid=Y#top",
         f"{BASE}/news.asp?id=7"),
        ("http://example.com/a/b/?ref=home&REF_SRC=twsrc", f"{BASE}/a/b"),
        ("http://example.com/story?amp", f"{BASE}/story?amp"),
        ("http://example.com/story?amp=", f"{BASE}/story?amp="),
        # escapes written one way: unreserved ones decoded, the rest upper case; spaces escaped
        ("http://example.com/s?q=%7e%2fx&t=a b", f"{BASE}/s?q=~%2Fx&t=a%20b"),
        # a repeated key keeps both values, in page order
        ("http://example.com/list?tag=b&tag=a", f"{BASE}/list?tag=b&tag=a"),
    ],
)  # fmt: skip
def test_canonical_url_keeps_the_query_and_drops_tracking(url: str, canonical: str) -> None:
    assert canonical_article_url(url, BASE) == canonical
    assert canonical_article_url(canonical, BASE) == canonical  # stable


def test_identity_keys_keep_only_those() -> None:
    url = "http://example.com/InnerPage.jsp?name=en_news&lang=en&ID=5&lang=ar&print=1"
    assert canonical_article_url(url, BASE, ("ID", "lang", "name")) == (
        f"{BASE}/InnerPage.jsp?ID=5&lang=en&name=en_news"  # the first value of a key wins
    )
    assert canonical_article_url(url, BASE, ()) == f"{BASE}/InnerPage.jsp"
    assert canonical_query("b=2&a=1&utm_campaign=x") == "a=1&b=2"


def test_tracking_parameters() -> None:
    for name in ("utm_source", "UTM_Medium", "fbclid", "gclid", "ref", "mc_cid", "traffic_source"):
        assert is_tracking_param(name), name
    for name in ("id", "cid", "xfile", "page", "section", "referrer", "p"):
        assert not is_tracking_param(name), name


def test_a_site_without_identity_keys_keeps_every_parameter() -> None:
    site = Site(
        slug="q", name="Q", domains=("q.example",), canonical_base="https://q.example",
        article_url_pattern=r"/news\.asp\?id=\d+(?:&section=\d+)?", timezone="UTC", country="XX",
    )  # fmt: skip
    assert site.identity() == "path + query (tracking parameters dropped)"
    one = article_ref("https://q.example/news.asp?section=1&id=11460&utm_source=x", site)
    two = article_ref("https://q.example/news.asp?id=11461&section=1", site)
    assert one is not None
    assert two is not None
    assert one.canonical == "https://q.example/news.asp?id=11460&section=1"
    assert two.canonical == "https://q.example/news.asp?id=11461&section=1"
    assert article_ref("https://q.example/news.asp?section=1", site) is None


def test_path_only_sites_ignore_the_query() -> None:
    site = get_site("jordantimes")
    assert site.identity() == "path"
    ref = article_ref(
        "https://jordantimes.com/news/local/some-story?page=3&utm_source=x#comments", site
    )
    assert ref is not None
    assert ref.canonical == "https://www.jordantimes.com/news/local/some-story"
    assert get_site("petra").identity() == "path + ID, lang, name"


def _case_urls(site: Site) -> list[str]:
    cases = load_cases(site.slug) or {}
    urls = [c["url"] for c in cases.get("articles", []) if c.get("url")]
    stored = cases.get("crawl", {}).get("stored", [])
    return urls + (stored if isinstance(stored, list) else [])  # jtsite: a generated mirror


@pytest.mark.parametrize("site", all_sites(), ids=lambda s: s.slug)
def test_registered_sites_keep_their_stored_urls(site: Site) -> None:
    """Every URL a registered site's fixtures store is still its own key, with or without tracking."""
    urls = _case_urls(site)
    assert urls, site.slug
    for url in urls:
        ref = article_ref(url, site)
        assert ref is not None, url
        assert ref.canonical == url
        sep = "&" if "?" in url else "?"
        tracked = article_ref(f"{url}{sep}utm_source=rss&fbclid=abc", site)
        assert tracked is not None, url
        assert tracked.canonical == url
        assert canonical_url_for(url, site) == url


def test_every_registered_site_declares_its_identity() -> None:
    # A registered outlet's URL shape is known: none relies on the keep-everything default.
    assert [s.slug for s in all_sites() if s.article_query_keys is None] == []


def test_register_site_refuses_a_taken_slug_or_host() -> None:
    taken_slug = Site(
        slug="petra", name="P", domains=("p.example",), canonical_base="https://p.example",
        article_url_pattern=r"/x", timezone="UTC", country="XX",
    )  # fmt: skip
    with pytest.raises(ValueError, match="already registered"):
        register_site(taken_slug)
    taken_host = Site(
        slug="petra2", name="P", domains=("petra.gov.jo",), canonical_base="https://petra.gov.jo",
        article_url_pattern=r"/x", timezone="UTC", country="XX",
    )  # fmt: skip
    with pytest.raises(ValueError, match="already belongs"):
        register_site(taken_host)
