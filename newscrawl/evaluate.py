"""Score article extraction against a labelled corpus (layout and measures: docs/evaluation.md).

The corpus is an ``index.jsonl`` (one page and its gold labels per line) next to
``pages/<id>.html.gz``; it is not part of the repository (``$NEWSCRAWL_CORPUS``). The scorers
follow the article-extraction benchmark where it defines a measure:

* body: 4-token n-gram multisets, precision and recall averaged over pages, F1 from the means;
* snippets: share of must-contain snippets found plus must-not-contain snippets absent;
* authors: set F1 on casefolded, whitespace-collapsed names;
* date: the publication day;
* title: exact after casefolding (and a looser "gold is a prefix" variant).

Extraction is timed per page, and a page whose extraction raises is counted as a crash and
scored as an empty result; it never stops the run.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from newscrawl.decoding import decode_html
from newscrawl.normalize.agencies import canonical_agency

logger = logging.getLogger(__name__)

CORPUS_ENV = "NEWSCRAWL_CORPUS"
OURS = "newscrawl"
TRAFILATURA = "trafilatura"
OVERALL = "overall"

# --------------------------------------------------------------------------------------
# Corpus


def default_corpus_dir() -> Path:
    """``$NEWSCRAWL_CORPUS`` if set, else ``<repo>/../shared/corpus``."""
    env = os.environ.get(CORPUS_ENV)
    if env:
        return Path(env)
    repo_root = Path(__file__).resolve().parent.parent
    return repo_root.parent / "shared" / "corpus"


def corpus_available(corpus_dir: Path | None = None) -> bool:
    corpus_dir = corpus_dir or default_corpus_dir()
    return (corpus_dir / "index.jsonl").is_file()


@dataclass(frozen=True)
class CorpusPage:
    """One labelled page of the corpus (the gold labels as stored in ``index.jsonl``)."""

    id: str
    url: str | None
    site: str
    lang: str | None
    datasets: tuple[str, ...]
    html_path: str
    gold: dict[str, Any]
    gold_source: dict[str, str]
    disputed: tuple[str, ...] = ()

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CorpusPage:
        return cls(
            id=row["id"],
            url=row.get("url"),
            site=row.get("site") or "",
            lang=row.get("lang"),
            datasets=tuple(row.get("source_dataset") or ()),
            html_path=row["html"],
            gold=dict(row.get("gold") or {}),
            gold_source=dict(row.get("gold_source") or {}),
            disputed=tuple(row.get("disputed") or ()),
        )


def load_index(
    corpus_dir: Path,
    *,
    datasets: Iterable[str] | None = None,
    limit: int | None = None,
) -> list[CorpusPage]:
    """Read ``index.jsonl``; keep pages of any of ``datasets``; the first ``limit`` pages."""
    wanted = set(datasets or ())
    pages: list[CorpusPage] = []
    with open(corpus_dir / "index.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            page = CorpusPage.from_row(json.loads(line))
            if wanted and not wanted.intersection(page.datasets):
                continue
            pages.append(page)
            if limit is not None and len(pages) >= limit:
                break
    return pages


def spread_sample(pages: Sequence[CorpusPage], n: int) -> list[CorpusPage]:
    """About ``n`` pages taken round-robin over the source datasets (stable order)."""
    by_dataset: dict[str, list[CorpusPage]] = {}
    for page in pages:
        by_dataset.setdefault(page.datasets[0] if page.datasets else "", []).append(page)
    chosen: list[CorpusPage] = []
    seen: set[str] = set()
    queues = [list(v) for _, v in sorted(by_dataset.items())]
    while len(chosen) < n and any(queues):
        for queue in queues:
            if queue and len(chosen) < n:
                page = queue.pop(0)
                if page.id not in seen:
                    seen.add(page.id)
                    chosen.append(page)
    return chosen


def read_page(corpus_dir: Path, page: CorpusPage) -> str:
    """A corpus page decoded as the crawl decodes a response (``newscrawl.decoding``)."""
    raw = gzip.decompress((corpus_dir / page.html_path).read_bytes())
    return decode_html(raw)[0]


# --------------------------------------------------------------------------------------
# Scorers (pure functions)

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def tokenize(text: str | None) -> list[str]:
    """Unicode ``\\w+`` tokens, case kept."""
    return _TOKEN.findall(text or "")


def token_ngrams(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    """Multiset of ``n``-token windows, case kept; a text shorter than ``n`` tokens is one window.

    The benchmark's body measure. Not the story matcher's shingles
    (``newscrawl.clustering.minhash.shingles``: a set of case-folded word 4-grams).
    """
    tokens = tokenize(text)
    if not tokens:
        return Counter()
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


@dataclass(frozen=True)
class BodyCounts:
    """N-gram counts of one page, normalised by tp+fp+fn as the benchmark does."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        """This page's own F1 (0 when nothing matched)."""
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp > 0 else 0.0


