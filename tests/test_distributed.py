"""Scale-out on Redis: the JSON request serializer, the lease queue, and multi-worker crawls.

Needs Redis on 127.0.0.1:6379 (override with NEWSCRAWL_TEST_REDIS_URL); every test works under
its own key prefix and deletes its keys afterwards.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from redis import Redis
from redis.exceptions import RedisError
from scrapy import FormRequest, Request, Spider
from sqlalchemy import create_engine, text

from newscrawl.cli import queue as queue_command
from newscrawl.db.engine import upgrade
from newscrawl.distributed import codec
from newscrawl.distributed import queue as queue_module
from newscrawl.distributed.codec import RequestDecodeError, dumps, loads, request_from_json
from newscrawl.distributed.queue import LEASE_META_KEY, LeaseQueue
from newscrawl.distributed.state import redis_keys
from newscrawl.pipelines.leased import LeasedStoragePipeline
from testing.jtsite import build_site
from testing.server import serve

REDIS_URL = os.environ.get("NEWSCRAWL_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
START_REDIS = (
    "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save '' --appendonly no"
)


_REDIS_DOWN: list[str] = []  # remembered, so a missing server costs one connection attempt


@pytest.fixture(scope="module")
def redis_client() -> Iterator[Redis]:
    client = Redis.from_url(REDIS_URL, socket_connect_timeout=2, socket_timeout=10)
    if not _REDIS_DOWN:
        try:
            client.ping()
        except RedisError as exc:
            _REDIS_DOWN.append(
                f"Redis is required for the scale-out tests ({REDIS_URL}): {exc} -- "
                f"start it: {START_REDIS}"
            )
    if _REDIS_DOWN:
        client.close()
        pytest.fail(_REDIS_DOWN[0], pytrace=False)
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client: Redis) -> Iterator[str]:
    """A key prefix of the test's own; its keys are deleted afterwards."""
    name = f"newscrawl_test_{uuid.uuid4().hex[:10]}"
    yield name
    keys = list(redis_client.scan_iter(match=f"{name}:*"))
    if keys:
        redis_client.delete(*keys)


class TinySpider(Spider):
    name = "tiny"
    not_a_method = "text"
    builtin = print

    def parse_page(self, response: Any) -> None:
        return None

    def failed(self, failure: Any) -> None:
        return None


@pytest.fixture
def spider() -> TinySpider:
    return TinySpider()


def make_queue(
    server: Redis, spider: Spider, prefix: str, lease: float = 60.0, worker: str | None = None
) -> LeaseQueue:
    keys = redis_keys(prefix, "%(spider)s")
    return LeaseQueue(
        server,
        spider,
        keys["requests"],
        processing_key=keys["processing"],
        seen_key=keys["dupefilter"],
        worker_id=worker,
        lease_seconds=lease,
    )


# -- serializer ---------------------------------------------------------------------------------


def test_request_round_trips_through_json(spider: TinySpider) -> None:
    request = Request(
        "https://www.jordantimes.com/news/local/a?x=1",
        callback=spider.parse_page,
        errback=spider.failed,
        method="POST",
        headers={"X-Token": "abc", "If-None-Match": b'"etag"'},
        body=b"\x00\xffbinary",
        cookies={"session": "1"},
        meta={
            "raw": b"\x01\x02",
            "pair": (1, 2),
            "nested": {"k": [1.5, None, True]},
            "by_id": {7: "seven"},
            "$odd": 1,
        },
        cb_kwargs={"canonical_url": "https://www.jordantimes.com/news/local/a"},
        priority=5,
        dont_filter=True,
        flags=["flagged"],
        encoding="utf-8",
    )
    data = dumps(request.to_dict(spider=spider))
    assert isinstance(json.loads(data), dict)
    restored = request_from_json(data, spider)
    assert restored.url == request.url
    assert restored.method == "POST"
    assert restored.body == b"\x00\xffbinary"
    assert restored.headers.to_unicode_dict() == request.headers.to_unicode_dict()
    assert restored.callback == spider.parse_page
    assert restored.errback == spider.failed
    assert restored.meta == {
        "raw": b"\x01\x02",
        "pair": [1, 2],
        "nested": {"k": [1.5, None, True]},
        "by_id": {7: "seven"},
        "$odd": 1,
    }
    assert restored.cb_kwargs == request.cb_kwargs
    assert restored.cookies == {"session": "1"}
    assert (restored.priority, restored.dont_filter, restored.flags) == (5, True, ["flagged"])


