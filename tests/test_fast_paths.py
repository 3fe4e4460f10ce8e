"""The shortcuts taken for throughput give the same answers as the plain versions they replace.

Each test compares a fast path with a direct implementation of what it stands for (the
regular expressions run everywhere, the CSS queries run one by one, datasketch's MinHash),
over generated inputs and the parser fixtures.
"""

from __future__ import annotations

import random
import unicodedata
from pathlib import Path

import pytest
from parsel import Selector

from newscrawl.clustering import minhash
from newscrawl.normalize import body
from newscrawl.sites import blocking, jordantimes
from newscrawl.sites.navigation import page_selector
from testing.jtsite import build_site

FIXTURES = Path(__file__).parent / "fixtures"

# -- blocking: literal prefilters before the case-insensitive scans ------------------------------

_MARKERS = [
    "<title>", "</title>", "Just a moment...", "JUST A MOMENT...", "Attention Required! | Cloudflare",
    "/cdn-cgi/challenge-platform/", "CF_CHL_", "window._cf_chl_opt", "cf-browser-verification",
    "Enable JavaScript and cookies to continue", "Incapsula incident ID",
    "Request unsuccessful. Incapsula", "errors.edgesuite.net", "You don't have permission to access ",
    " on this server.", "<p>", " Reference", "Sucuri WebSite Firewall", "Access Denied - Sucuri",
    "DDoS-Guard", "ddos-guard.net/", "px-captcha", "_pxAppId", "captcha-delivery.com",
    "_Incapsula_Resource", "captcha", "CAPTCHA", "are you a robot", "verify you are a human",
    "Access Denied", "Forbidden", "Request Rejected", "<script>", "</script>", "<style>",
    "</style >", "<noscript>", "</noscript>", "<div>", "</div>", "<a href='x'>", "<", ">",
    "word ", "ab ", "x ", "\u0131", "\u017f", "\u212a", "\u0130", "\u017fucuri website firewall",
    "_\u0131ncapsula_resource", "\n", " ", "مرحبا ",
]  # fmt: skip


def _plain_block_reason(status: int, html: str) -> str | None:
    """block_reason as first written: every pattern searched, every word counted."""
    head = html[: blocking._SCAN_CHARS]
    for vendor, pattern in blocking._STRONG:
        if pattern.search(head):
            return f"challenge/{vendor}"
    little = blocking.visible_words(head) < blocking.LITTLE_TEXT_WORDS
    if status in blocking.BLOCKING_STATUSES or status == 503 or little:
        for vendor, pattern in blocking._WEAK:
            if pattern.search(head):
                return f"challenge/{vendor}"
    return f"http_{status}" if status in blocking.BLOCKING_STATUSES else None


def test_every_blocking_pattern_has_literals() -> None:
    patterns = [p for _, p in (*blocking._STRONG, *blocking._WEAK)]
    assert set(blocking._NEEDLES) == set(patterns)
    assert all(n == n.lower() for needles in blocking._NEEDLES.values() for n in needles)


def test_block_reason_matches_the_plain_scan() -> None:
    rng = random.Random(7)
    for _ in range(4000):
        html = "".join(rng.choice(_MARKERS) for _ in range(rng.randint(0, 90)))
        status = rng.choice((200, 200, 403, 429, 503, 404))
        assert blocking.block_reason(status, html) == _plain_block_reason(status, html), html


def test_block_reason_on_real_markup() -> None:
    pages = [p.read_text(errors="replace") for p in sorted(FIXTURES.rglob("*.html"))]
    assert pages
    for html in pages:
        for status in (200, 403, 503):
            assert blocking.block_reason(status, html) == _plain_block_reason(status, html)


# -- body: guards before the caption patterns, tidy text left alone ------------------------------

_PIECES = [
    "(", ")", "AFP", "Reuters", "photo", "Photo", "file", "image", "credit", ":", "/", " / ", " ",
    "Getty Images", "via", "and", "by", "courtesy", "AAWSAT", " - ", "—", ".", "\n", "\u00a0",
    "Henry Nicholls", ",", "JT", "Petra", "word", "\u200b", "\u00ad", "  ", "\t", "e\u0301", "x",
]  # fmt: skip


def _plain_clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(body._INVISIBLE)
    return body._SPACES.sub(" ", text).strip()


def _plain_is_caption(text: str) -> bool:
    text = _plain_clean_text(text)
    if not text or body.word_count(text) > body._CAPTION_MAX_WORDS:
        return False
    return any(p.search(text) for p in body._CAPTION_PATTERNS)


def test_caption_and_clean_text_match_the_plain_versions() -> None:
    rng = random.Random(11)
    for _ in range(20000):
        text = "".join(rng.choice(_PIECES) for _ in range(rng.randint(0, 20)))
        assert body.clean_text(text) == _plain_clean_text(text), repr(text)
        assert body.is_caption(text) == _plain_is_caption(text), repr(text)


# -- the Jordan Times parser: one query for what the CSS queries found one by one ----------------


