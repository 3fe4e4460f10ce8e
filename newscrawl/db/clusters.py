"""Story clusters in the database: one agency story republished by many outlets is one row of
``story_clusters``.

The matcher (word 4-gram shingles, MinHash signatures, LSH bands) is
``newscrawl.clustering.minhash``; here each signature's band buckets are kept in
``story_lsh_buckets``, and a new article is compared
only with the articles sharing one of its buckets (one indexed query per batch) and joins the
story of its best match; with no match it starts a story of its own. Every stored article
belongs to exactly one story, so ``count(DISTINCT story_id)`` counts stories, not copies.

The earliest copy (by publication time; a date without a time counts as the end of its local
day, so a timed copy of the same day wins; ties go to the copy stored first) is the story's
first publisher. Functions take a ``Session`` and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    BigInteger,
    Table,
    any_,
    bindparam,
    delete,
    func,
    insert,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from newscrawl.clustering.minhash import (
    SCHEME,
    Signature,
    is_match,
    match_counts,
    scores,
    signature,
)
from newscrawl.db.batches import chunks
from newscrawl.db.models import Article, ArticleCluster, StoryCluster, StoryLshBucket

# Core tables for the bulk writes: plain executemany, without the ORM's per-row bookkeeping.
_STORIES = cast(Table, StoryCluster.__table__)
_MEMBERS = cast(Table, ArticleCluster.__table__)
_BUCKETS = cast(Table, StoryLshBucket.__table__)
_CHUNK = 2000
_FAR_FUTURE = datetime.max.replace(tzinfo=UTC)


# -- incremental assignment ----------------------------------------------------------------------


@dataclass
class ClusterResult:
    """What one assignment did."""

    assigned: int = 0
    joined: int = 0
    """Articles that joined an existing story or one started earlier in the same batch."""
    started: int = 0
    """Stories created."""
    stories: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class _Info:
    id: int
    source_id: int
    title: str | None
    instant: datetime | None
    key: tuple[datetime, datetime, int]


def _postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _in(session: Session, column: Any, values: Iterable[Any]) -> Iterator[ColumnElement[bool]]:
    """``column IN values``: one ``= ANY(array)`` on PostgreSQL (a single bound parameter, however
    many values), chunks of ``IN`` lists elsewhere. Nothing for no values."""
    items = sorted(set(values))
    if not items:
        return
    if _postgres(session):
        yield column == any_(bindparam(None, items, type_=postgresql.ARRAY(BigInteger)))
        return
    for chunk in chunks(items, _CHUNK):
        yield column.in_(chunk)


def stored_utc(value: datetime | None) -> datetime | None:
    """A stored instant as an aware UTC datetime: SQLite hands back naive values, and newscrawl
    writes every instant there in UTC (``repository.as_utc``)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def publication_instant(
    published_local: str | None, published_at: datetime | None
) -> datetime | None:
    """The publication instant in UTC: from ``published_local`` (ISO 8601 with the outlet's
    offset) when it has an offset, else the stored ``published_at``."""
    if published_local:
        try:
            parsed = datetime.fromisoformat(published_local)
        except ValueError:
            parsed = None
        if parsed is not None and parsed.tzinfo is not None:
            return parsed.astimezone(UTC)
    return stored_utc(published_at)


def _article_info(session: Session, ids: Iterable[int]) -> dict[int, _Info]:
    cols = (
        Article.id, Article.source_id, Article.title, Article.published_at,
        Article.published_local, Article.date_precision, Article.first_seen_at,
    )  # fmt: skip
    out: dict[int, _Info] = {}
    for condition in _in(session, Article.id, ids):
        for row in session.execute(select(*cols).where(condition)):
            instant = publication_instant(row.published_local, row.published_at)
            order = instant or _FAR_FUTURE
            if instant is not None and row.date_precision == "day":
                order = instant + timedelta(days=1) - timedelta(microseconds=1)
            seen = stored_utc(row.first_seen_at) or _FAR_FUTURE
            out[row.id] = _Info(row.id, row.source_id, row.title, instant, (order, seen, row.id))
    return out


