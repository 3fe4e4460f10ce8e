"""The evaluation harness: scorers on known inputs, aggregation, and a run on a corpus slice."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from newscrawl import decoding
from newscrawl import evaluate as ev

# --- token n-grams and body P/R/F1 -----------------------------------------------------------


def test_ngrams_are_four_token_windows() -> None:
    assert ev.token_ngrams("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}


def test_short_text_is_one_shorter_ngram() -> None:
    assert ev.token_ngrams("one, two!") == {("one", "two"): 1}


def test_tokens_keep_case_and_unicode_words() -> None:
    assert ev.tokenize("Über die Brücke, naïve café") == ["Über", "die", "Brücke", "naïve", "café"]


def test_ngrams_are_a_multiset() -> None:
    assert ev.token_ngrams("a b c d a b c d")[("a", "b", "c", "d")] == 2


BODY_CASES = [
    # predicted, gold, precision, recall
    ("a b c d e", "a b c d e", 1.0, 1.0),
    ("a b c d e", "a b c d f", 0.5, 0.5),
    ("a b c d", "a b c d e f", 1.0, 1 / 3),
    ("x y z w", "a b c d", 0.0, 0.0),
    ("", "a b c d", None, 0.0),
]


@pytest.mark.parametrize(("pred", "gold", "precision", "recall"), BODY_CASES)
def test_body_counts(pred: str, gold: str, precision: float | None, recall: float) -> None:
    counts = ev.body_counts(pred, gold)
    if precision is None:
        assert counts.precision is None
    else:
        assert counts.precision == pytest.approx(precision)
    assert counts.recall == pytest.approx(recall)


def test_body_counts_are_normalised_by_their_sum() -> None:
    counts = ev.body_counts("a b c d e", "a b c d f")
    assert counts.tp + counts.fp + counts.fn == pytest.approx(1.0)


def test_f1_is_computed_from_mean_precision_and_recall() -> None:
    pages = [ev.body_counts("a b c d e", "a b c d e"), ev.body_counts("a b c d", "a b c d e f")]
    p, r, f1 = ev.prf_from_counts(pages)
    assert p == pytest.approx(1.0)
    assert r == pytest.approx((1 + 1 / 3) / 2)
    assert f1 == pytest.approx(2 * p * r / (p + r))


def test_empty_prediction_counts_for_recall_only() -> None:
    p, r, _ = ev.prf_from_counts(
        [ev.body_counts("a b c d", "a b c d"), ev.body_counts("", "a b c d")]
    )
    assert (p, r) == (pytest.approx(1.0), pytest.approx(0.5))


def test_no_pages_scores_zero() -> None:
    assert ev.prf_from_counts([]) == (0.0, 0.0, 0.0)


# --- snippets, authors, dates, titles ---------------------------------------------------


def test_snippets_casefold_and_collapse_whitespace() -> None:
    body = "The  Quick\nbrown fox. Subscribe now"
    assert ev.snippet_hits(body, ["quick brown", "lazy dog"], ["SUBSCRIBE NOW", "cookie"]) == (
        1,
        2,
        1,
        2,
    )


AUTHOR_CASES = [
    (["Jane Roe"], ["jane  roe"], 1.0),
    (["Jane Roe", "John Doe"], ["Jane Roe"], 2 * 0.5 * 1 / 1.5),
    ([], ["Jane Roe"], 0.0),
    (["Jane Roe"], ["John Doe"], 0.0),
    ([], [], 1.0),
    (["Jane Roe", "jane roe"], ["Jane Roe"], 1.0),
]


@pytest.mark.parametrize(("pred", "gold", "f1"), AUTHOR_CASES)
def test_author_set_f1(pred: list[str], gold: list[str], f1: float) -> None:
    assert ev.author_set_f1(pred, gold) == pytest.approx(f1)


def test_credit_f1_matches_an_agency_under_any_name() -> None:
    assert ev.credit_set_f1(["AP", "Jane Roe"], ["Associated Press", "Jane Roe"]) == pytest.approx(
        1.0
    )
    assert ev.credit_set_f1(["JANE  ROE"], ["Jane Roe"]) == pytest.approx(1.0)
    # a different agency, or an agency against a person, is still a miss
    assert ev.credit_set_f1(["AP"], ["Reuters"]) == 0.0
    assert ev.credit_set_f1(["AP", "Jane Roe"], ["Jane Roe"]) == pytest.approx(2 / 3)


def test_names_in_byline_is_a_loose_check() -> None:
    assert ev.names_in_byline(["Jane Roe"], "By JANE ROE, Staff Writer") is True
    assert ev.names_in_byline(["John Doe"], "By Jane Roe") is False
    assert ev.names_in_byline(["Jane Roe"], None) is None


DAY_CASES = [
    ("2024-01-07T01:20:00+00:00", "2024-01-07", 0, True),
    ("2024-01-07", "2024-01-07T23:59:00+02:00", 0, True),
    ("2024-01-06T23:00:00+00:00", "2024-01-07", 0, False),
    ("2024-01-06T23:00:00+00:00", "2024-01-07", 1, True),
    (None, "2024-01-07", 0, False),
    ("not a date", "2024-01-07", 0, False),
]


@pytest.mark.parametrize(("pred", "gold", "tolerance", "ok"), DAY_CASES)
def test_day_match(pred: str | None, gold: str, tolerance: int, ok: bool) -> None:
    assert ev.day_match(pred, gold, tolerance_days=tolerance) is ok


TITLE_CASES = [
    # predicted, gold, exact, prefix
    ("Water  for PARKS", "water for parks", True, True),
    ("Water for parks | Example Daily", "Water for parks", False, True),
    ("Example Daily | Water for parks", "Water for parks", False, False),
    (None, "Water for parks", False, False),
]


@pytest.mark.parametrize(("pred", "gold", "exact", "prefix"), TITLE_CASES)
def test_title_match(pred: str | None, gold: str, exact: bool, prefix: bool) -> None:
    assert ev.title_match(pred, gold) is exact
    assert ev.title_prefix_match(pred, gold) is prefix


# --- decoding ---------------------------------------------------------------------------

DECODE_CASES = [
    (codecs.BOM_UTF8 + "<p>café</p>".encode(), "<p>café</p>", "utf-8"),
    ("<p>café</p>".encode(), "<p>café</p>", "utf-8"),
    (
        "<meta charset='windows-1256'><p>مرحبا</p>".encode("cp1256"),
        "<meta charset='windows-1256'><p>مرحبا</p>",
        "cp1256",
    ),
    ("<p>café</p>".encode("cp1252"), "<p>café</p>", "cp1252"),
    (
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>naïve</p>'.encode(
            "cp1252"
        ),
        '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><p>naïve</p>',
        "cp1252",
    ),
    # A page that claims latin-1 but is valid multi-byte UTF-8 is read as UTF-8.
    (
        "<meta charset='iso-8859-1'><p>café</p>".encode(),
        "<meta charset='iso-8859-1'><p>café</p>",
        "utf-8",
    ),
]


@pytest.mark.parametrize(("raw", "text", "encoding"), DECODE_CASES)
def test_decode_html(raw: bytes, text: str, encoding: str) -> None:
    assert decoding.decode_html(raw) == (text, encoding)


def test_decode_never_fails() -> None:
    text, _ = decoding.decode_html(bytes(range(256)))
    assert len(text) == 256


# --- running, crashes, aggregation, rendering -------------------------------------------


def _write_corpus(root: Path) -> Path:
    pages = root / "pages"
    pages.mkdir()
    rows = [
        {
            "id": "aaaaaaaaaaaa",
            "url": "https://example.com/a",
            "site": "example.com",
            "lang": "en",
            "source_dataset": ["alpha"],
            "html": "pages/aaaaaaaaaaaa.html.gz",
            "gold": {
                "title": "Water for parks",
                "authors": ["Jane Roe"],
                "published": "2024-03-05",
                "body": "one two three four five six",
            },
            "gold_source": {"published": "alpha"},
            "disputed": [],
        },
        {
            "id": "bbbbbbbbbbbb",
            "url": None,
            "site": "readability:test",
            "lang": None,
            "source_dataset": ["beta"],
            "html": "pages/bbbbbbbbbbbb.html.gz",
            "gold": {
                "title": "Broken",
                "published": "2024-03-05",
                "body_must_contain": ["one two"],
            },
            "gold_source": {"published": "beta"},
            "disputed": ["published"],
        },
    ]
    for row in rows:
        (root / row["html"]).write_bytes(gzip.compress(b"<html><body><p>one two</p></body></html>"))
    (root / "index.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return root


def _fake(html: str, url: str | None) -> ev.Extraction:
    if url is None:
        raise RuntimeError("boom")
    return ev.Extraction(
        title="Water for parks",
        authors=["Jane Roe"],
        published="2024-03-05T10:00:00+02:00",
        body="one two three four five six",
    )


def test_a_crash_is_counted_and_scored_as_empty(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write_corpus(tmp_path)
    monkeypatch.setitem(ev.SYSTEMS, ev.OURS, lambda: _fake)
    report = ev.evaluate(corpus)
    overall = report.summaries[ev.OVERALL][ev.OURS]
    assert overall.pages == 2
    assert overall.crashes == 1
    assert overall.day_acc == pytest.approx(0.5)
    assert overall.day_acc_undisputed == pytest.approx(1.0)
    assert overall.body_f1 == pytest.approx(1.0)
    assert overall.author_f1 == pytest.approx(1.0)
    assert overall.snippet_score == pytest.approx(0.0)


def test_report_has_a_row_per_dataset_and_overall(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write_corpus(tmp_path)
    monkeypatch.setitem(ev.SYSTEMS, ev.OURS, lambda: _fake)
    report = ev.evaluate(corpus)
    assert report.groups == ["alpha", "beta", ev.OVERALL]
    table = ev.render_table(report)
    assert table.splitlines()[0].split()[:4] == ["dataset", "system", "pages", "crash"]
    assert sum(1 for line in table.splitlines() if line.startswith("overall")) == 1


def test_dataset_filter_and_limit(tmp_path: Path) -> None:
    corpus = _write_corpus(tmp_path)
    assert [p.id for p in ev.load_index(corpus, datasets=["beta"])] == ["bbbbbbbbbbbb"]
    assert len(ev.load_index(corpus, limit=1)) == 1


def test_json_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _write_corpus(tmp_path)
    monkeypatch.setitem(ev.SYSTEMS, ev.OURS, lambda: _fake)
    out = tmp_path / "results.json"
    ev.write_json(ev.evaluate(corpus), out)
    data = json.loads(out.read_text("utf-8"))
    assert {p["page_id"] for p in data["pages"]} == {"aaaaaaaaaaaa", "bbbbbbbbbbbb"}
    assert data["summaries"]["overall"]["newscrawl"]["crashes"] == 1


def test_catastrophes_count_pages_one_system_fails_and_the_other_gets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _write_corpus(tmp_path)

    def menu(html: str, url: str | None) -> ev.Extraction:
        return ev.Extraction(body="Home News Sport Weather Contact us today")

    monkeypatch.setitem(ev.SYSTEMS, ev.OURS, lambda: menu)
    monkeypatch.setitem(ev.SYSTEMS, "good", lambda: _fake)
    report = ev.evaluate(corpus, compare=["good"])
    assert report.catastrophes(ev.OURS, "good") == ["aaaaaaaaaaaa"]
    assert report.catastrophes("good", ev.OURS) == []
    text = ev.render_catastrophes(report)
    assert "newscrawl 1, good 0" in text
    assert "aaaaaaaaaaaa" in text
    out = tmp_path / "results.json"
    ev.write_json(report, out)
    assert json.loads(out.read_text("utf-8"))["catastrophes"]["newscrawl<good"] == ["aaaaaaaaaaaa"]


def test_page_f1_of_body_counts() -> None:
    assert ev.body_counts("a b c d e", "a b c d e").f1 == pytest.approx(1.0)
    assert ev.body_counts("x y z w", "a b c d e").f1 == 0.0


def test_unknown_system_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown system"):
        ev.evaluate(_write_corpus(tmp_path), compare=["nope"])


def test_cli_runs_on_a_small_corpus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscrawl.cli import eval as eval_cli

    corpus = _write_corpus(tmp_path)
    monkeypatch.setitem(ev.SYSTEMS, ev.OURS, lambda: _fake)
    assert eval_cli.main(["--corpus", str(corpus), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "overall" in out
    assert "1 page(s) raised" in out


def test_cli_reports_a_missing_corpus(tmp_path: Path) -> None:
    from newscrawl.cli import eval as eval_cli

    assert eval_cli.main(["--corpus", str(tmp_path / "absent"), "--quiet"]) == 2


# --- the real corpus --------------------------------------------------------------------

CORPUS = ev.default_corpus_dir()
needs_corpus = pytest.mark.skipif(
    not ev.corpus_available(CORPUS), reason=f"evaluation corpus not found at {CORPUS}"
)


@pytest.mark.corpus
@needs_corpus
def test_corpus_slice_runs_without_crashes_and_above_floors() -> None:
    pages = ev.spread_sample(ev.load_index(CORPUS), 40)
    report = ev.evaluate(CORPUS, pages=pages)
    overall = report.summaries[ev.OVERALL][ev.OURS]
    assert overall.pages == 40
    assert overall.crashes == 0
    # Floors well under the full-corpus figures (docs/evaluation.md), to catch breakage.
    assert overall.body_pages == 0 or overall.body_f1 >= 0.85
    assert overall.day_acc is None or overall.day_acc >= 0.75
    assert overall.title_exact is None or overall.title_exact >= 0.6
    assert overall.author_f1 is None or overall.author_f1 >= 0.5


@pytest.mark.corpus
@needs_corpus
def test_corpus_slice_with_trafilatura_side_by_side() -> None:
    pages = ev.spread_sample(ev.load_index(CORPUS), 6)
    report = ev.evaluate(CORPUS, pages=pages, compare=[ev.TRAFILATURA])
    assert report.systems == [ev.OURS, ev.TRAFILATURA]
    assert report.summaries[ev.OVERALL][ev.TRAFILATURA].pages == 6