def body_counts(predicted: str | None, gold: str | None) -> BodyCounts:
    pred = token_ngrams(predicted)
    true = token_ngrams(gold)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    if total == 0:
        return BodyCounts(0.0, 0.0, 0.0)
    return BodyCounts(tp / total, fp / total, fn / total)


def prf_from_counts(counts: Iterable[BodyCounts]) -> tuple[float, float, float]:
    """Mean precision, mean recall, and F1 computed from those two means."""
    precisions: list[float] = []
    recalls: list[float] = []
    for item in counts:
        if item.precision is not None:
            precisions.append(item.precision)
        if item.recall is not None:
            recalls.append(item.recall)
    p = statistics.fmean(precisions) if precisions else 0.0
    r = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return p, r, f1


def squash(text: str | None) -> str:
    """Casefold and collapse whitespace, the comparison form of every text metric."""
    return _SPACE.sub(" ", (text or "").casefold()).strip()


def snippet_hits(
    predicted: str | None, must_contain: Sequence[str] | None, must_not: Sequence[str] | None
) -> tuple[int, int, int, int]:
    """``(found, n_must, absent, n_must_not)`` for one page."""
    body = squash(predicted)
    must_contain = must_contain or ()
    must_not = must_not or ()
    found = sum(1 for s in must_contain if squash(s) in body)
    absent = sum(1 for s in must_not if squash(s) not in body)
    return found, len(must_contain), absent, len(must_not)


def author_set_f1(predicted: Iterable[str] | None, gold: Iterable[str] | None) -> float:
    """Set F1 of casefolded, whitespace-collapsed names (1.0 when both are empty)."""
    pred = {squash(name) for name in predicted or () if squash(name)}
    true = {squash(name) for name in gold or () if squash(name)}
    if not pred and not true:
        return 1.0
    if not pred or not true:
        return 0.0
    tp = len(pred & true)
    if tp == 0:
        return 0.0
    precision = tp / len(pred)
    recall = tp / len(true)
    return 2 * precision * recall / (precision + recall)


def credit_set_f1(predicted: Iterable[str] | None, gold: Iterable[str] | None) -> float:
    """Set F1 where a wire agency matches under any of its names (``AP`` = ``Associated Press``).

    Used for the "credits" variant, which scores people, agencies and desks together: the
    product stores agencies by their canonical short name, while gold lists them as printed.
    """

    def key(name: str) -> str:
        agency = canonical_agency(name)
        return f"agency:{agency}" if agency else name  # author_set_f1 casefolds both

    return author_set_f1([key(n) for n in predicted or ()], [key(n) for n in gold or ()])


def names_in_byline(predicted: Iterable[str] | None, byline_raw: str | None) -> bool | None:
    """Loose check: every predicted name occurs in the raw byline (None when nothing to check)."""
    names = [squash(n) for n in predicted or () if squash(n)]
    if not byline_raw:
        return None
    if not names:
        return False
    line = squash(byline_raw)
    return all(name in line for name in names)


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def day_match(predicted: str | None, gold: str | None, *, tolerance_days: int = 0) -> bool:
    """Does the predicted ISO date/datetime fall on the gold day (within a tolerance)?"""
    got = _day(predicted)
    want = _day(gold)
    if got is None or want is None:
        return False
    return abs(got - want) <= timedelta(days=tolerance_days)