def _bucket_hits(session: Session, buckets: set[int], exclude: set[int]) -> dict[int, list[int]]:
    hits: dict[int, list[int]] = {}
    for condition in _in(session, StoryLshBucket.bucket, buckets):
        rows = session.execute(
            select(StoryLshBucket.bucket, StoryLshBucket.article_id)
            .where(condition)
            .order_by(StoryLshBucket.bucket, StoryLshBucket.article_id)
        )
        for bucket, article_id in rows:
            if article_id not in exclude:
                hits.setdefault(bucket, []).append(article_id)
    return hits


def _stored_signatures(session: Session, ids: set[int]) -> dict[int, tuple[int, Signature]]:
    out: dict[int, tuple[int, Signature]] = {}
    cols = (
        ArticleCluster.article_id,
        ArticleCluster.cluster_id,
        ArticleCluster.signature,
        ArticleCluster.shingle_count,
    )
    for condition in _in(session, ArticleCluster.article_id, ids):
        rows = session.execute(select(*cols).where(condition, ArticleCluster.scheme == SCHEME))
        for article_id, cluster_id, values, size in rows:
            if values:
                out[article_id] = (cluster_id, Signature(bytes(values), size))
    return out


_PG_CANDIDATES = text(
    "SELECT b.bucket, c.article_id, c.cluster_id, c.signature, c.shingle_count "
    "FROM story_lsh_buckets b JOIN article_clusters c ON c.article_id = b.article_id "
    "WHERE b.bucket = ANY(CAST(:buckets AS bigint[])) AND c.scheme = :scheme "
    "ORDER BY b.bucket, b.article_id"
)


def _pg_candidates(
    session: Session, wanted: set[int], exclude: set[int]
) -> tuple[dict[int, list[int]], dict[int, tuple[int, Signature]]]:
    """PostgreSQL: the stored articles sharing a bucket with the batch and their signatures in
    one query: the same (bucket -> article ids in id order, article id -> (story, signature))
    as :func:`_bucket_hits` and :func:`_stored_signatures` together. A bucket row whose
    membership is gone (its article was deleted) joins nothing."""
    hits: dict[int, list[int]] = {}
    stored: dict[int, tuple[int, Signature]] = {}
    if not wanted:
        return hits, stored
    rows = session.execute(_PG_CANDIDATES, {"buckets": sorted(wanted), "scheme": SCHEME})
    for bucket, article_id, cluster_id, values, size in rows:
        if article_id in exclude or not values:
            continue
        stored[article_id] = (cluster_id, Signature(bytes(values), size))
        hits.setdefault(bucket, []).append(article_id)
    return hits, stored


