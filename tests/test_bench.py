"""Smoke tests of the throughput benchmarks (``python -m benchmarks`` in the checkout): they run and report.

No timing is asserted; the machine running the tests decides the numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres


REPO = Path(__file__).resolve().parents[1]


def bench(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def small_site(workdir: Path) -> list[str]:
    return ["--articles", "30", "--page-kb", "8", "--body-words", "40", "--workdir", str(workdir)]


def test_crawl_benchmark_compares_all_three_crawls(tmp_path: Path) -> None:
    figures = tmp_path / "figures.json"
    result = bench("crawl", *small_site(tmp_path), "--repeats", "1", "--json", str(figures))
    assert result.returncode == 0, result.stderr[-3000:]
    for expected in (
        "pages/s",
        "CPU ms/article",
        "peak RSS MB",
        "wall ratio",
        "CPU ratio",
        "load avg",
        "(a) bare Scrapy",
        "(b) jordantimes → PostgreSQL",
        "(c) jordantimes → SQLite",
    ):
        assert expected in result.stdout
    summary = json.loads(figures.read_text())["summary"]
    assert summary["pg"]["stored"] == summary["sqlite"]["stored"] == 30
    assert summary["bare"]["pages"] == summary["pg"]["pages"] == summary["sqlite"]["pages"]
    # the CPU ratio counts the server processes of the run's own database
    assert summary["pg"]["db_cpu_ms_per_article"] > 0
    assert 0 < summary["pg"]["cpu_ratio"] < summary["sqlite"]["cpu_ratio"] * 10
    assert summary["bare"]["cpu_ratio"] == 1.0


def test_crawl_benchmark_fails_when_articles_go_missing(tmp_path: Path) -> None:
    from benchmarks.crawl_bench import build_site
    from testing.server import file_for

    site = build_site(tmp_path, articles=30, per_page=10, page_kb=8, body_words=40, seed=1)
    first = sorted(site.root.glob("news/local/*/index.html"))[0]
    path = "/" + str(first.parent.relative_to(site.root))
    page = file_for(site.root, path)
    assert page is not None
    page.write_text("<html><body><p>Gone.</p></body></html>")  # no title, no body: dropped
    result = bench("crawl", *small_site(tmp_path), "--repeats", "1", "--variants", "sqlite")
    assert result.returncode == 1
    assert "stored 29 of 30 articles" in result.stderr


def test_upsert_and_extract_benchmarks_report(tmp_path: Path) -> None:
    upsert = bench("upsert", "--articles", "100")
    assert upsert.returncode == 0, upsert.stderr[-3000:]
    assert "articles/s" in upsert.stdout
    assert "upsert_articles, new" in upsert.stdout
    assert "per CPU second (target >= 1,500)" in upsert.stdout
    assert "per CPU second (target >= 5,000)" in upsert.stdout

    no_corpus = tmp_path / "nothing-here"
    extract = bench("extract", "--corpus", str(no_corpus), "--site-articles", "3")
    assert extract.returncode == 0, extract.stderr[-3000:]
    assert "trafilatura.extract (body)" in extract.stdout  # the synthetic pages were timed
    assert "skipped" in extract.stdout  # and the missing corpus said so
