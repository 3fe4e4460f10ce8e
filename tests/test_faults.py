"""Faults that used to pass silently (issue 14): each run against a local mirror, real PostgreSQL
(behind a TCP proxy where the database has to go away) and the real `scrapy crawl` command.

Exit codes asserted here are the README's table: 4 spooled, 8 unfinished, 11 lost, 12 too many
failed article fetches, 13 another crawl of the site is running.
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from newscrawl.db.engine import upgrade
from newscrawl.pipelines.storage import write_spool_file
from testing.jtsite import build_site
from testing.server import serve
from testing.tcpproxy import TcpProxy

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=10"]  # fmt: skip
# One request at a time with a small delay, so a run can be interrupted half way.
SLOW = ["-s", "DOWNLOAD_DELAY=0.08", "-s", "RANDOMIZE_DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "NEWSCRAWL_BATCH_SIZE=3", "-s", "RETRY_TIMES=1"]  # fmt: skip
N_ARTICLES = 30


def crawl_cmd(base_url: str, spool: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}",
            "-s", f"NEWSCRAWL_SPOOL_DIR={spool}", *args]  # fmt: skip


def crawl_env(db_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SCRAPY_SETTINGS_MODULE="newscrawl.settings", NEWSCRAWL_DATABASE_URL=db_url)
    env["PYTHONFAULTHANDLER"] = "1"  # a crawl that hangs can be made to print where (SIGABRT)
    env.pop("NEWSCRAWL_REDIS_URL", None)
    return env


def run_crawl(base_url: str, db_url: str, spool: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        crawl_cmd(base_url, spool, *FAST, *args), env=crawl_env(db_url), capture_output=True, text=True,
        timeout=300, cwd=_workdir(spool),
    )  # fmt: skip


def start_crawl(base_url: str, db_url: str, spool: Path, *args: str, **popen: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        crawl_cmd(base_url, spool, *SLOW, *args), env=crawl_env(db_url), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=_workdir(spool), **popen,
    )  # fmt: skip


def _workdir(spool: Path) -> Path:
    parent = spool.parent
    return parent if parent.is_dir() else parent.parent


def scalar(db_url: str, sql: str, **params: Any) -> Any:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        value = conn.execute(text(sql), params).scalar()
    engine.dispose()
    return value


def rows(db_url: str, sql: str, **params: Any) -> list[dict[str, Any]]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        found = [dict(r) for r in conn.execute(text(sql), params).mappings()]
    engine.dispose()
    return found


def wait_for(predicate: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    raise AssertionError("condition not reached in time")


def stat(stderr: str, name: str) -> int:
    match = re.search(rf"'{re.escape(name)}': (\d+)", stderr)
    return int(match.group(1)) if match else 0


def stored(db: str) -> int:
    return scalar(db, "SELECT count(*) FROM articles") or 0


def write_faults(root: Path, faults: dict[str, Any]) -> None:
    (root / "_faults.json").write_text(json.dumps(faults), encoding="utf-8")


def unlink_everywhere(root: Path, entry: dict[str, Any]) -> None:
    """No listing (or sidebar) links the article any more; its own page stays."""
    own = root / entry["path"].lstrip("/") / "index.html"
    for page in root.rglob("*.html"):
        if page != own:
            html = page.read_text(encoding="utf-8")
            if entry["path"] in html:
                page.write_text(html.replace(entry["path"], "/gone-from-listings"), encoding="utf-8")


@pytest.fixture
def mirror(tmp_path: Path) -> tuple[Path, list[dict[str, Any]]]:
    root = tmp_path / "mirror"
    return root, build_site(root, n_articles=N_ARTICLES, per_page=5, seed=11)


@pytest.fixture
def db(fresh_pg_url: str) -> str:
    upgrade(fresh_pg_url)
    return fresh_pg_url


@pytest.fixture
def proxied(db: str) -> Iterator[tuple[str, TcpProxy]]:
    """The database behind a TCP proxy the test can cut: (URL through the proxy, proxy)."""
    url = make_url(db)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432).start()
    try:
        yield url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False), proxy
    finally:
        proxy.stop()


# -- items neither stored nor spooled ---------------------------------------------------------------


def _no_bigger_files(limit: int) -> Callable[[], None]:
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # writes fail with EFBIG instead of a kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


@pytest.mark.parametrize("spool_fault", ["under_a_regular_file", "disk_full"])
def test_database_down_and_spool_unusable_is_lost_loudly_exit_11(
    mirror: Any, db: str, proxied: tuple[str, TcpProxy], tmp_path: Path, spool_fault: str
) -> None:
    root, _ = mirror
    via_proxy, proxy = proxied
    popen: dict[str, Any] = {}
    if spool_fault == "under_a_regular_file":
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("a file where the spool's parent directory should be")
        spool = blocker / "spool"
    else:  # any file this process writes stops at 2 KB: a spool batch of 3 articles does not fit
        spool = tmp_path / "spool"
        popen["preexec_fn"] = _no_bigger_files(2048)
    with serve(root) as base_url:
        proc = start_crawl(base_url, via_proxy, spool, "-s", "NEWSCRAWL_DB_RETRIES=1",
                           "-s", "NEWSCRAWL_DB_RETRY_DELAY=0.2", **popen)  # fmt: skip
        wait_for(lambda: stored(db) >= 3)
        proxy.stop()
        _, stderr = proc.communicate(timeout=180)
    assert proc.returncode == 11, stderr[-3000:]
    lost = stat(stderr, "newscrawl/storage/lost")
    assert lost > 0
    assert re.search(rf"ERROR: LOST {lost} articles", stderr) or re.search(r"ERROR: LOST \d+ articles", stderr)
    assert "crawl of jordantimes failed: storage_lost" in stderr
    assert stat(stderr, "newscrawl/storage/spooled") == 0
    # Nothing half-written stays behind for a later run to trip over.
    if spool.is_dir():
        assert list(spool.iterdir()) == []
    # What was lost was never stored, so the next run (database back) fetches it again.
    with serve(root) as base_url:
        rerun = run_crawl(base_url, db, tmp_path / "spool2")
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    assert stored(db) == N_ARTICLES


def test_failed_spool_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    spool = tmp_path / "spool"
    script = (
        "import sys; from pathlib import Path; from newscrawl.pipelines.storage import write_spool_file\n"
        "try:\n"
        "    write_spool_file(Path(sys.argv[1]), [{'body': 'x' * 1000} for _ in range(20)])\n"
        "except OSError as exc:\n"
        "    print('refused', exc.errno)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(spool)], capture_output=True, text=True,
                          preexec_fn=_no_bigger_files(4096), timeout=60)  # fmt: skip
    assert done.stdout.startswith("refused"), done.stderr
    assert list(spool.iterdir()) == []
    path = write_spool_file(spool, [{"url": "u", "body": "b"}])  # without the limit it works
    assert [p.name for p in spool.iterdir()] == [path.name]
    assert path.suffix == ".jsonl"
    assert json.loads(path.read_text()) == {"url": "u", "body": "b"}


# -- a second Ctrl-C ------------------------------------------------------------------------------


def _ended_within(proc: subprocess.Popen[str], seconds: float) -> str:
    """The crawl's stderr once it exits; when it does not in time, its threads' stacks in the failure."""
    try:
        return proc.communicate(timeout=seconds)[1]
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
        stderr = proc.communicate(timeout=30)[1]
        raise AssertionError(f"the crawl did not exit within {seconds} s:\n{stderr[-6000:]}") from None


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return "?"


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_second_sigint_ends_process_and_writer_within_5_s(
    mirror: Any, db: str, proxied: tuple[str, TcpProxy], tmp_path: Path
) -> None:
    root, manifest = mirror
    via_proxy, proxy = proxied
    spool = tmp_path / "spool"
    with serve(root) as base_url:
        # Long retries against a dead database: the first Ctrl-C's clean stop would wait on them.
        proc = start_crawl(base_url, via_proxy, spool, "-s", "NEWSCRAWL_DB_RETRIES=10",
                           "-s", "NEWSCRAWL_DB_RETRY_DELAY=2")  # fmt: skip
        wait_for(lambda: stored(db) >= 3)
        writers = _children(proc.pid)
        assert writers, "the writer child should be running"
        proxy.stop()
        time.sleep(1.0)
        proc.send_signal(signal.SIGINT)
        time.sleep(1.0)
        assert proc.poll() is None, "the clean stop should still be waiting on the database"
        proc.send_signal(signal.SIGINT)
        started = time.monotonic()
        stderr = _ended_within(proc, 5)
        while any(_running(pid) for pid in writers) and time.monotonic() - started < 5:
            time.sleep(0.05)
        took = time.monotonic() - started
        survivors = [_cmdline(pid) for pid in writers if _running(pid)]
        assert not survivors, f"children of the crawl still running 5 s after the second SIGINT: {survivors}"
    print(f"second SIGINT -> exit {proc.returncode} after {took:.2f} s")
    assert proc.returncode == 8, stderr[-3000:]
    assert "forcing unclean shutdown" in stderr
    # The database was unreachable, so the run's end was spooled with the unwritten articles.
    assert list(spool.glob("*.crawl-run.jsonl"))
    assert [p for p in spool.glob("*.jsonl") if not p.name.endswith(".crawl-run.jsonl")]  # the articles

    proxy = TcpProxy(make_url(db).host or "127.0.0.1", make_url(db).port or 5432, port=proxy.port).start()
    try:
        with serve(root) as base_url:
            rerun = run_crawl(base_url, via_proxy, spool)
    finally:
        proxy.stop()
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    first = rows(db, "SELECT * FROM crawl_runs ORDER BY id LIMIT 1")[0]
    assert (first["status"], first["failure"], first["finish_reason"], first["exit_code"]) == (
        "failed", "unfinished", "shutdown_forced", 8,
    )  # fmt: skip
    assert first["pages_fetched"] > 0
    assert stored(db) == len(manifest)
    assert not list(spool.glob("*.jsonl"))


def test_second_sigint_with_database_up_records_the_run_itself(mirror: Any, db: str, tmp_path: Path) -> None:
    root, _ = mirror
    with serve(root) as base_url:
        proc = start_crawl(base_url, db, tmp_path / "spool", "-s", "NEWSCRAWL_BATCH_SIZE=1000")
        wait_for(lambda: (scalar(db, "SELECT count(*) FROM crawl_runs") or 0) >= 1)
        time.sleep(2.0)
        proc.send_signal(signal.SIGINT)
        time.sleep(0.2)
        proc.send_signal(signal.SIGINT)
        stderr = _ended_within(proc, 5)
    assert proc.returncode == 8, stderr[-3000:]
    run = rows(db, "SELECT * FROM crawl_runs")[0]
    assert (run["status"], run["failure"], run["exit_code"]) == ("failed", "unfinished", 8)
    assert run["pages_fetched"] > 0
    assert not list((tmp_path / "spool").glob("*.crawl-run.jsonl"))  # written, not spooled


# -- bodies cut short without Content-Length -----------------------------------------------------------


def test_truncated_body_without_content_length_is_not_stored_and_next_run_fetches_it(
    mirror: Any, db: str, tmp_path: Path
) -> None:
    root, manifest = mirror
    cut, whole = manifest[3], manifest[4]
    write_faults(root, {
        cut["path"]: {"cut": 0.4, "times": 2},  # both attempts (RETRY_TIMES=1) are cut
        whole["path"]: {"cut": 1.0},  # the whole page, but also without Content-Length
    })  # fmt: skip
    spool = tmp_path / "spool"
    with serve(root) as base_url:
        first = run_crawl(base_url, db, spool, "-s", "NEWSCRAWL_MAX_FAILED_SHARE=0.5")
    assert first.returncode == 0, first.stderr[-3000:]
    assert stat(first.stderr, "newscrawl/article/truncated") == 2
    assert stat(first.stderr, "newscrawl/article/failed/truncated") == 1
    assert scalar(db, "SELECT count(*) FROM articles WHERE url = :u", u=cut["url"]) == 0
    assert scalar(db, "SELECT count(*) FROM articles WHERE url = :u", u=whole["url"]) == 1
    assert scalar(db, "SELECT reason FROM fetch_failures WHERE url = :u", u=cut["url"]) == "truncated"

    unlink_everywhere(root, cut)  # found again through its failure record alone
    write_faults(root, {})  # the server is well again
    with serve(root) as base_url:
        second = run_crawl(base_url, db, spool)
    assert second.returncode == 0, second.stderr[-3000:]
    assert stat(second.stderr, "newscrawl/article/retried_from_earlier_run") == 1
    words = scalar(db, "SELECT word_count FROM articles WHERE url = :u", u=cut["url"])
    assert words
    assert words > 50
    assert scalar(db, "SELECT count(*) FROM fetch_failures") == 0


# -- article fetches that fail for good ----------------------------------------------------------------


def test_failed_fetches_are_recorded_retried_and_fail_the_run(mirror: Any, db: str, tmp_path: Path) -> None:
    root, manifest = mirror
    broken, reset, stalled, removed = manifest[5], manifest[6], manifest[8], manifest[9]
    write_faults(root, {
        broken["path"]: {"status": 500}, reset["path"]: {"reset": True}, stalled["path"]: {"stall": 4},
        removed["path"]: {"status": 410},
    })  # fmt: skip
    spool = tmp_path / "spool"
    quick_timeout = ("-s", "DOWNLOAD_TIMEOUT=1.5")
    with serve(root) as base_url:
        first = run_crawl(base_url, db, spool, *quick_timeout)
    # 3 failures in 30 article fetches is over the default 2%; the 410 is "gone", not a failure.
    assert first.returncode == 12, first.stderr[-3000:]
    assert "crawl of jordantimes failed: fetch_failures" in first.stderr
    assert stat(first.stderr, "newscrawl/article/failed") == 3
    assert stat(first.stderr, "newscrawl/article/gone") == 1
    assert stat(first.stderr, "newscrawl/article/fetched") == N_ARTICLES
    failures = {r["url"]: r["reason"] for r in rows(db, "SELECT url, reason FROM fetch_failures")}
    assert failures == {broken["url"]: "http_500", reset["url"]: "DownloadFailedError",
                        stalled["url"]: "DownloadTimeoutError"}  # fmt: skip
    run = rows(db, "SELECT status, failure, exit_code FROM crawl_runs")[0]
    assert run == {"status": "failed", "failure": "fetch_failures", "exit_code": 12}

    # The limit is a setting; failing again counts one more failed run on the same row.
    with serve(root) as base_url:
        tolerant = run_crawl(base_url, db, spool, *quick_timeout, "-s", "NEWSCRAWL_MAX_FAILED_SHARE=0.9")
    assert tolerant.returncode == 0, tolerant.stderr[-3000:]
    assert scalar(db, "SELECT min(failures) FROM fetch_failures") == 2

    for entry in (broken, reset, stalled):
        unlink_everywhere(root, entry)  # no listing links them any more
    write_faults(root, {})
    with serve(root) as base_url:
        second = run_crawl(base_url, db, spool)
    assert second.returncode == 0, second.stderr[-3000:]
    assert stat(second.stderr, "newscrawl/article/retried_from_earlier_run") == 3
    for entry in (broken, reset, stalled):
        assert scalar(db, "SELECT count(*) FROM articles WHERE url = :u", u=entry["url"]) == 1
    assert scalar(db, "SELECT count(*) FROM fetch_failures") == 0


# -- crawl_runs keeps the truth ------------------------------------------------------------------------


def test_spooled_run_stays_failed_storage_spooled_after_the_next_run(
    mirror: Any, db: str, proxied: tuple[str, TcpProxy], tmp_path: Path
) -> None:
    root, manifest = mirror
    via_proxy, proxy = proxied
    spool = tmp_path / "spool"
    with serve(root) as base_url:
        proc = start_crawl(base_url, via_proxy, spool, "-s", "NEWSCRAWL_DB_RETRIES=1",
                           "-s", "NEWSCRAWL_DB_RETRY_DELAY=0.2")  # fmt: skip
        wait_for(lambda: stored(db) >= 3)
        proxy.stop()
        _, stderr = proc.communicate(timeout=180)
        assert proc.returncode == 4, stderr[-3000:]
        proxy = TcpProxy(make_url(db).host or "127.0.0.1", make_url(db).port or 5432, port=proxy.port).start()
        try:
            rerun = run_crawl(base_url, via_proxy, spool)
        finally:
            proxy.stop()
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    runs = rows(db, "SELECT status, failure, exit_code, pages_fetched, articles_new FROM crawl_runs ORDER BY id")
    assert [(r["status"], r["failure"], r["exit_code"]) for r in runs] == [
        ("failed", "storage_spooled", 4), ("ok", None, 0),
    ]  # fmt: skip
    assert runs[0]["pages_fetched"] > 0
    assert runs[0]["articles_new"] >= 3
    assert stored(db) == len(manifest)


def test_killed_run_row_keeps_its_checkpointed_counters(mirror: Any, db: str, tmp_path: Path) -> None:
    root, _ = mirror
    spool = tmp_path / "spool"
    with serve(root) as base_url:
        proc = start_crawl(base_url, db, spool, "-s", "NEWSCRAWL_RUN_CHECKPOINT_INTERVAL=0.3")
        wait_for(lambda: (scalar(db, "SELECT articles_new FROM crawl_runs") or 0) >= 3)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)
        rerun = run_crawl(base_url, db, spool)
    assert rerun.returncode == 0, rerun.stderr[-3000:]
    killed = rows(db, "SELECT * FROM crawl_runs ORDER BY id LIMIT 1")[0]
    assert (killed["status"], killed["failure"]) == ("aborted", "killed")
    assert killed["pages_fetched"] > 3
    assert killed["articles_new"] >= 3
    assert killed["stats"].get("downloader/response_count", 0) > 0


# -- one crawl per site per database ---------------------------------------------------------------------


def test_second_crawl_of_a_site_exits_13_at_once(mirror: Any, db: str, tmp_path: Path) -> None:
    root, manifest = mirror
    with serve(root) as base_url:
        # Slow enough to be still running whatever the machine's speed (about 20 s).
        first = start_crawl(base_url, db, tmp_path / "spool", "-s", "DOWNLOAD_DELAY=0.5")
        wait_for(lambda: (scalar(db, "SELECT count(*) FROM crawl_runs") or 0) >= 1)
        started = time.monotonic()
        second = run_crawl(base_url, db, tmp_path / "spool")
        took = time.monotonic() - started
        assert first.poll() is None, "the first crawl should still be running"
        assert second.returncode == 13, second.stderr[-3000:]
        assert "another crawl of jordantimes is already writing to" in second.stderr
        assert "Traceback" not in second.stderr
        assert "Spider opened" not in second.stderr  # refused before crawling anything
        _, stderr = first.communicate(timeout=180)
    print(f"second crawl refused in {took:.2f} s")
    assert first.returncode == 0, stderr[-3000:]
    assert stat(stderr, "newscrawl/articles/new") == len(manifest) == stored(db)
    assert scalar(db, "SELECT count(*) FROM crawl_runs") == 1  # the refused one never started


def test_sqlite_crawl_lock_is_a_file_lock(tmp_path: Path) -> None:
    from newscrawl.db.locks import CrawlLock

    url = f"sqlite:///{tmp_path / 'news.db'}"
    first, second = CrawlLock(url, "jordantimes"), CrawlLock(url, "jordantimes")
    other_site = CrawlLock(url, "petra")
    assert first.acquire()
    held = subprocess.run(
        [sys.executable, "-c", "import sys; from newscrawl.db.locks import CrawlLock; "
         "print(CrawlLock(sys.argv[1], 'jordantimes').acquire())", url],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert held.stdout.strip() == "False", held.stderr
    assert other_site.acquire()
    first.release()
    assert second.acquire()
    second.release()
    other_site.release()


def test_concurrent_upserts_count_new_from_what_was_inserted(db: str) -> None:
    """Two writers storing the same articles at once: "new" adds up to the rows inserted."""
    from concurrent.futures import ThreadPoolExecutor

    from sqlalchemy.orm import Session

    from newscrawl.db import repository
    from newscrawl.db.engine import make_engine
    from newscrawl.processing import content_hash
    from newscrawl.sites import all_sites, source_rows

    engine = make_engine(db)
    with Session(engine) as session, session.begin():
        source_ids = repository.ensure_sources(session, source_rows(all_sites()))

    def article(i: int) -> dict[str, Any]:
        row: dict[str, Any] = {
            "url": f"https://www.jordantimes.com/news/local/race-{i}", "source": "jordantimes",
            "section": "local", "title": f"Race {i}", "byline_raw": None, "authors": [], "agencies": [],
            "desks": [], "byline_kind": "none", "date_published_raw": None, "date_updated_raw": None,
            "published_at": None, "updated_at": None, "date_precision": None, "dateline_raw": None,
            "dateline": None, "dateline_places": [], "dateline_countries": [],
            "body": f"Body of article {i} in its own words. " * 30, "caption": None, "word_count": 210,
            "language": "en", "parser": "test", "provenance": {},
        }  # fmt: skip
        row["content_hash"] = content_hash(row)
        return row

    batch = [article(i) for i in range(40)]

    def write(_: int) -> int:
        with Session(engine) as session, session.begin():
            return len(repository.upsert_articles(session, batch, source_ids).new)

    with ThreadPoolExecutor(2) as pool:
        new_counts = list(pool.map(write, range(2)))
    engine.dispose()
    assert sum(new_counts) == 40 == stored(db)


# -- download cap ------------------------------------------------------------------------------------


def test_gzip_bomb_is_refused_with_little_memory(mirror: Any, db: str, tmp_path: Path) -> None:
    root, manifest = mirror
    bomb = manifest[7]
    write_faults(root, {bomb["path"]: {"gzip_bomb_mib": 2048}})
    # The crawl runs under a small wrapper that reports the peak memory of its one child.
    wrapper = (
        "import resource, subprocess, sys\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    with serve(root) as base_url:
        started = time.monotonic()
        cmd = crawl_cmd(base_url, tmp_path / "spool", *FAST, "-s", "NEWSCRAWL_WRITER_PROCESS=False",
                        "-s", "NEWSCRAWL_MAX_FAILED_SHARE=0.5")  # fmt: skip
        result = subprocess.run([sys.executable, "-c", wrapper, *cmd], env=crawl_env(db), capture_output=True,
                                text=True, timeout=300, cwd=tmp_path)  # fmt: skip
        took = time.monotonic() - started
    peak_mb = int(re.findall(r"PEAK_RSS_KB (\d+)", result.stderr)[-1]) / 1024
    print(f"2 GiB gzip bomb: exit {result.returncode}, {took:.1f} s, crawl peak RSS {peak_mb:.0f} MB")
    assert result.returncode == 0, result.stderr[-3000:]
    assert stat(result.stderr, "newscrawl/article/too_large") == 1
    assert "larger than NEWSCRAWL_MAX_ARTICLE_BYTES" in result.stderr
    assert scalar(db, "SELECT count(*) FROM articles WHERE url = :u", u=bomb["url"]) == 0
    assert stored(db) == len(manifest) - 1
    assert peak_mb < 300  # it took 1.2 GB before the cap
