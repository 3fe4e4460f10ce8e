"""Store archived pages: ``newscrawl reextract`` (our own archive) and ``newscrawl ingest-warc`` (any WARC).

Both read response records, make articles with :class:`~newscrawl.archive.replay.Replayer`
and write them in batches through ``repository.upsert_articles``, the crawl's own upsert: a
page whose article comes out different gets a new revision, an identical one is counted as
unchanged. Each batch is stored as of the latest fetch time among its pages, so
``first_seen_at`` of an ingested article is when the page was captured, not when it was read.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from newscrawl.archive.replay import Replayer, generic_source
from newscrawl.archive.warc import (
    ArchivedResponse,
    BrokenRecord,
    WarcReader,
    archive_files,
    read_record,
)
from newscrawl.db import archive as stored
from newscrawl.db import repository
from newscrawl.db.engine import Engine, transaction
from newscrawl.sites import all_sites, site_for_url, source_rows
from newscrawl.sites.navigation import article_ref

Progress = Callable[..., Any]


@dataclass
class Tally:
    """What a run did, record by record."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    failed: list[BrokenRecord] = field(default_factory=list)
    changed_by_site: Counter[str] = field(default_factory=Counter)
    fields_by_site: dict[str, Counter[str]] = field(default_factory=dict)
    files_done: int = 0
    """Files skipped because an earlier run ingested them whole (``ingest-warc``)."""

    @property
    def kept(self) -> int:
        return self.new + self.changed + self.unchanged


class ArticleStore:
    """Batched writes through the crawl's upsert, with the changed fields of each changed article."""

    def __init__(self, engine: Engine, tally: Tally, batch_size: int = 100) -> None:
        self.engine = engine
        self.tally = tally
        self.batch_size = batch_size
        self.pending: list[dict[str, Any]] = []
        with transaction(engine) as session:
            self.source_ids = repository.ensure_sources(session, source_rows(all_sites()))

    def add(self, article: dict[str, Any]) -> bool:
        """Queue one article; True when that wrote a batch."""
        self.pending.append(article)
        if len(self.pending) >= self.batch_size:
            self.flush()
            return True
        return False

    def flush(self) -> None:
        if not self.pending:
            return
        batch, self.pending = self.pending, []
        latest: dict[str, dict[str, Any]] = {a["url"]: a for a in batch}
        now = max(a["fetched_at"] for a in batch)
        with transaction(self.engine) as session:
            unknown = {a["source"] for a in batch if a["source"] not in self.source_ids}
            if unknown:
                rows = [generic_source(a["url"]) for a in latest.values() if a["source"] in unknown]
                self.source_ids.update(repository.ensure_sources(session, {r["slug"]: r for r in rows}.values()))
            before = stored.stored_values(session, list(latest))
            result = repository.upsert_articles(session, batch, self.source_ids, now)
        self.tally.new += len(result.new)
        self.tally.unchanged += len(result.unchanged)
        self.tally.changed += len(result.updated)
        for url in result.updated:
            article = latest[url]
            source = article["source"]
            self.tally.changed_by_site[source] += 1
            fields = self.tally.fields_by_site.setdefault(source, Counter())
            fields.update(stored.changed_fields(before[url], article))


def _store_page(page: ArchivedResponse | BrokenRecord, replayer: Replayer, store: ArticleStore) -> bool:
    if isinstance(page, BrokenRecord):
        store.tally.failed.append(page)
        return False
    made = replayer.replay(page)
    if made.article is None:
        store.tally.skipped[made.skipped or "unknown"] += 1
        return False
    return store.add(made.article)


# -- re-extract --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Capture:
    fetched_at: datetime
    path: Path
    name: str
    offset: int


def _in_window(day: date, since: date | None, until: date | None) -> bool:
    return (since is None or day >= since) and (until is None or day <= until)