def title_match(predicted: str | None, gold: str | None) -> bool:
    return bool(squash(gold)) and squash(predicted) == squash(gold)


def title_prefix_match(predicted: str | None, gold: str | None) -> bool:
    """The gold title begins the extraction (tolerates an appended site name)."""
    want = squash(gold)
    return bool(want) and squash(predicted).startswith(want)


# --------------------------------------------------------------------------------------
# Systems under test: html, url -> a small dict of the scored fields


@dataclass
class Extraction:
    """The fields the scorers look at, whatever system produced them."""

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)
    desks: list[str] = field(default_factory=list)
    published: str | None = None
    body: str | None = None


Extractor = Callable[[str, str | None], Extraction]


def _as_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value if v]


def newscrawl_extractor() -> Extractor:
    """newscrawl's own extraction, through ``extract_page`` (what the crawl does)."""
    extract_page = _load_extract_page()

    def run(html: str, url: str | None) -> Extraction:
        result = extract_page(html, url)
        return Extraction(
            title=result.get("title"),
            authors=_as_list(result.get("authors")),
            agencies=_as_list(result.get("agencies")),
            desks=_as_list(result.get("desks")),
            published=result.get("published_at"),
            body=result.get("body"),
        )

    return run


def _load_extract_page() -> Callable[..., dict[str, Any]]:
    # Imported late so that scoring helpers work without the extraction stack.
    from newscrawl.extract import extract_page

    return extract_page


def trafilatura_extractor() -> Extractor:
    """trafilatura with its metadata, default settings except comments left out of the body."""
    import trafilatura

    def run(html: str, url: str | None) -> Extraction:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
        if doc is None:
            return Extraction()
        data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
        author = data.get("author") or ""
        return Extraction(
            title=data.get("title"),
            authors=[a.strip() for a in author.split("; ") if a.strip()],
            published=data.get("date"),
            body=data.get("text"),
        )

    return run


SYSTEMS: dict[str, Callable[[], Extractor]] = {
    OURS: newscrawl_extractor,
    TRAFILATURA: trafilatura_extractor,
}


# --------------------------------------------------------------------------------------
# Running and scoring


@dataclass
class PageResult:
    """One system's extraction of one page, with the page's scores."""

    page_id: str
    system: str
    datasets: list[str]
    ms: float
    error: str | None = None
    extraction: dict[str, Any] = field(default_factory=dict)
    body: BodyCounts | None = None
    snippets: tuple[int, int, int, int] | None = None
    author_f1: float | None = None
    author_f1_credits: float | None = None
    byline_loose: bool | None = None
    day_ok: bool | None = None
    day_disputed: bool = False
    title_exact: bool | None = None
    title_prefix: bool | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        if self.body is not None:
            data["body"] = {
                "tp": self.body.tp,
                "fp": self.body.fp,
                "fn": self.body.fn,
                "precision": self.body.precision,
                "recall": self.body.recall,
            }
        return data


