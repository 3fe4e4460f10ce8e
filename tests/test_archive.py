"""The page archive: a mirror crawl kept as WARC, re-extracted offline, and ingested elsewhere."""

from __future__ import annotations

import gzip
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from newscrawl.archive.location import archive_dir
from newscrawl.archive.warc import BrokenRecord, Exchange, WarcReader, WarcWriter, archive_files
from newscrawl.cli import main as cli_main
from newscrawl.db.engine import upgrade
from testing.jtsite import build_site
from testing.server import serve
from tests.test_crawl import run_crawl

ARTICLE_COLUMNS = (
    "url", "node_id", "section", "title", "byline", "byline_kind", "desks", "published_at",
    "updated_at", "date_precision", "published_local", "date_published_raw", "date_updated_raw",
    "dateline", "dateline_raw", "dateline_places", "dateline_countries", "body", "body_html",
    "caption", "word_count", "language", "parser", "provenance", "content_hash", "http_etag",
    "http_last_modified",
)  # fmt: skip


def _rows(db_url: str) -> dict[str, dict[str, Any]]:
    engine = create_engine(db_url)
    query = text(
        f"""
        SELECT {", ".join("a." + c for c in ARTICLE_COLUMNS)}, s.slug,
          (SELECT json_agg(au.name ORDER BY aa.position) FROM article_authors aa
             JOIN authors au ON au.id = aa.author_id WHERE aa.article_id = a.id) AS authors,
          (SELECT json_agg(ag.name ORDER BY ga.position) FROM article_agencies ga
             JOIN agencies ag ON ag.id = ga.agency_id WHERE ga.article_id = a.id) AS agencies,
          (SELECT count(*) FROM article_revisions r WHERE r.article_id = a.id) AS revisions
        FROM articles a JOIN sources s ON s.id = a.source_id
        """
    )
    with engine.connect() as conn:
        rows = {r.url: dict(r._mapping) for r in conn.execute(query)}
    engine.dispose()
    return rows


def _scalar(db_url: str, sql: str) -> Any:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql)).scalar()
    engine.dispose()
    return value


