"""Story clusters: the matcher on labelled pairs, incremental assignment in PostgreSQL and SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from newscrawl.clustering import evaluation, minhash
from newscrawl.db import clusters, repository
from newscrawl.db.engine import check_ready, make_engine
from newscrawl.db.models import Article, ArticleCluster, Source, StoryCluster, StoryLshBucket
from newscrawl.processing import content_hash
from newscrawl.sites import Site, get_site, source_rows

FIXTURES = Path(__file__).parent / "fixtures" / "clusters"
TEXTS = evaluation.load_labelled(FIXTURES)
BY_NAME = {t.name: t for t in TEXTS}


def fixture_site(slug: str) -> Site:
    if slug == "jordantimes":
        return get_site("jordantimes")
    return Site(
        slug=slug,
        name=slug.title(),
        domains=(f"{slug}.example",),
        canonical_base=f"https://{slug}.example",
        article_url_pattern=r"/.*",
        timezone="Asia/Amman",
        country="JO",
    )


def fixture_article(text: evaluation.LabelledText, **changes: Any) -> dict[str, Any]:
    published = datetime.fromisoformat(text.published)
    article: dict[str, Any] = {
        "url": f"https://{text.source}.example/news/{text.name}",
        "source": text.source,
        "title": text.title,
        "byline_raw": None,
        "authors": [],
        "agencies": [],
        "desks": [],
        "published_at": published,
        "date_precision": "day" if published.time() == datetime.min.time() else "minute",
        "body": text.body,
        "word_count": len(text.body.split()),
        "language": "ar" if "-ar-" in text.story else "en",
        "parser": "fixture",
        "provenance": {},
    }
    article.update(changes)
    article["content_hash"] = content_hash(article)
    return article


def store(session: Session, names: list[str], batches: int = 1) -> dict[str, int]:
    """Store fixture texts as articles in ``batches`` transactions' worth of upserts."""
    texts = [BY_NAME[n] for n in names]
    ids = repository.ensure_sources(
        session, source_rows(fixture_site(s) for s in sorted({t.source for t in texts}))
    )
    size = max(1, -(-len(texts) // batches))
    for start in range(0, len(texts), size):
        repository.upsert_articles(
            session, [fixture_article(t) for t in texts[start : start + size]], ids
        )
    return ids


def story_of(session: Session) -> dict[str, int]:
    """Fixture name -> story id."""
    rows = session.execute(
        select(Article.url, ArticleCluster.cluster_id).join(
            ArticleCluster, ArticleCluster.article_id == Article.id
        )
    )
    return {url.rsplit("/", 1)[1]: cid for url, cid in rows}


# -- pure ---------------------------------------------------------------------------------------


def test_shingles_fold_case_and_keep_arabic() -> None:
    assert minhash.shingles("The Bank said, the BANK said") == {
        "the bank said the",
        "bank said the bank",
        "said the bank said",
    }
    assert "وزارة التربية والتعليم اليوم" in minhash.shingles(
        "أعلنت وزارة التربية والتعليم، اليوم الأحد"
    )


def test_short_bodies_get_no_signature() -> None:
    assert minhash.signature("Too short to compare.") is None
    assert minhash.signature(BY_NAME["petra-heatwave.petra"].body) is not None


def test_identical_bodies_match_fully_and_signatures_are_stable() -> None:
    body = BY_NAME["ap-gaza-convoy.ap"].body
    a, b = minhash.signature(body), minhash.signature(body)
    assert a is not None
    assert b is not None
    assert a == b
    assert len(a.values) == 4 * minhash.NUM_PERM
    assert minhash.similarity(a, b) == (1.0, 1.0)
    assert len(set(a.buckets())) == minhash.BANDS


def test_labelled_set_has_hard_cases() -> None:
    stories = {t.story for t in TEXTS}
    assert len(TEXTS) >= 30
    assert sum(1 for s in stories if s.startswith("solo-")) >= 10
    assert sum(1 for a, b in combinations(TEXTS, 2) if a.story == b.story) >= 20


def test_matcher_precision_and_recall_on_labelled_pairs(capsys: pytest.CaptureFixture[str]) -> None:
    scores = evaluation.score_pairs(TEXTS, evaluation.pairwise_decisions(TEXTS))
    with capsys.disabled():
        print(
            f"\npairwise matcher: precision {scores.precision:.3f} recall {scores.recall:.3f} "
            f"over {scores.pairs} pairs ({scores.positives} same-story); mistakes {list(scores.mistakes)}"
        )
    assert scores.precision == 1.0
    assert scores.recall >= 0.9


# -- incremental assignment on PostgreSQL --------------------------------------------------------


def test_two_copies_of_an_agency_story_on_two_sites_share_a_story(pg_session: Session) -> None:
    store(pg_session, ["afp-iraq-count.afp", "afp-iraq-count.jordantimes", "solo-iraq-budget.afp"])
    story = story_of(pg_session)
    assert story["afp-iraq-count.afp"] == story["afp-iraq-count.jordantimes"]
    assert story["solo-iraq-budget.afp"] != story["afp-iraq-count.afp"]
    cluster = pg_session.get(StoryCluster, story["afp-iraq-count.afp"])
    assert cluster is not None
    assert (cluster.article_count, cluster.source_count) == (2, 2)
    first = pg_session.get(Article, cluster.first_article_id)
    assert first is not None
    assert first.url.endswith("afp-iraq-count.afp")
    member = pg_session.get(ArticleCluster, first.id)
    assert member is not None
    assert member.scheme == minhash.SCHEME


def test_stories_over_the_labelled_set_across_batches(
    pg_session: Session, capsys: pytest.CaptureFixture[str]
) -> None:
    # Copies first, originals later, in several transactions: the earliest publisher must
    # still end up marked, and stories must form across batches.
    names = sorted(BY_NAME, key=lambda n: (n.split(".")[1] == n.split(".")[0].split("-")[0], n))
    store(pg_session, names, batches=4)
    story = story_of(pg_session)
    assert set(story) == set(BY_NAME)
    scores = evaluation.score_pairs(
        TEXTS, {(a, b): story[a] == story[b] for a, b in combinations(story, 2)}
    )
    with capsys.disabled():
        print(
            f"\nstories in PostgreSQL: precision {scores.precision:.3f} recall {scores.recall:.3f}"
        )
    assert scores.precision == 1.0
    assert scores.recall >= 0.95

    # The agency's own copy is the earliest publisher of each multi-copy story.
    rows = pg_session.execute(
        select(StoryCluster.id, Source.slug, StoryCluster.source_count, StoryCluster.title)
        .join(Source, Source.id == StoryCluster.first_source_id)
        .where(StoryCluster.article_count > 1)
    ).all()
    assert len(rows) == len({t.story for t in TEXTS if not t.story.startswith("solo-")})
    for _, first_source, _, title in rows:
        (original,) = [t for t in TEXTS if t.title == title]
        assert original.story.split("-")[0] == first_source, title


def test_a_changed_article_moves_to_its_new_story(pg_session: Session) -> None:
    ids = store(
        pg_session,
        ["reuters-opec-output.reuters", "reuters-opec-output.gulfnews", "solo-opec-hold.reuters"],
    )
    before = story_of(pg_session)
    assert before["reuters-opec-output.gulfnews"] == before["reuters-opec-output.reuters"]
    # The gulfnews page is replaced by a copy of the other OPEC story.
    changed = fixture_article(
        BY_NAME["reuters-opec-output.gulfnews"], body=BY_NAME["solo-opec-hold.reuters"].body
    )
    result = repository.upsert_articles(pg_session, [changed], ids)
    assert result.updated == [changed["url"]]
    after = story_of(pg_session)
    assert after["reuters-opec-output.gulfnews"] == after["solo-opec-hold.reuters"]
    old = pg_session.get(StoryCluster, before["reuters-opec-output.reuters"])
    assert old is not None
    assert (old.article_count, old.source_count) == (1, 1)
    buckets = pg_session.scalars(
        select(StoryLshBucket.article_id).where(
            StoryLshBucket.article_id == after_id(pg_session, changed["url"])
        )
    ).all()
    assert len(buckets) == minhash.BANDS


def after_id(session: Session, url: str) -> int:
    return session.scalars(select(Article.id).where(Article.url == url)).one()


def test_an_unchanged_recrawl_keeps_stories(pg_session: Session) -> None:
    names = ["wam-uae-probe.wam", "wam-uae-probe.gulfnews"]
    store(pg_session, names)
    first = story_of(pg_session)
    store(pg_session, names)
    assert story_of(pg_session) == first


def test_backfill_assigns_articles_stored_without_a_story(pg_session: Session) -> None:
    store(pg_session, ["petra-heatwave.petra", "petra-heatwave.roya", "solo-petra-snow.petra"])
    clusters.reset(pg_session)
    assert story_of(pg_session) == {}
    assert clusters.assign_unclustered(pg_session, limit=2) == 2
    assert clusters.assign_unclustered(pg_session, limit=2) == 1
    story = story_of(pg_session)
    assert (
        story["petra-heatwave.petra"]
        == story["petra-heatwave.roya"]
        != story["solo-petra-snow.petra"]
    )


# -- SQLite ---------------------------------------------------------------------------------------


@pytest.fixture
def sqlite_session(tmp_path: Path) -> Iterator[Session]:
    engine = make_engine(f"sqlite:///{tmp_path / 'newscrawl.db'}")
    check_ready(engine)
    with Session(engine) as session, session.begin():
        yield session
    engine.dispose()


def test_stories_on_sqlite(sqlite_session: Session) -> None:
    store(
        sqlite_session,
        ["petra-ar-schools.alghad", "petra-ar-schools.petra", "solo-ar-vaccination.petra"],
        batches=3,
    )
    story = story_of(sqlite_session)
    assert story["petra-ar-schools.alghad"] == story["petra-ar-schools.petra"]
    assert story["solo-ar-vaccination.petra"] != story["petra-ar-schools.petra"]
    cluster = sqlite_session.get(StoryCluster, story["petra-ar-schools.petra"])
    assert cluster is not None
    first = sqlite_session.get(Article, cluster.first_article_id)
    assert first is not None
    assert first.url.endswith("petra-ar-schools.petra")