def score_page(
    page: CorpusPage, system: str, got: Extraction, ms: float, error: str | None
) -> PageResult:
    gold = page.gold
    result = PageResult(
        page_id=page.id,
        system=system,
        datasets=list(page.datasets),
        ms=ms,
        error=error,
        extraction={
            "title": got.title,
            "authors": got.authors,
            "agencies": got.agencies,
            "desks": got.desks,
            "published": got.published,
            "body_chars": len(got.body or ""),
        },
    )
    if gold.get("body"):
        result.body = body_counts(got.body, gold["body"])
    if gold.get("body_must_contain") or gold.get("body_must_not_contain"):
        result.snippets = snippet_hits(
            got.body, gold.get("body_must_contain"), gold.get("body_must_not_contain")
        )
    if gold.get("authors"):
        result.author_f1 = author_set_f1(got.authors, gold["authors"])
        result.author_f1_credits = credit_set_f1(
            [*got.authors, *got.agencies, *got.desks], gold["authors"]
        )
    elif gold.get("byline_raw"):
        result.byline_loose = names_in_byline(got.authors, gold["byline_raw"])
    if gold.get("published"):
        # Postlight converted its dates to UTC, so the local day may be one off.
        tolerance = 1 if page.gold_source.get("published") == "postlight-parser" else 0
        result.day_ok = day_match(got.published, gold["published"], tolerance_days=tolerance)
        result.day_disputed = "published" in page.disputed
    if gold.get("title"):
        result.title_exact = title_match(got.title, gold["title"])
        result.title_prefix = title_prefix_match(got.title, gold["title"])
    return result


def run_system(page: CorpusPage, html: str, system: str, extractor: Extractor) -> PageResult:
    """Extract one page with one system; an exception is recorded, never raised."""
    start = time.perf_counter()
    error: str | None = None
    try:
        got = extractor(html, page.url)
    except Exception as exc:  # a crash is a result to count, not a reason to stop
        error = f"{type(exc).__name__}: {exc}"[:300]
        logger.debug("extraction of %s by %s failed", page.id, system, exc_info=True)
        got = Extraction()
    ms = (time.perf_counter() - start) * 1000.0
    return score_page(page, system, got, ms, error)


def iter_results(
    corpus_dir: Path,
    pages: Sequence[CorpusPage],
    systems: dict[str, Extractor],
) -> Iterator[PageResult]:
    """Each page decoded once and handed to every system in turn."""
    for page in pages:
        try:
            html = read_page(corpus_dir, page)
        except Exception as exc:
            for name in systems:
                res = score_page(page, name, Extraction(), 0.0, f"read: {exc}")
                yield res
            continue
        for name, extractor in systems.items():
            yield run_system(page, html, name, extractor)


# --------------------------------------------------------------------------------------
# Aggregation


@dataclass
class Summary:
    """Metrics of one system over one group of pages (a dataset, or all)."""

    pages: int = 0
    crashes: int = 0
    body_pages: int = 0
    body_p: float = 0.0
    body_r: float = 0.0
    body_f1: float = 0.0
    snippet_pages: int = 0
    snippet_score: float | None = None
    author_pages: int = 0
    author_f1: float | None = None
    author_f1_credits: float | None = None
    byline_pages: int = 0
    byline_loose: float | None = None
    date_pages: int = 0
    day_acc: float | None = None
    day_pages_undisputed: int = 0
    day_acc_undisputed: float | None = None
    title_pages: int = 0
    title_exact: float | None = None
    title_prefix: float | None = None
    ms_median: float = 0.0
    ms_mean: float = 0.0


def _mean(values: list[float]) -> float | None:
    return statistics.fmean(values) if values else None


def summarize(results: Sequence[PageResult]) -> Summary:
    summary = Summary(pages=len(results))
    summary.crashes = sum(1 for r in results if r.error)
    bodies = [r.body for r in results if r.body is not None]
    summary.body_pages = len(bodies)
    summary.body_p, summary.body_r, summary.body_f1 = prf_from_counts(bodies)
    snips = [r.snippets for r in results if r.snippets is not None]
    summary.snippet_pages = len(snips)
    total = sum(s[1] + s[3] for s in snips)
    if total:
        summary.snippet_score = sum(s[0] + s[2] for s in snips) / total
    authors = [r for r in results if r.author_f1 is not None]
    summary.author_pages = len(authors)
    summary.author_f1 = _mean([r.author_f1 for r in authors if r.author_f1 is not None])
    summary.author_f1_credits = _mean(
        [r.author_f1_credits for r in authors if r.author_f1_credits is not None]
    )
    bylines = [r.byline_loose for r in results if r.byline_loose is not None]
    summary.byline_pages = len(bylines)
    summary.byline_loose = _mean([float(b) for b in bylines])
    dated = [r for r in results if r.day_ok is not None]
    summary.date_pages = len(dated)
    summary.day_acc = _mean([float(bool(r.day_ok)) for r in dated])
    undisputed = [r for r in dated if not r.day_disputed]
    summary.day_pages_undisputed = len(undisputed)
    summary.day_acc_undisputed = _mean([float(bool(r.day_ok)) for r in undisputed])
    titled = [r for r in results if r.title_exact is not None]
    summary.title_pages = len(titled)
    summary.title_exact = _mean([float(bool(r.title_exact)) for r in titled])
    summary.title_prefix = _mean([float(bool(r.title_prefix)) for r in titled])
    times = [r.ms for r in results if r.error is None or not r.error.startswith("read:")]
    if times:
        summary.ms_median = statistics.median(times)
        summary.ms_mean = statistics.fmean(times)
    return summary