def test_form_request_class_survives(spider: TinySpider) -> None:
    request = FormRequest(
        "https://example.org/search", formdata={"q": "amman"}, callback=spider.parse_page
    )
    restored = request_from_json(dumps(request.to_dict(spider=spider)), spider)
    assert type(restored) is FormRequest
    assert restored.body == b"q=amman"


def _stored(**fields: Any) -> str:
    return json.dumps({"url": "https://example.org/", "method": "GET", **fields})


@pytest.mark.parametrize(
    "payload",
    [
        _stored(callback="not_a_method"),  # a string attribute, not a method
        _stored(callback="builtin"),  # a builtin function stored on the class
        _stored(callback="missing"),
        _stored(callback="__init__"),
        _stored(callback="os.system"),
        _stored(errback="crawler"),
        _stored(_class="os.system"),
        _stored(_class="subprocess.Popen"),
    ],
)
def test_callbacks_and_classes_outside_the_spider_are_rejected(
    spider: TinySpider, payload: str
) -> None:
    with pytest.raises(RequestDecodeError):
        request_from_json(payload, spider)


def test_a_method_of_another_object_is_not_a_callback(spider: TinySpider) -> None:
    spider.borrowed = [].append  # a bound method, but not the spider's
    with pytest.raises(RequestDecodeError):
        request_from_json(_stored(callback="borrowed"), spider)


@pytest.mark.parametrize(
    "payload",
    [
        pickle.dumps({"url": "https://example.org/", "method": "GET"}),
        b"\x80\x04garbage",
        b"not json",
        b"[1, 2]",
        _stored(meta={"x": {"$py": "os.system"}}),  # unknown tag
        _stored(body={"$b": "%%%not-base64"}),
        _stored(evil="field"),
        json.dumps({"method": "GET"}),  # no url
        _stored(priority="high"),
        _stored(meta=[1, 2]),
        '{"url": "https://example.org/", "priority": NaN}',
    ],
)
def test_malformed_data_is_rejected(payload: bytes | str) -> None:
    with pytest.raises(ValueError, match=r"."):
        loads(payload)


def test_values_json_cannot_carry_are_refused_when_writing(spider: TinySpider) -> None:
    request = Request("https://example.org/", meta={"obj": object()})
    with pytest.raises(TypeError, match="cannot store"):
        dumps(request.to_dict(spider=spider))


def test_serializer_never_pickles() -> None:
    for module in (codec, queue_module):
        source = Path(module.__file__).read_text(encoding="utf-8")
        assert "import pickle" not in source
        assert "picklecompat" not in source


# -- lease queue --------------------------------------------------------------------------------


