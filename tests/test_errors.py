"""Every mistake gets one line and the documented exit code: the `newscrawl` command's error paths."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session

from newscrawl import errors
from newscrawl.cli import main
from newscrawl.db.engine import DatabaseUnavailable, database_url, upgrade
from newscrawl.db.runs import start_run
from newscrawl.extract import not_html_reason, page_own_url
from newscrawl.pipelines.runs import run_errors

FIXTURES = Path(__file__).parent / "fixtures"
JT_PAGE = FIXTURES / "jordantimes" / "afp-najaf.html"  # masthead "Today, May 18, 2025"


def one_line(err: str) -> str:
    """The error output must be exactly one line, and never a traceback."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# -- the mapping itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("exc", "code", "words"),
    [
        (errors.UserError("nothing to plot"), 1, "nothing to plot"),
        (errors.UsageError("bad"), 2, "bad"),
        (DatabaseUnavailable("cannot connect to the database at x: down"), 3, "cannot connect"),
        (
            FileNotFoundError(2, "No such file or directory", "missing.html"),
            2,
            "no such file: missing.html",
        ),
        (IsADirectoryError(21, "Is a directory", "out"), 2, "out is a folder"),
        (PermissionError(13, "Permission denied", "/root/x"), 2, "permission denied: /root/x"),
        (
            NoSuchModuleError("Can't load plugin: sqlalchemy.dialects:nope"),
            3,
            "cannot connect to the database",
        ),
        (ArgumentError("Could not parse SQLAlchemy URL"), 3, "cannot connect to the database"),
        (
            OperationalError("SELECT 1", {}, Exception("could not connect to server")),
            3,
            "cannot connect",
        ),
        (
            OperationalError("SELECT 1", {}, Exception("no such table: articles")),
            3,
            "run `newscrawl db upgrade`",
        ),
        (
            UnicodeDecodeError("utf-8", b"\xfc", 0, 1, "invalid start byte"),
            2,
            "the input is not utf-8 text (invalid start byte at byte 0)",
        ),
        (
            RuntimeError("boom\nsecond line"),
            1,
            "unexpected error: RuntimeError: boom (run again with --debug",
        ),
    ],
)
def test_each_failure_has_one_line_and_a_code(exc: BaseException, code: int, words: str) -> None:
    message, got = errors.describe(exc)
    assert got == code
    assert words in message
    assert "\n" not in message


def test_debug_shows_the_traceback_only_when_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.delenv(errors.DEBUG_ENV, raising=False)
    assert main(["extract", str(tmp_path / "missing.html")]) == 2
    assert (
        one_line(capsys.readouterr().err)
        == f"newscrawl extract: no such file: {tmp_path / 'missing.html'}"
    )
    assert main(["extract", str(tmp_path / "missing.html"), "--debug"]) == 2
    assert "Traceback" in capsys.readouterr().err
    monkeypatch.setenv(errors.DEBUG_ENV, "1")
    assert main(["extract", str(tmp_path / "missing.html")]) == 2
    assert "Traceback" in capsys.readouterr().err


def test_a_usage_mistake_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["stats", "--days", "many"])
    assert exit_info.value.code == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("newscrawl stats: argument --days")
    assert "newscrawl stats --help" in line


# -- database URLs and states ------------------------------------------------------------------