@dataclass
class Report:
    """Summaries keyed by group then system, plus the raw per-page results."""

    systems: list[str]
    groups: list[str]
    summaries: dict[str, dict[str, Summary]]
    results: list[PageResult]

    def catastrophes(self, loser: str, winner: str) -> list[str]:
        """Pages where ``loser``'s body is a failure that ``winner`` shows was avoidable.

        Body F1 below ``CATASTROPHE_BELOW`` while the other system reaches ``CATASTROPHE_OTHER``:
        a menu stored as the article, a teaser for the whole text, a body missing. A mean hides
        such pages; their count does not.
        """
        bodies: dict[str, dict[str, BodyCounts]] = {}
        for res in self.results:
            if res.body is not None:
                bodies.setdefault(res.page_id, {})[res.system] = res.body
        return [
            page_id
            for page_id, per in bodies.items()
            if loser in per
            and winner in per
            and per[loser].f1 < CATASTROPHE_BELOW
            and per[winner].f1 >= CATASTROPHE_OTHER
        ]


CATASTROPHE_BELOW = 0.5
CATASTROPHE_OTHER = 0.9


def build_report(results: Sequence[PageResult], systems: Sequence[str]) -> Report:
    by_group: dict[str, dict[str, list[PageResult]]] = {}
    for res in results:
        for group in [*res.datasets, OVERALL]:
            by_group.setdefault(group, {}).setdefault(res.system, []).append(res)
    groups = [*sorted(g for g in by_group if g != OVERALL), OVERALL]
    summaries = {
        group: {name: summarize(by_group[group].get(name, [])) for name in systems}
        for group in groups
    }
    return Report(list(systems), groups, summaries, list(results))