def test_pop_leases_into_processing_and_ack_removes(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    queue = make_queue(redis_client, spider, prefix, lease=30, worker="host:1:aaa")
    assert queue.push(Request("https://example.org/1", callback=spider.parse_page))
    assert queue.push(Request("https://example.org/2", priority=10))
    assert (len(queue), queue.leased()) == (2, 0)

    lease, request = queue.pop_lease()  # type: ignore[misc]
    assert request.url == "https://example.org/2"  # higher priority first
    assert request.meta[LEASE_META_KEY] == lease.lease_id
    assert (len(queue), queue.leased()) == (1, 1)
    ((member, deadline),) = redis_client.zrange(queue.processing_key, 0, -1, withscores=True)
    assert member.startswith(b"host:1:aaa\n")
    now_s, now_us = redis_client.time()
    assert 25 < deadline - (now_s + now_us / 1e6) <= 30

    assert queue.ack([lease]) == []
    assert queue.leased() == 0


def test_push_dedupes_through_the_shared_seen_set(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    queue = make_queue(redis_client, spider, prefix)
    request = Request("https://example.org/a")
    assert queue.push(request, fingerprint="fp-a")
    assert not queue.push(request, fingerprint="fp-a")
    assert queue.push(request, fingerprint=None)  # dont_filter requests skip the seen-set
    assert redis_client.scard(redis_keys(prefix, "tiny")["dupefilter"]) == 1


def test_lease_marker_is_not_written_back(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    queue = make_queue(redis_client, spider, prefix)
    queue.push(Request("https://example.org/a"))
    _, request = queue.pop_lease()  # type: ignore[misc]
    queue.push(request.replace(dont_filter=True))  # e.g. a retry copy
    (stored,) = redis_client.zrange(queue.key, 0, -1)
    assert LEASE_META_KEY not in loads(stored)["meta"]


def test_expired_lease_goes_back_to_the_queue(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    queue = make_queue(redis_client, spider, prefix, lease=0.3)
    queue.push(Request("https://example.org/a"))
    queue.pop_lease()
    assert queue.requeue_expired() == 0
    time.sleep(0.4)
    assert queue.requeue_expired() == 1
    assert (len(queue), queue.leased()) == (1, 0)
    _, again = queue.pop_lease()  # type: ignore[misc]
    assert again.url == "https://example.org/a"


def test_killed_workers_leases_are_taken_over(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    dead = make_queue(redis_client, spider, prefix, lease=0.5, worker="host:111:dead")
    for n in range(3):
        dead.push(Request(f"https://example.org/{n}"))
    taken = [dead.pop_lease() for _ in range(2)]  # then the worker is killed: no ack, no renewal
    survivor = make_queue(redis_client, spider, prefix, lease=60, worker="host:222:live")
    assert survivor.requeue_expired() == 0  # still within the dead worker's lease
    time.sleep(0.6)
    assert survivor.requeue_expired() == 2
    urls = set()
    while (popped := survivor.pop_lease()) is not None:
        urls.add(popped[1].url)
        survivor.ack([popped[0]])
    assert urls == {f"https://example.org/{n}" for n in range(3)}
    assert survivor.leased() == 0
    # A worker that was only slow, not dead, learns its late acks came too late.
    assert len(dead.ack(lease for lease, _ in taken if lease)) == 2  # type: ignore[misc]


def test_renewal_keeps_a_live_lease(redis_client: Redis, spider: TinySpider, prefix: str) -> None:
    queue = make_queue(redis_client, spider, prefix, lease=0.5)
    queue.push(Request("https://example.org/a"))
    lease, _ = queue.pop_lease()  # type: ignore[misc]
    time.sleep(0.3)
    assert queue.renew([lease]) == []
    time.sleep(0.3)  # past the first deadline, within the renewed one
    assert queue.requeue_expired() == 0
    time.sleep(0.6)
    assert queue.requeue_expired() == 1
    assert queue.renew([lease]) == [lease.member]  # another worker has it now


def test_release_hands_a_request_back(redis_client: Redis, spider: TinySpider, prefix: str) -> None:
    queue = make_queue(redis_client, spider, prefix)
    queue.push(Request("https://example.org/a"))
    lease, _ = queue.pop_lease()  # type: ignore[misc]
    assert queue.release(lease)
    assert not queue.release(lease)
    assert (len(queue), queue.leased()) == (1, 0)


def test_unusable_entries_are_dropped_not_run(
    redis_client: Redis, spider: TinySpider, prefix: str
) -> None:
    queue = make_queue(redis_client, spider, prefix)
    evil = pickle.dumps({"url": "https://example.org/evil"})
    redis_client.zadd(queue.key, {evil: -100, _stored(callback="not_a_method"): -50})
    queue.push(Request("https://example.org/good"))
    _, request = queue.pop_lease()  # type: ignore[misc]
    assert request.url == "https://example.org/good"
    assert queue.rejected == 2
    assert (len(queue), queue.leased()) == (0, 1)


def test_status_and_reset_command(
    redis_client: Redis, spider: TinySpider, prefix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    queue = make_queue(redis_client, spider, prefix, lease=60)
    queue.push(Request("https://example.org/a"), fingerprint="a")
    queue.push(Request("https://example.org/b"), fingerprint="b")
    queue.pop_lease()
    args = ["tiny", "--redis-url", REDIS_URL, "--prefix", prefix]
    assert queue_command.main(["status", *args]) == 0
    assert "1 waiting, 1 leased (1 live), 2 seen" in capsys.readouterr().out
    assert queue_command.main(["reset", *args]) == 1  # a live lease: a worker may be running
    assert queue_command.main(["reset", *args, "--force"]) == 0
    assert not list(redis_client.scan_iter(match=f"{prefix}:*"))


def test_queue_command_without_redis_says_what_to_do(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from newscrawl.cli import main

    monkeypatch.delenv("NEWSCRAWL_REDIS_URL", raising=False)
    assert main(["queue", "status", "jordantimes"]) == 2
    assert capsys.readouterr().err.strip() == (
        "newscrawl queue: give --redis-url or set NEWSCRAWL_REDIS_URL"
    )
    assert main(["queue", "reset", "jordantimes", "--redis-url", "redis://127.0.0.1:1/0"]) == 2
    error = capsys.readouterr().err.strip()
    assert error.startswith("newscrawl queue: cannot reach Redis at redis://127.0.0.1:1/0")
    assert "\n" not in error


# -- switching it on ----------------------------------------------------------------------------


def _project_settings(**overrides: Any) -> dict[str, Any]:
    import newscrawl.settings as module

    return {k: v for k, v in vars(module).items() if k.isupper()} | overrides


def test_without_a_redis_url_nothing_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.utils.test import get_crawler

    monkeypatch.delenv("NEWSCRAWL_REDIS_URL", raising=False)
    settings = get_crawler(TinySpider, _project_settings()).settings
    assert settings["SCHEDULER"] == "scrapy.core.scheduler.Scheduler"
    assert not settings.getbool("SCHEDULER_PERSIST")
    assert "newscrawl.pipelines.storage.StoragePipeline" in settings.getdict("ITEM_PIPELINES")


def test_a_redis_url_switches_the_shared_queue_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from scrapy.utils.test import get_crawler

    monkeypatch.setenv("NEWSCRAWL_REDIS_URL", "redis://127.0.0.1:6379/0")
    settings = get_crawler(TinySpider, _project_settings(NEWSCRAWL_REDIS_PREFIX="ops")).settings
    assert settings["SCHEDULER"] == "newscrawl.distributed.scheduler.LeasedScheduler"
    assert settings["DUPEFILTER_CLASS"] == "scrapy_redis.dupefilter.RFPDupeFilter"
    assert settings.getbool("SCHEDULER_PERSIST")
    assert settings["SCHEDULER_SERIALIZER"] == "newscrawl.distributed.codec"
    assert settings["SCHEDULER_QUEUE_KEY"] == "ops:%(spider)s:requests"
    pipelines = settings.getdict("ITEM_PIPELINES")
    assert pipelines.get("newscrawl.pipelines.leased.LeasedStoragePipeline") or pipelines.get(
        LeasedStoragePipeline
    )


# -- crawls: several workers, a killed worker ---------------------------------------------------

N_ARTICLES = 120


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict]]]:
    root = tmp_path_factory.mktemp("jt-mirror-redis")
    manifest = build_site(root, n_articles=N_ARTICLES, per_page=5, seed=11)
    with serve(root) as base_url:
        yield base_url, manifest


def start_worker(
    workdir: Path, base_url: str, db_url: str, prefix: str, *args: str, redis_url: str = REDIS_URL
) -> subprocess.Popen[str]:
    """`scrapy crawl jordantimes` on the shared queue, its log in ``workdir/log``."""
    workdir.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSCRAWL_")}
    env |= {
        "SCRAPY_SETTINGS_MODULE": "newscrawl.settings",
        "NEWSCRAWL_DATABASE_URL": db_url,
        "NEWSCRAWL_REDIS_URL": redis_url,
    }
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "jordantimes", "-a", f"base_url={base_url}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=8",
        "-s", f"NEWSCRAWL_REDIS_PREFIX={prefix}", "-s", "NEWSCRAWL_REDIS_POLL_INTERVAL=0.2", *args,
    ]  # fmt: skip
    with (workdir / "log").open("w") as log:  # the child keeps its own handle
        return subprocess.Popen(
            cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT, text=True
        )


def finish(worker: subprocess.Popen[str], workdir: Path, timeout: float = 60) -> str:
    try:
        worker.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
        pytest.fail(f"worker did not finish:\n{(workdir / 'log').read_text()[-3000:]}")
    return (workdir / "log").read_text()


def stat(log: str, name: str) -> int:
    found = re.search(rf"'{re.escape(name)}': (\d+)", log)
    return int(found.group(1)) if found else 0


def stored_urls(db_url: str) -> list[str]:
    engine = create_engine(db_url)
    with engine.connect() as conn:
        urls = [row.url for row in conn.execute(text("SELECT url FROM articles"))]
    engine.dispose()
    return urls


def assert_stored_once_and_queue_drained(
    db_url: str, manifest: list[dict], redis_client: Redis, prefix: str
) -> None:
    urls = stored_urls(db_url)
    assert len(urls) == len(manifest)
    assert set(urls) == {a["url"] for a in manifest}
    keys = redis_keys(prefix, "jordantimes")
    assert redis_client.zcard(keys["requests"]) == 0
    assert redis_client.zcard(keys["processing"]) == 0, "leases left behind"
    assert redis_client.scard(keys["dupefilter"]) > len(manifest)  # persisted, not wiped at close


def test_two_workers_store_each_article_once(
    mirror: Any, fresh_pg_url: str, redis_client: Redis, prefix: str, tmp_path: Path
) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    workers = [start_worker(tmp_path / name, base_url, fresh_pg_url, prefix) for name in ("a", "b")]
    logs = [
        finish(worker, tmp_path / name) for worker, name in zip(workers, ("a", "b"), strict=True)
    ]
    for worker, log in zip(workers, logs, strict=True):
        assert worker.returncode == 0, log[-3000:]
    scraped = [stat(log, "item_scraped_count") for log in logs]
    assert all(n > 0 for n in scraped), f"both workers should have scraped articles: {scraped}"
    assert sum(scraped) == len(manifest)  # no article fetched twice
    assert sum(stat(log, "newscrawl/redis/acked") for log in logs) == sum(
        stat(log, "newscrawl/redis/leased") for log in logs
    )
    assert_stored_once_and_queue_drained(fresh_pg_url, manifest, redis_client, prefix)


def _leases_of(redis_client: Redis, prefix: str, pid: int) -> int:
    members = redis_client.zrange(redis_keys(prefix, "jordantimes")["processing"], 0, -1)
    return sum(1 for m in members if m.split(b":")[1:2] == [str(pid).encode()])


def test_killed_worker_loses_no_urls(
    mirror: Any, fresh_pg_url: str, redis_client: Redis, prefix: str, tmp_path: Path
) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    lease = ("-s", "NEWSCRAWL_REDIS_LEASE=2")
    # Worker A keeps its articles in one big storage batch: when it is killed, the articles it
    # has scraped exist only in its memory, so their requests must still be leased, not acked.
    a_log = tmp_path / "a" / "log"
    doomed = start_worker(
        tmp_path / "a", base_url, fresh_pg_url, prefix, *lease,
        "-s", "NEWSCRAWL_BATCH_SIZE=1000", "-s", "DOWNLOAD_DELAY=0.02", "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while a_log.read_text().count("Scraped from <200") < 10:
        if doomed.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"worker A never scraped 10 articles:\n{a_log.read_text()[-3000:]}")
        time.sleep(0.02)
    doomed.send_signal(signal.SIGKILL)
    doomed.wait()
    scraped_by_a = a_log.read_text().count("Scraped from <200")
    held = _leases_of(redis_client, prefix, doomed.pid)
    # A worker holds at most its concurrency (CONCURRENT_REQUESTS, 8) in leases: at the cap it
    # has the storage write the articles its finished requests wait on. Every article it
    # scraped is therefore stored, or its request is still leased.
    assert held <= 8
    assert len(stored_urls(fresh_pg_url)) + held >= scraped_by_a >= 10

    survivor = start_worker(tmp_path / "b", base_url, fresh_pg_url, prefix, *lease)
    log = finish(survivor, tmp_path / "b")
    assert survivor.returncode == 0, log[-3000:]
    assert stat(log, "newscrawl/redis/requeued_expired") >= held
    assert_stored_once_and_queue_drained(fresh_pg_url, manifest, redis_client, prefix)


def test_unreachable_redis_stops_the_worker_with_a_message(
    mirror: Any, prefix: str, tmp_path: Path
) -> None:
    base_url, _ = mirror
    db_url = f"sqlite:///{tmp_path / 'x.db'}"
    started = time.monotonic()
    worker = start_worker(
        tmp_path / "w", base_url, db_url, prefix, redis_url="redis://127.0.0.1:1/0"
    )
    log = finish(worker, tmp_path / "w", timeout=60)
    assert worker.returncode == 10, log[-3000:]
    assert "cannot reach Redis at redis://127.0.0.1:1/0" in log
    assert "run without NEWSCRAWL_REDIS_URL" in log
    assert "'downloader/request_count'" not in log  # nothing was fetched
    assert time.monotonic() - started < 30


def test_stopped_worker_leaves_no_leases_and_the_next_one_resumes(
    mirror: Any, fresh_pg_url: str, redis_client: Redis, prefix: str, tmp_path: Path
) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    keys = redis_keys(prefix, "jordantimes")
    first = start_worker(
        tmp_path / "a", base_url, fresh_pg_url, prefix, "-s", "DOWNLOAD_DELAY=0.05"
    )
    deadline = time.monotonic() + 30
    while _leases_of(redis_client, prefix, first.pid) < 5:
        if first.poll() is not None or time.monotonic() > deadline:
            pytest.fail(
                f"worker never held 5 leases:\n{(tmp_path / 'a' / 'log').read_text()[-3000:]}"
            )
        time.sleep(0.02)
    first.send_signal(signal.SIGTERM)  # a clean stop: finish or hand back, then exit
    log = finish(first, tmp_path / "a")
    assert first.returncode == 8, log[-3000:]  # "unfinished"
    assert redis_client.zcard(keys["processing"]) == 0
    assert redis_client.zcard(keys["requests"]) > 0  # the rest waits for the next worker

    second = start_worker(tmp_path / "b", base_url, fresh_pg_url, prefix)
    log = finish(second, tmp_path / "b")
    assert second.returncode == 0, log[-3000:]
    assert_stored_once_and_queue_drained(fresh_pg_url, manifest, redis_client, prefix)


def test_a_worker_leases_at_most_its_concurrency_and_a_late_worker_finds_work(
    mirror: Any, fresh_pg_url: str, redis_client: Redis, prefix: str, tmp_path: Path
) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    early = start_worker(
        tmp_path / "a", base_url, fresh_pg_url, prefix,
        "-s", "CONCURRENT_REQUESTS=4", "-s", "DOWNLOAD_DELAY=0.03",
    )  # fmt: skip
    most = 0
    deadline = time.monotonic() + 3  # the second worker starts 3 s later, as in the fault report
    while time.monotonic() < deadline and early.poll() is None:
        most = max(most, _leases_of(redis_client, prefix, early.pid))
        time.sleep(0.01)
    late = start_worker(tmp_path / "b", base_url, fresh_pg_url, prefix, "-s", "CONCURRENT_REQUESTS=4")
    while early.poll() is None:
        most = max(most, _leases_of(redis_client, prefix, early.pid))
        time.sleep(0.01)
    logs = [finish(early, tmp_path / "a"), finish(late, tmp_path / "b")]
    print(f"most leases held by the 4-request worker: {most}")
    assert 0 < most <= 4
    for worker, log in zip((early, late), logs, strict=True):
        assert worker.returncode == 0, log[-3000:]
    assert stat(logs[1], "item_scraped_count") > 0, "the late worker should have found work"
    assert_stored_once_and_queue_drained(fresh_pg_url, manifest, redis_client, prefix)


def test_a_worker_started_after_the_round_is_done_exits_0(
    mirror: Any, fresh_pg_url: str, redis_client: Redis, prefix: str, tmp_path: Path
) -> None:
    base_url, manifest = mirror
    upgrade(fresh_pg_url)
    first = start_worker(tmp_path / "a", base_url, fresh_pg_url, prefix)
    assert finish(first, tmp_path / "a")
    assert first.returncode == 0
    late = start_worker(tmp_path / "b", base_url, fresh_pg_url, prefix)
    log = finish(late, tmp_path / "b")
    assert late.returncode == 0, log[-3000:]
    assert "Nothing left to do in the shared queue of jordantimes" in log
    assert stat(log, "item_scraped_count") == 0
    assert stat(log, "newscrawl/redis/nothing_left") == 1
    assert_stored_once_and_queue_drained(fresh_pg_url, manifest, redis_client, prefix)