def assign_articles(
    session: Session, bodies: Mapping[int, str], now: datetime | None = None
) -> ClusterResult:
    """Put new or changed articles (id -> clean body) into stories, in the caller's transaction.

    A changed article leaves its story and is assigned again; its old story keeps its id when
    the article is still the only member. An article joins the story of its most similar
    earlier match; it does not merge two stories it happens to bridge.
    """
    result = ClusterResult()
    if not bodies:
        return result
    now = now or datetime.now(UTC)
    ids = sorted(bodies)
    batch = set(ids)

    previous: dict[int, int] = {}
    for condition in _in(session, ArticleCluster.article_id, ids):
        previous.update(
            session.execute(
                select(ArticleCluster.article_id, ArticleCluster.cluster_id).where(condition)
            ).all()
        )
    postgres = _postgres(session)
    if previous:
        for condition in _in(session, StoryLshBucket.article_id, previous):
            session.execute(delete(StoryLshBucket).where(condition))
        for condition in _in(session, ArticleCluster.article_id, previous):
            session.execute(delete(ArticleCluster).where(condition))
    still_used = _member_counts(session, set(previous.values()))

    signatures = {aid: signature(bodies[aid]) for aid in ids}
    buckets = {aid: sig.buckets() for aid, sig in signatures.items() if sig is not None}
    wanted = {b for bs in buckets.values() for b in bs}
    if postgres:
        hits, stored = _pg_candidates(session, wanted, batch)
    else:
        hits = _bucket_hits(session, wanted, batch)
        stored = _stored_signatures(session, {a for found in hits.values() for a in found})
    info = _article_info(session, ids)

    # Earliest first, so that within a batch the original starts the story and copies join it.
    order = sorted(
        ids, key=lambda aid: info[aid].key if aid in info else (_FAR_FUTURE, _FAR_FUTURE, aid)
    )
    cluster_of: dict[
        int, int | str
    ] = {}  # article -> story id, or "new:<article>" for one to create
    batch_buckets: dict[int, list[int]] = {}
    memberships: list[dict[str, Any]] = []
    reused: set[int] = set()
    for aid in order:
        sig = signatures[aid]
        best: tuple[float, float, int] | None = None
        if sig is not None:
            seen: set[int] = set()
            candidates: list[tuple[int, Signature]] = []
            for bucket in buckets[aid]:
                for other in (*hits.get(bucket, ()), *batch_buckets.get(bucket, ())):
                    if other in seen:
                        continue
                    seen.add(other)
                    other_sig = stored[other][1] if other in stored else signatures.get(other)
                    if other_sig is None:
                        continue
                    candidates.append((other, other_sig))
            # All candidates compared in one array operation, then judged in the same order.
            counts = match_counts(sig, [other_sig for _, other_sig in candidates])
            for (other, other_sig), count in zip(candidates, counts, strict=True):
                jaccard, containment = scores(count, sig.size, other_sig.size)
                if is_match(jaccard, containment) and (
                    best is None or (jaccard, containment) > best[:2]
                ):
                    best = (jaccard, containment, other)
            for bucket in buckets[aid]:
                batch_buckets.setdefault(bucket, []).append(aid)
        if best is not None:
            other = best[2]
            cluster_of[aid] = stored[other][0] if other in stored else cluster_of[other]
            result.joined += 1
        elif aid in previous and not still_used.get(previous[aid]) and previous[aid] not in reused:
            cluster_of[aid] = previous[aid]  # a changed article alone in its story keeps the id
            reused.add(previous[aid])
        else:
            cluster_of[aid] = f"new:{aid}"
        memberships.append(
            {
                "article_id": aid,
                "matched_article_id": best[2] if best else None,
                "similarity": round(best[0], 4) if best else None,
                "containment": round(best[1], 4) if best else None,
                "shingle_count": sig.size if sig else 0,
                "signature": sig.values if sig else None,
                "scheme": SCHEME,
                "assigned_at": now,
            }
        )

    new_keys = [key for key in dict.fromkeys(cluster_of.values()) if isinstance(key, str)]
    created: dict[str, int] = {}
    if new_keys:
        if _postgres(session):
            # One statement for the lot; ids are drawn in row order, so sorted they pair up.
            new_ids = sorted(
                session.scalars(_PG_NEW_STORIES, {"n": len(new_keys), "now": now}).all()
            )
        else:
            rows = [
                {
                    "title": None,
                    "article_count": 0,
                    "source_count": 0,
                    "created_at": now,
                    "updated_at": now,
                }
                for _ in new_keys
            ]
            new_ids = list(
                session.scalars(
                    insert(_STORIES).returning(_STORIES.c.id, sort_by_parameter_order=True), rows
                ).all()
            )
        created = dict(zip(new_keys, new_ids, strict=True))
        result.started = len(new_keys)
    for row in memberships:
        key = cluster_of[row["article_id"]]
        row["cluster_id"] = created[key] if isinstance(key, str) else key
    if postgres:
        _pg_insert_members(session, memberships, now)
        _pg_insert_buckets(session, buckets)
    else:
        session.execute(insert(_MEMBERS), memberships)
        bucket_rows = [
            {"bucket": b, "article_id": aid}
            for aid, bs in buckets.items()
            for b in dict.fromkeys(bs)
        ]
        if bucket_rows:
            session.execute(insert(_BUCKETS), bucket_rows)

    touched = {row["cluster_id"] for row in memberships}
    _refresh(session, touched, set(previous.values()) - touched, batch, info, now)
    result.assigned = len(memberships)
    result.stories = touched
    return result