def reextract(
    engine: Engine,
    root: Path,
    *,
    site: str | None = None,
    since: date | None = None,
    until: date | None = None,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> Tally:
    """Re-extract the latest archived capture of every article (fetched in the date window)."""
    tally = Tally()
    latest: dict[str, _Capture] = {}
    for path in archive_files(root, site):
        name = path.relative_to(root).as_posix()
        for page in WarcReader(path, name=name):
            if isinstance(page, BrokenRecord):
                tally.failed.append(page)
                continue
            owner = site_for_url(page.url)
            if owner is None or (site and owner.slug != site):
                tally.skipped["other_site"] += 1
                continue
            ref = article_ref(page.url, owner)
            if ref is None:
                tally.skipped["not_article"] += 1
                continue
            if not _in_window(page.fetched_at.date(), since, until):
                tally.skipped["outside_dates"] += 1
                continue
            capture = _Capture(page.fetched_at, path, name, page.offset)
            earlier = latest.get(ref.canonical)
            if earlier is not None:
                tally.skipped["older_capture"] += 1
                if earlier.fetched_at > capture.fetched_at:
                    continue
            latest[ref.canonical] = capture
    store = ArticleStore(engine, tally, batch_size)
    replayer = Replayer()
    captures = sorted(latest.values(), key=lambda c: (c.name, c.offset))
    bar = _bar(progress, len(captures), "page")
    for capture in captures:
        record = read_record(capture.path, capture.offset, capture.name)
        if record is None:
            tally.failed.append(BrokenRecord(capture.name, capture.offset, "record vanished"))
        else:
            _store_page(record, replayer, store)
        bar.update(1)
    store.flush()
    bar.close()
    return tally


# -- ingest ------------------------------------------------------------------------------------


class Ledger:
    """How far each file was ingested (resuming after an interruption), one JSON file per WARC."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, warc: Path) -> Path:
        key = hashlib.sha1(str(warc.resolve()).encode()).hexdigest()[:20]
        return self.folder / f"{key}.json"

    def read(self, warc: Path) -> dict[str, Any]:
        path = self._path(warc)
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return state if state.get("size") == warc.stat().st_size else {}

    def write(self, warc: Path, *, done: int, complete: bool) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        state = {"path": str(warc.resolve()), "size": warc.stat().st_size, "done": done, "complete": complete}
        tmp = self._path(warc).with_suffix(".tmp")
        tmp.write_text(json.dumps(state), encoding="utf-8")
        tmp.replace(self._path(warc))


def ingest(
    engine: Engine,
    paths: Iterable[Path],
    *,
    ledger: Ledger,
    generic: bool = False,
    again: bool = False,
    batch_size: int = 100,
    progress: Progress | None = None,
) -> Tally:
    """Store the response records of WARC files; a file done before is skipped unless ``again``."""
    tally = Tally()
    store = ArticleStore(engine, tally, batch_size)
    replayer = Replayer(generic=generic)
    files = list(paths)
    bar = _bar(progress, sum(p.stat().st_size for p in files), "B")
    for path in files:
        state = {} if again else ledger.read(path)
        if state.get("complete"):
            tally.files_done += 1
            bar.update(path.stat().st_size)
            continue
        resume_after = int(state.get("done", -1))
        name = str(path.resolve())
        position = 0
        last_queued = -1
        for page in WarcReader(path, name=name):
            bar.update(max(page.offset - position, 0))
            position = max(position, page.offset)
            if page.offset <= resume_after:
                continue
            if isinstance(page, ArchivedResponse):
                last_queued = page.offset
            if _store_page(page, replayer, store):  # a batch was written: remember how far
                ledger.write(path, done=last_queued, complete=False)
        store.flush()
        ledger.write(path, done=max(last_queued, resume_after), complete=True)
        bar.update(path.stat().st_size - position)
    bar.close()
    return tally


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def _bar(progress: Progress | None, total: int, unit: str) -> Any:
    if progress is None:
        return _NoBar()
    return progress(total=total, unit=unit, unit_scale=unit == "B")


def summary_lines(tally: Tally) -> Iterator[str]:
    """The per-site changed-field summary: ``jordantimes: 3 changed (title 3, body 1)``."""
    for source, count in sorted(tally.changed_by_site.items()):
        fields = tally.fields_by_site.get(source, Counter())
        named = ", ".join(f"{name} {n}" for name, n in fields.most_common())
        yield f"{source}: {count} changed ({named or 'content hash only'})"