@pytest.fixture(scope="module")
def archived_crawl(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A mirror crawled once with the archive on; the mirror is stopped afterwards."""
    from tests.conftest import create_database, drop_database

    root = tmp_path_factory.mktemp("jt-mirror")
    manifest = build_site(root, n_articles=12, per_page=5, seed=11)
    work = tmp_path_factory.mktemp("crawl")
    archive = work / "warc"
    db_url = create_database()
    upgrade(db_url)
    with serve(root) as base_url:
        result = run_crawl(work, base_url, db_url, "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    assert result.returncode == 0, result.stderr[-3000:]
    yield db_url, archive, manifest, result
    drop_database(db_url)


def test_crawl_archive_validates_and_holds_every_response_under_real_urls(archived_crawl: Any) -> None:
    db_url, archive, manifest, result = archived_crawl
    files = archive_files(archive, "jordantimes")
    assert files
    for path in files:
        check = subprocess.run(
            [str(Path(sys.executable).parent / "fastwarc"), "check", "-p", "-q", str(path)],
            capture_output=True, text=True,
        )  # fmt: skip
        assert check.returncode == 0, check.stdout + check.stderr
    pages = [p for path in files for p in WarcReader(path)]
    assert not [p for p in pages if isinstance(p, BrokenRecord)]
    urls = [p.url for p in pages]  # type: ignore[union-attr]
    fetched = int(result.stderr.split("'downloader/response_count': ")[1].split(",")[0])
    assert len(urls) == fetched  # one response record per response received
    assert all(u.startswith("https://www.jordantimes.com/") for u in urls)
    assert "https://www.jordantimes.com/robots.txt" in urls
    assert {a["url"] for a in manifest} <= set(urls)
    # The run names its files; each first revision names its record, which holds that article.
    listed = _scalar(db_url, "SELECT archive_files FROM crawl_runs ORDER BY id DESC LIMIT 1")
    assert sorted(listed) == [f.relative_to(archive).as_posix() for f in files]
    engine = create_engine(db_url)
    with engine.connect() as conn:
        located = conn.execute(
            text("SELECT a.url, r.archive_file, r.archive_offset FROM article_revisions r JOIN articles a ON a.id = r.article_id")
        ).all()
    engine.dispose()
    assert len(located) == len(manifest)
    from newscrawl.archive.warc import read_record

    for url, name, offset in located:
        record = read_record(archive / name, offset)
        assert record is not None
        assert not isinstance(record, BrokenRecord)
        assert record.url == url
        assert record.status == 200


def _reextract(db_url: str, archive: Path, *args: str) -> int:
    return cli_main(["reextract", "--url", db_url, "--archive", str(archive), *args])


def test_reextract_with_the_same_parsers_changes_nothing(archived_crawl: Any, capsys: Any) -> None:
    db_url, archive, manifest, _ = archived_crawl
    before = _rows(db_url)
    assert _reextract(db_url, archive, "--site", "jordantimes") == 0
    out = capsys.readouterr().out
    assert f"re-extracted {len(manifest)} (0 new, 0 changed, {len(manifest)} unchanged)" in out
    assert "failed 0" in out
    after = _rows(db_url)
    assert after == before


def test_ingest_warc_into_an_empty_database_gives_the_crawled_rows(
    archived_crawl: Any, fresh_pg_url: str, tmp_path: Path, capsys: Any
) -> None:
    db_url, archive, manifest, _ = archived_crawl
    upgrade(fresh_pg_url)
    files = [str(f) for f in archive_files(archive)]
    state = tmp_path / "state"
    assert cli_main(["ingest-warc", "--url", fresh_pg_url, "--state", str(state), *files]) == 0
    out = capsys.readouterr().out
    assert f"kept {len(manifest)} ({len(manifest)} new" in out
    crawled = {u: {k: v for k, v in r.items() if k != "revisions"} for u, r in _rows(db_url).items()}
    ingested = {u: {k: v for k, v in r.items() if k != "revisions"} for u, r in _rows(fresh_pg_url).items()}
    assert set(ingested) == set(crawled)
    for url, row in crawled.items():  # field for field, credits in order included
        for column, value in row.items():
            assert ingested[url][column] == value, (url, column)
    # Idempotent and resumable: a second run finds the files done; --again stores nothing new.
    assert cli_main(["ingest-warc", "--url", fresh_pg_url, "--state", str(state), *files]) == 0
    assert "ingested whole before" in capsys.readouterr().out
    assert cli_main(["ingest-warc", "--url", fresh_pg_url, "--state", str(state), "--again", *files]) == 0
    again = capsys.readouterr().out
    assert f"kept {len(manifest)} (0 new, 0 changed, {len(manifest)} unchanged)" in again
    assert _scalar(fresh_pg_url, "SELECT count(*) FROM articles") == len(manifest)


def test_reextract_after_a_parser_change_adds_revisions_to_the_changed_articles_only(
    archived_crawl: Any, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_url, archive, manifest, _ = archived_crawl
    from newscrawl.sites.jordantimes import JordanTimesParser

    changed_urls = {a["url"] for a in manifest[::3]}
    original = JordanTimesParser.parse

    def fixed_parse(self: Any, html: str, url: str) -> Any:
        raw = original(self, html, url)
        if url in changed_urls:  # the "fix" reaches a third of the pages
            raw.title = (raw.title or "") + " (corrected)"
        return raw

    monkeypatch.setattr(JordanTimesParser, "parse", fixed_parse)
    before = _rows(db_url)
    assert _reextract(db_url, archive, "--site", "jordantimes") == 0
    out = capsys.readouterr().out
    assert f"{len(changed_urls)} changed" in out
    assert f"jordantimes: {len(changed_urls)} changed (title {len(changed_urls)})" in out
    after = _rows(db_url)
    for url, row in after.items():
        if url in changed_urls:
            assert row["title"].endswith("(corrected)")
            assert row["revisions"] == before[url]["revisions"] + 1
        else:
            assert row == before[url]
    # A date window that holds no fetch re-extracts nothing.
    assert _reextract(db_url, archive, "--until", "2000-01-01") == 0
    assert "re-extracted 0" in capsys.readouterr().out


def _exchange(i: int, body: bytes, headers: list[tuple[bytes, bytes]] | None = None) -> Exchange:
    return Exchange(
        url=f"https://www.jordantimes.com/news/local/story-{i}",
        status=200,
        response_headers=headers or [(b"Content-Type", b"text/html; charset=utf-8")],
        body=body,
        fetched_at=datetime(2025, 5, 18, 12, i, tzinfo=UTC),
    )


def _article_pages(root: Path, n: int) -> list[bytes]:
    manifest = build_site(root, n_articles=n, per_page=5, seed=5)
    from testing.server import file_for

    out = []
    for article in manifest[:n]:
        path = file_for(root, article["url"].removeprefix("https://www.jordantimes.com"))
        assert path is not None
        out.append((article["url"], path.read_bytes()))
    return out  # type: ignore[return-value]


def test_a_truncated_record_is_counted_failed_and_the_others_stored(
    fresh_pg_url: str, tmp_path: Path, capsys: Any
) -> None:
    upgrade(fresh_pg_url)
    pages = _article_pages(tmp_path / "site", 4)
    writer = WarcWriter(tmp_path / "warc", "other", max_bytes=10**9)
    locations = []
    for i, (url, html) in enumerate(pages):
        if i == 1:  # served gzip-compressed
            exchange = _exchange(i, gzip.compress(html), [(b"Content-Type", b"text/html"), (b"Content-Encoding", b"gzip")])
        else:
            exchange = _exchange(i, html)
        locations.append(writer.write(Exchange(**{**exchange.__dict__, "url": url})))
    writer.close()
    path = tmp_path / "warc" / writer.files[0]
    data = path.read_bytes()
    cut = locations[2].offset
    # The third response loses half of its bytes: a record cut short in the middle of the file.
    damaged = data[: cut + 200] + data[cut + 800 :]
    target = tmp_path / "damaged.warc.gz"
    target.write_bytes(damaged)
    code = cli_main(["ingest-warc", "--url", fresh_pg_url, "--state", str(tmp_path / "s"), str(target)])
    captured = capsys.readouterr()
    assert code == 1
    assert "failed 1" in captured.out
    assert "kept 3 (3 new" in captured.out
    assert "could not be read" in captured.err
    stored = _scalar(fresh_pg_url, "SELECT count(*) FROM articles")
    assert stored == 3
    assert _scalar(fresh_pg_url, f"SELECT count(*) FROM articles WHERE url = '{pages[2][0]}'") == 0


def test_ingest_reads_plain_chunked_and_gzip_payloads(tmp_path: Path) -> None:
    body = b"<html><body><p>hello</p></body></html>"
    chunked = b"%x\r\n" % len(body) + body + b"\r\n0\r\n\r\n"
    plain = tmp_path / "plain.warc"
    record = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
    )
    head = (
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        b"WARC-Date: 2025-05-18T12:00:00Z\r\nWARC-Target-URI: https://example.org/a\r\n"
        b"Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
    ) % len(record)
    plain.write_bytes(head + record + b"\r\n\r\n")
    pages = list(WarcReader(plain))
    assert len(pages) == 1
    assert not isinstance(pages[0], BrokenRecord)
    assert pages[0].body == body
    assert pages[0].url == "https://example.org/a"


def test_archive_location_defaults_next_to_sqlite_and_can_be_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSCRAWL_ARCHIVE_DIR", raising=False)
    assert archive_dir(None, "sqlite:///data/newscrawl.db") == Path("data/archive")
    assert archive_dir(None, "postgresql://x/y") == Path("archive")
    assert archive_dir("off", "sqlite:///newscrawl.db") is None
    assert archive_dir("/srv/warc", "sqlite:///newscrawl.db") == Path("/srv/warc")
    monkeypatch.setenv("NEWSCRAWL_ARCHIVE_DIR", "/env/warc")
    assert archive_dir(None, "sqlite:///newscrawl.db") == Path("/env/warc")
    assert archive_dir("", "sqlite:///newscrawl.db") is None


def test_reextract_and_ingest_refuse_bad_arguments_in_one_line(tmp_path: Path, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    assert cli_main(["reextract", "--url", url, "--archive", str(tmp_path / "none")]) == 2
    assert "no archive at" in capsys.readouterr().err
    assert cli_main(["reextract", "--url", url, "--site", "nosuchsite"]) == 2
    assert cli_main(["ingest-warc", "--url", url, str(tmp_path / "missing.warc.gz")]) == 2
    err = capsys.readouterr().err
    assert "no such file" in err
    assert "Traceback" not in err


def test_an_interrupted_ingest_resumes_after_the_last_stored_batch(tmp_path: Path) -> None:
    from newscrawl.archive import ingest as archive_ingest
    from newscrawl.db.engine import make_engine

    pages = _article_pages(tmp_path / "site", 4)
    writer = WarcWriter(tmp_path / "warc", "other")
    locations = [writer.write(Exchange(**{**_exchange(i, html).__dict__, "url": url})) for i, (url, html) in enumerate(pages)]
    writer.close()
    path = tmp_path / "warc" / writer.files[0]
    db_url = f"sqlite:///{tmp_path / 'resume.db'}"
    upgrade(db_url)
    engine = make_engine(db_url)
    ledger = archive_ingest.Ledger(tmp_path / "state")
    # As if a run had stored the first two pages' batch and then been killed.
    ledger.write(path, done=locations[1].offset, complete=False)
    tally = archive_ingest.ingest(engine, [path], ledger=ledger)
    assert (tally.new, tally.kept, len(tally.failed)) == (2, 2, 0)
    assert ledger.read(path)["complete"] is True
    assert archive_ingest.ingest(engine, [path], ledger=ledger).files_done == 1
    engine.dispose()
    assert _scalar(db_url, "SELECT count(*) FROM articles") == 2