def _member_counts(session: Session, cluster_ids: set[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for condition in _in(session, ArticleCluster.cluster_id, cluster_ids):
        counts.update(
            session.execute(
                select(ArticleCluster.cluster_id, func.count())
                .where(condition)
                .group_by(ArticleCluster.cluster_id)
            ).all()
        )
    return counts


def _refresh(
    session: Session,
    touched: set[int],
    left: set[int],
    batch: set[int],
    info: Mapping[int, _Info],
    now: datetime,
) -> None:
    """Recount the stories articles joined or left; re-mark their earliest copy; drop empty ones."""
    clusters = sorted(touched | left)
    stats: dict[int, tuple[int, int]] = {}
    firsts: dict[int, int | None] = {}
    for condition in _in(session, ArticleCluster.cluster_id, clusters):
        rows = session.execute(
            select(
                ArticleCluster.cluster_id,
                func.count(),
                func.count(func.distinct(Article.source_id)),
            )
            .join(Article, Article.id == ArticleCluster.article_id)
            .where(condition)
            .group_by(ArticleCluster.cluster_id)
        )
        stats.update({cid: (n, sources) for cid, n, sources in rows})
    for condition in _in(session, StoryCluster.id, clusters):
        firsts.update(
            session.execute(
                select(StoryCluster.id, StoryCluster.first_article_id).where(condition)
            ).all()
        )
    empty = [cid for cid in clusters if cid not in stats]
    for condition in _in(session, StoryCluster.id, empty):
        session.execute(delete(StoryCluster).where(condition))

    live = [cid for cid in clusters if cid in stats]
    # Stories whose current first copy is still valid only need it compared with the newcomers;
    # the others (new, or their first copy changed or left) are recomputed from all members.
    full = [cid for cid in live if firsts.get(cid) is None or firsts[cid] in batch]
    members: dict[int, list[int]] = {cid: [] for cid in live}
    for condition in _in(session, ArticleCluster.cluster_id, full):
        for cid, aid in session.execute(
            select(ArticleCluster.cluster_id, ArticleCluster.article_id).where(condition)
        ):
            members[cid].append(aid)
    partial = set(live) - set(full)
    if partial:
        for condition in _in(session, ArticleCluster.article_id, batch):
            for cid, aid in session.execute(
                select(ArticleCluster.cluster_id, ArticleCluster.article_id).where(condition)
            ):
                if cid in partial:
                    members[cid].append(aid)
        for cid in partial:
            members[cid].append(firsts[cid])  # type: ignore[arg-type]
    needed = {aid for aids in members.values() for aid in aids} - set(info)
    known = {**info, **_article_info(session, needed)} if needed else dict(info)

    updates: list[dict[str, Any]] = []
    for cid in live:
        candidates = [known[aid] for aid in members[cid] if aid in known]
        first = min(candidates, key=lambda i: i.key) if candidates else None
        count, sources = stats[cid]
        updates.append(
            {
                "story": cid,
                "article_count": count,
                "source_count": sources,
                "first_article_id": first.id if first else None,
                "first_source_id": first.source_id if first else None,
                "first_published_at": first.instant if first else None,
                "title": first.title if first else None,
                "updated_at": now,
            }
        )
    if updates and _postgres(session):
        session.execute(
            _PG_UPDATE_STORIES,
            {
                name: [u[name] for u in updates]
                for name in ("story", "article_count", "source_count", "first_article_id",
                             "first_source_id", "first_published_at", "title")
            }
            | {"now": now},
        )  # fmt: skip
    elif updates:
        session.execute(update(_STORIES).where(_STORIES.c.id == bindparam("story")), updates)


# PostgreSQL writes a batch's rows as arrays unnested on the server: one statement and a few
# bound parameters per table, where an executemany would send one row (or ten binds) at a time.
_PG_NEW_STORIES = text(
    "INSERT INTO story_clusters (title, article_count, source_count, created_at, updated_at) "
    "SELECT NULL, 0, 0, :now, :now FROM generate_series(1, :n) AS g ORDER BY g RETURNING id"
)
_PG_INSERT_MEMBERS = text(
    "INSERT INTO article_clusters (article_id, cluster_id, matched_article_id, similarity, "
    "containment, shingle_count, signature, scheme, assigned_at) "
    "SELECT u.*, :scheme, :now FROM unnest(CAST(:article_id AS bigint[]), "
    "CAST(:cluster_id AS bigint[]), CAST(:matched_article_id AS bigint[]), "
    "CAST(:similarity AS float8[]), CAST(:containment AS float8[]), "
    "CAST(:shingle_count AS int[]), CAST(:signature AS bytea[])) AS u"
)
_PG_INSERT_BUCKETS = text(
    "INSERT INTO story_lsh_buckets (bucket, article_id) "
    "SELECT * FROM unnest(CAST(:bucket AS bigint[]), CAST(:article_id AS bigint[]))"
)
_PG_UPDATE_STORIES = text(
    "UPDATE story_clusters AS sc SET article_count = u.article_count, "
    "source_count = u.source_count, first_article_id = u.first_article_id, "
    "first_source_id = u.first_source_id, first_published_at = u.first_published_at, "
    "title = u.title, updated_at = :now "
    "FROM unnest(CAST(:story AS bigint[]), CAST(:article_count AS int[]), "
    "CAST(:source_count AS int[]), CAST(:first_article_id AS bigint[]), "
    "CAST(:first_source_id AS int[]), CAST(:first_published_at AS timestamptz[]), "
    "CAST(:title AS text[])) "
    "AS u(id, article_count, source_count, first_article_id, first_source_id, "
    "first_published_at, title) WHERE sc.id = u.id"
)


def _pg_insert_members(session: Session, memberships: list[dict[str, Any]], now: datetime) -> None:
    if not memberships:
        return
    columns = ("article_id", "cluster_id", "matched_article_id", "similarity", "containment",
               "shingle_count", "signature")  # fmt: skip
    params: dict[str, Any] = {c: [m[c] for m in memberships] for c in columns}
    session.execute(_PG_INSERT_MEMBERS, params | {"scheme": SCHEME, "now": now})


def _pg_insert_buckets(session: Session, buckets: Mapping[int, list[int]]) -> None:
    article_ids: list[int] = []
    values: list[int] = []
    for aid, bs in buckets.items():
        distinct = list(dict.fromkeys(bs))
        values.extend(distinct)
        article_ids.extend([aid] * len(distinct))
    if values:
        session.execute(_PG_INSERT_BUCKETS, {"bucket": values, "article_id": article_ids})


def assign_unclustered(session: Session, limit: int = 500) -> int:
    """Assign up to ``limit`` articles that have no story yet (oldest first); returns how many."""
    missing = (
        select(Article.id, Article.body)
        .where(
            ~select(ArticleCluster.article_id)
            .where(ArticleCluster.article_id == Article.id)
            .exists()
        )
        .order_by(Article.published_at.is_(None), Article.published_at, Article.id)
        .limit(limit)
    )
    bodies = {aid: body or "" for aid, body in session.execute(missing)}
    assign_articles(session, bodies)
    return len(bodies)


def reset(session: Session) -> None:
    """Forget every story (for a rebuild after a scheme change); articles are untouched.

    PostgreSQL empties the three tables with ``TRUNCATE`` (in the caller's transaction; it
    locks them until the commit): a ``DELETE`` would leave every old row behind as a dead
    tuple, doubling the tables on disk until autovacuum came round. SQLite deletes; its freed
    pages are reused by the rebuild (``VACUUM`` returns them to the file system).
    """
    if _postgres(session):
        session.execute(text("TRUNCATE story_lsh_buckets, article_clusters, story_clusters"))
        return
    session.execute(delete(StoryLshBucket))
    session.execute(delete(ArticleCluster))
    session.execute(delete(StoryCluster))