def evaluate(
    corpus_dir: Path,
    *,
    compare: Sequence[str] = (),
    datasets: Iterable[str] | None = None,
    limit: int | None = None,
    pages: Sequence[CorpusPage] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Report:
    """Run newscrawl (and the ``compare`` systems) over the corpus and summarise."""
    if pages is None:
        pages = load_index(corpus_dir, datasets=datasets, limit=limit)
    names = [OURS, *[c for c in compare if c != OURS]]
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        raise ValueError(f"unknown system(s): {', '.join(unknown)}; known: {', '.join(SYSTEMS)}")
    systems = {name: SYSTEMS[name]() for name in names}
    results: list[PageResult] = []
    done_pages = 0
    for res in iter_results(corpus_dir, pages, systems):
        results.append(res)
        if res.system == names[-1]:
            done_pages += 1
            if progress:
                progress(done_pages, len(pages))
    return build_report(results, names)


# --------------------------------------------------------------------------------------
# Rendering

_COLUMNS: list[tuple[str, str, str]] = [
    # header, Summary attribute, format
    ("pages", "pages", "d"),
    ("crash", "crashes", "d"),
    ("body n", "body_pages", "d"),
    ("body P", "body_p", "3"),
    ("body R", "body_r", "3"),
    ("body F1", "body_f1", "3"),
    ("snip n", "snippet_pages", "d"),
    ("snip", "snippet_score", "3"),
    ("auth n", "author_pages", "d"),
    ("auth F1", "author_f1", "3"),
    ("credits", "author_f1_credits", "3"),
    ("date n", "date_pages", "d"),
    ("day acc", "day_acc", "3"),
    ("undisp", "day_acc_undisputed", "3"),
    ("title n", "title_pages", "d"),
    ("title", "title_exact", "3"),
    ("prefix", "title_prefix", "3"),
    ("ms med", "ms_median", "1"),
    ("ms mean", "ms_mean", "1"),
]


def _cell(value: Any, fmt: str, count: int | None) -> str:
    if fmt != "d" and count == 0:
        return "-"
    if value is None:
        return "-"
    if fmt == "d":
        return str(int(value))
    if fmt == "1":
        return f"{value:.1f}"
    return f"{value:.3f}"


_COUNT_OF = {
    "body_p": "body_pages",
    "body_r": "body_pages",
    "body_f1": "body_pages",
    "snippet_score": "snippet_pages",
    "author_f1": "author_pages",
    "author_f1_credits": "author_pages",
    "day_acc": "date_pages",
    "day_acc_undisputed": "day_pages_undisputed",
    "title_exact": "title_pages",
    "title_prefix": "title_pages",
}


def render_table(report: Report) -> str:
    """A plain-text table: one row per dataset and system, overall last."""
    headers = ["dataset", "system", *[c[0] for c in _COLUMNS]]
    rows: list[list[str]] = []
    for group in report.groups:
        for name in report.systems:
            summary = report.summaries[group][name]
            row = [group, name]
            for _, attr, fmt in _COLUMNS:
                count_attr = _COUNT_OF.get(attr)
                count = getattr(summary, count_attr) if count_attr else None
                row.append(_cell(getattr(summary, attr), fmt, count))
            rows.append(row)
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        out = [cells[0].ljust(widths[0]), cells[1].ljust(widths[1])]
        out += [c.rjust(w) for c, w in zip(cells[2:], widths[2:], strict=True)]
        return "  ".join(out).rstrip()

    text = [line(headers), line(["-" * w for w in widths])]
    previous = None
    for row in rows:
        if previous is not None and row[0] != previous:
            text.append("")
        text.append(line(row))
        previous = row[0]
    return "\n".join(text)


def render_legend() -> str:
    return (
        "body P/R/F1: 4-gram shingle precision/recall means over pages with a full gold body, "
        "F1 from the means; snip: must-contain found + must-not-contain absent (trafilatura "
        "snippets); auth F1: set F1 of casefolded names (people only), credits: people, "
        "agencies and desks together against the same gold, an agency matching under any of "
        "its names; day acc: publication day (postlight gold "
        "±1 day), undisp: without disputed dates; title: exact after casefolding, prefix: gold "
        "title starts the extraction; ms: extraction time per page."
    )


def render_catastrophes(report: Report) -> str:
    """One line per compared system: newscrawl's catastrophic pages against it, and the reverse."""
    lines = []
    for other in report.systems:
        if other == OURS:
            continue
        ours = report.catastrophes(OURS, other)
        theirs = report.catastrophes(other, OURS)
        lines.append(
            f"catastrophic bodies (F1 < {CATASTROPHE_BELOW} where the other has >= "
            f"{CATASTROPHE_OTHER}): {OURS} {len(ours)}, {other} {len(theirs)}"
        )
        if ours:
            lines.append(f"  {OURS} failed: {' '.join(ours[:20])}")
    return "\n".join(lines)


def write_json(report: Report, out: Path) -> None:
    payload = {
        "systems": report.systems,
        "catastrophes": {
            f"{loser}<{winner}": report.catastrophes(loser, winner)
            for loser in report.systems
            for winner in report.systems
            if loser != winner
        },
        "summaries": {
            group: {name: asdict(s) for name, s in per.items()}
            for group, per in report.summaries.items()
        },
        "pages": [r.to_json() for r in report.results],
    }
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