READERS = [
    ["runs"],
    ["stats"],
    ["search", "water"],
    ["export", "--format", "csv", "-"],
    ["clusters", "show"],
    ["renormalize", "--dry-run"],
    ["search-index"],
    ["db", "current"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda c: c[0])
def test_a_read_never_creates_a_database_file(
    command: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSCRAWL_DATABASE_URL", raising=False)
    assert main(command) == 3  # the default, ./newscrawl.db
    line = one_line(capsys.readouterr().err)
    assert "cannot connect to the database at sqlite:///" in line
    assert "no such file" in line
    assert main([*command, "--url", f"sqlite:///{tmp_path / 'other.db'}"]) == 3
    assert "other.db: no such file" in one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", READERS[:-1], ids=lambda c: c[0])
def test_unmigrated_and_unreachable_databases_read_the_same_everywhere(
    command: list[str], tmp_path: Path, fresh_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    for url in (f"sqlite:///{empty}", fresh_pg_url):
        assert main([*command, "--url", url]) == 3
        line = one_line(capsys.readouterr().err)
        assert "is not migrated: run `newscrawl db upgrade` (it is empty; the code needs revision" in line
    assert main([*command, "--url", "postgresql://postgres@127.0.0.1:1/newscrawl"]) == 3
    line = one_line(capsys.readouterr().err)
    assert (
        "cannot connect to the database at postgresql+psycopg2://postgres@127.0.0.1:1/newscrawl"
        in line
    )


def test_postgres_scheme_is_accepted(
    migrated_pg_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    short = "postgres://" + migrated_pg_url.split("://", 1)[1]
    assert database_url(short) == migrated_pg_url.replace("postgresql://", "postgresql+psycopg2://")
    for command in (["stats"], ["search", "water"], ["runs"], ["db", "current"]):
        assert main([*command, "--url", short]) == 0, capsys.readouterr().err
    out = capsys.readouterr().out
    assert "is at revision" in out
    os.environ["NEWSCRAWL_DATABASE_URL"] = short
    try:
        assert main(["clusters", "show"]) == 0
    finally:
        del os.environ["NEWSCRAWL_DATABASE_URL"]


@pytest.mark.parametrize(
    "url", ["not a url", "mysql+nosuchdriver://u@h/db", "postgres//missing-colon"]
)
def test_a_malformed_url_is_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["stats", "--url", url]) == 3
    line = one_line(capsys.readouterr().err)
    assert line.startswith("newscrawl stats: cannot connect to the database")
    assert "postgresql://USER@HOST/DBNAME" in line


# -- the analyst login ---------------------------------------------------------------------------


@pytest.fixture
def analyst_login(migrated_pg_url: str) -> object:
    """A real login role in newscrawl_analyst (the server trusts local connections)."""
    name = f"i15_analyst_{os.getpid()}"
    admin = create_engine(migrated_pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP ROLE IF EXISTS {name}"))
        conn.execute(text(f"CREATE ROLE {name} LOGIN"))
        conn.execute(text(f"GRANT newscrawl_analyst TO {name}"))
    with Session(admin) as session, session.begin():
        start_run(session, "jordantimes", datetime.now(UTC), "crawler-1", {})
    yield migrated_pg_url.replace("postgres@", f"{name}@")
    with admin.connect() as conn:
        conn.execute(text(f"DROP ROLE {name}"))
    admin.dispose()


def test_the_analyst_reads_crawl_runs_and_gets_a_clear_refusal_elsewhere(
    analyst_login: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["runs", "--url", analyst_login, "--format", "json"]) == 0
    assert '"spider": "jordantimes"' in capsys.readouterr().out
    engine = create_engine(analyst_login)
    try:
        with engine.connect() as conn, pytest.raises(ProgrammingError) as refused:
            conn.execute(text("SELECT count(*) FROM story_lsh_buckets"))
    finally:
        engine.dispose()
    message, code = errors.describe(refused.value)
    assert code == 3
    assert message.startswith(
        "the database refused the query: permission denied for table story_lsh_buckets"
    )
    assert "newscrawl analyst grant" in message


# -- unknown slugs, folders, extract -----------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ["search", "water", "--source", "jordantime"],
        ["export", "--format", "csv", "--source", "jordantime", "out.csv"],
        ["stats", "--source", "jordantime"],
        ["runs", "--site", "jordantime"],
        ["renormalize", "--site", "jordantime"],
        ["sites", "jordantime"],
        ["normalize", "date", "May 3, 2025", "--site", "jordantime"],
    ],
    ids=lambda c: c[0],
)
def test_unknown_slugs_are_rejected_with_the_list_of_sites(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(command)
    assert exit_info.value.code == 2
    line = one_line(capsys.readouterr().err)
    assert "unknown site 'jordantime'" in line
    assert "registered sites are jordantimes, arabnews" in line
    assert "petra" in line


def test_extract_refuses_what_is_not_html(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    samples = {
        "empty.html": b"",
        "random.bin": os.urandom(4096),
        "notes.txt": b"just a few words, no markup at all\n",
    }
    for name, data in samples.items():
        (tmp_path / name).write_bytes(data)
    cases = [*(tmp_path / name for name in samples), Path(sys.executable).resolve()]
    for path in cases:
        assert main(["extract", str(path)]) == 2, path
        line = one_line(capsys.readouterr().err)
        assert line.startswith(f"newscrawl extract: {path} ")
        assert "give a saved HTML page" in line
    assert capsys.readouterr().out == ""
    assert main(["extract", str(tmp_path)]) == 2
    assert (
        one_line(capsys.readouterr().err)
        == f"newscrawl extract: {tmp_path} is a folder: give a file name"
    )


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "is empty"),
        (b"  \n\t", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50, "is binary data, not an HTML page"),
        (b"plain words only", "has no HTML markup"),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", None),
        (b"<p>a fragment is fine</p>", None),
        ("<html><body>\u00e9</body></html>".encode("utf-16"), None),
        (b"<html><body>" + b"text " * 2000 + b"\x00" * 3 + b"</body></html>", None),  # a stray NUL
    ],
)
def test_not_html_reason(data: bytes, reason: str | None) -> None:
    assert not_html_reason(data) == reason


def test_extract_without_url_uses_the_pages_canonical_url(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    assert main(["extract", str(JT_PAGE)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["source"] == "jordantimes"
    assert out["url"].startswith("https://www.jordantimes.com/news/region/")
    # the article's own date, not the masthead's "Today, May 18, 2025"
    assert out["published_at"].startswith("2016-12-31")
    assert (
        page_own_url('<meta property="og:url" content="https://x.example/a">')
        == "https://x.example/a"
    )
    assert page_own_url('<link rel="canonical" href="/relative"><p>x</p>') is None


def test_crawl_runs_errors_leave_out_skips() -> None:
    stats = {
        "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 80,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 2,
        "downloader/response_status_count/200": 40,
        "downloader/response_status_count/404": 1,
        "spider_exceptions/ValueError": 1,
    }
    assert run_errors(stats) == {
        "twisted.internet.error.TimeoutError": 2,
        "http/404": 1,
        "spider/ValueError": 1,
    }


def test_the_console_script_prints_one_line(tmp_path: Path) -> None:
    """Through the installed entry point, as a person types it."""
    script = Path(sys.executable).with_name("newscrawl")
    env = {
        k: v for k, v in os.environ.items() if k not in ("NEWSCRAWL_DATABASE_URL", errors.DEBUG_ENV)
    }
    result = subprocess.run(
        [str(script), "runs"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 3
    assert one_line(result.stderr).startswith(
        "newscrawl runs: cannot connect to the database at sqlite:///"
    )
    assert list(tmp_path.iterdir()) == []
    upgrade(f"sqlite:///{tmp_path / 'newscrawl.db'}")
    result = subprocess.run(
        [str(script), "runs"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert (result.returncode, result.stdout.strip()) == (0, "no crawl runs recorded")