@pytest.fixture(scope="module")
def jt_pages(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("jt")
    build_site(root, n_articles=40, seed=3, page_kb=16, body_words=60)
    pages = [p.read_text() for p in sorted(root.rglob("index*.html"))]
    pages += [
        p.read_text(errors="replace") for p in sorted((FIXTURES / "jordantimes").glob("*.html"))
    ]
    odd = '<div class="news-info\tx"><p>By <span>A</span></p></div><div class="nodes node-x" id="node-7">'
    pages += [odd, '<div class=" news-body " id="node-"></div><div class="node"></div><h1>x</h1>']
    return pages


def roots(found: list[Selector]) -> list[object]:
    return [s.root for s in found]


def test_blocks_match_the_css_queries(jt_pages: list[str]) -> None:
    for html in jt_pages:
        sel = Selector(text=html)
        blocks = jordantimes._Blocks.find(sel)
        assert roots(blocks.news_info) == roots(sel.css("div.news-info"))
        assert roots(blocks.news_body) == roots(sel.css("div.news-body"))
        assert roots(blocks.news_image) == roots(sel.css("div.news-image"))
        assert roots(blocks.content_h1) == roots(
            sel.css("#tabs-wrapper h1, #left-col h1, #content h1")
        )
        assert (
            blocks.node_div_ids
            == sel.css("div.node::attr(id), div[id^='node-']::attr(id)").getall()
        )
        info = blocks.news_info.css("p") or blocks.news_info
        plain = sel.css("div.news-info p") or sel.css("div.news-info")
        assert roots(info[:1]) == roots(plain[:1])


def test_page_selector_parses_each_page_once() -> None:
    html = "<html><body><p>one</p></body></html>"
    assert page_selector(html) is page_selector(html)
    other = "<html><body><p>two</p></body></html>"
    assert page_selector(other).css("p::text").get() == "two"
    assert page_selector(html).css("p::text").get() == "one"


# -- clusters: MinHash without datasketch ------------------------------------------------------


def test_minhash_values_equal_the_plain_definition() -> None:
    # Each value is the minimum over the shingle hashes of one affine permutation (mod 2^32) of
    # the hash's upper 32 bits: computed here one hash and one permutation at a time.
    a, b = minhash._permutations()
    rng = random.Random(5)
    words = [
        "".join(rng.choice("abcdefghij") for _ in range(rng.randint(1, 7))) for _ in range(300)
    ]
    words += ["é", "日本", "ﬁ"]
    for size in (0, 1, 4, 19, 300, 2000):
        hashes = minhash.shingle_hashes(" ".join(rng.choice(words) for _ in range(size)))
        expected = [
            min(((int(h) >> 32) * int(a[i]) + int(b[i])) % (1 << 32) for h in hashes)
            if len(hashes)
            else (1 << 32) - 1
            for i in range(minhash.NUM_PERM)
        ]
        values = minhash.minhash_values(hashes)
        assert list(memoryview(values).cast("I")) == expected


def test_batched_similarity_equals_pairwise() -> None:
    rng = random.Random(9)
    words = [rng.choice("abcdefg") + str(i) for i in range(200)]
    # copies with every 2nd, 5th, 20th word changed: from little to much in common
    texts = [" ".join(words)] + [
        " ".join(w if i % step else w + "x" for i, w in enumerate(words)) for step in (2, 5, 20)
    ]
    sigs = [minhash.signature(t) for t in texts]
    assert all(sigs)
    first, *others = [s for s in sigs if s is not None]
    counts = minhash.match_counts(first, others)
    for other, count in zip(others, counts, strict=True):
        assert minhash.scores(count, first.size, other.size) == minhash.similarity(first, other)


# -- the normalization steps in one pipeline ---------------------------------------------------


def test_one_normalize_pipeline_equals_the_pipeline_per_step() -> None:
    from types import SimpleNamespace

    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from newscrawl.pipelines import normalize
    from newscrawl.sites import get_site

    def items() -> list[dict[str, object]]:
        body = ["AMMAN — The ministry said on Sunday that " + "water supply will rise " * 20,
                "Officials said the plan is funded. (Photo: Petra)"]  # fmt: skip
        return [
            {"url": "https://www.jordantimes.com/news/local/a", "source": "jordantimes",
             "title": "Water plan", "byline_raw": "By Rana Husseini - Feb 22,2014",
             "date_published_raw": "Feb 22,2014", "body_paragraphs": list(body)},
            {"url": "https://www.jordantimes.com/news/local/b", "source": "jordantimes",
             "title": "", "body_paragraphs": list(body)},
            {"url": "https://www.jordantimes.com/news/local/c", "source": "jordantimes",
             "title": "Agency copy", "byline_raw": "AFP", "body_paragraphs": list(body)},
        ]  # fmt: skip

    def run(pipelines: list[normalize.StepPipeline], crawler: object) -> list[object]:
        out: list[object] = []
        for item in items():
            try:
                for pipeline in pipelines:
                    item = pipeline.process_item(item)
            except DropItem as exc:
                out.append(("dropped", str(exc)))
            else:
                out.append(item)
        return out

    results, stats = [], []
    for classes in (
        [normalize.CleanBodyPipeline, normalize.ValidatePipeline, normalize.DatelinePipeline,
         normalize.BylinePipeline, normalize.DatesPipeline, normalize.FinalizePipeline],
        [normalize.NormalizePipeline],
    ):  # fmt: skip
        crawler = get_crawler()
        crawler.spider = SimpleNamespace(site=get_site("jordantimes"))  # type: ignore[assignment]
        assert crawler.stats is not None
        results.append(run([cls.from_crawler(crawler) for cls in classes], crawler))
        stats.append(crawler.stats.get_stats())
    assert results[0] == results[1]
    assert stats[0] == stats[1]
    assert any(r == ("dropped", r[1]) for r in results[1] if isinstance(r, tuple))
    assert any(isinstance(r, dict) and r.get("content_hash") for r in results[1])
