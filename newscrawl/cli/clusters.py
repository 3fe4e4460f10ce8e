"""``newscrawl clusters``: story clusters (agency stories and their republished copies)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from newscrawl.cli.options import CommandError, add_database_argument, open_engine
from newscrawl.cli.table import render_table
from newscrawl.clustering import evaluation, minhash
from newscrawl.db import clusters, queries
from newscrawl.db.engine import transaction


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "clusters",
        help="story clusters: list republished stories, assign or rebuild, evaluate",
        description=(
            "A crawl puts every new or changed article into a story as it stores it. `update` "
            "assigns articles stored before clustering existed; `rebuild` forgets every story "
            "and assigns all articles again; `show` lists stories run by several outlets; "
            "`evaluate` scores the matcher on a folder of labelled texts."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True)
    show = actions.add_parser(
        "show", help="stories run by several outlets, the most republished first"
    )
    show.add_argument("--min-sources", type=int, default=2)
    show.add_argument("--limit", type=int, default=20)
    show.add_argument("--format", choices=("table", "json"), default="table")
    add_database_argument(show)
    for name, text in (("update", "assign articles that have no story yet"),
                       ("rebuild", "forget all stories, then assign every article again")):  # fmt: skip
        sub = actions.add_parser(name, help=text)
        sub.add_argument("--batch", type=int, default=500, help="articles per transaction")
        add_database_argument(sub)
    evaluate = actions.add_parser("evaluate", help="precision and recall on labelled texts")
    evaluate.add_argument(
        "folder", type=Path, help="folder of labelled *.txt (tests/fixtures/clusters)"
    )
    evaluate.add_argument("--verbose-pairs", action="store_true", help="list every wrong pair")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "evaluate":
            return _evaluate(args)
        engine = open_engine(args.url)
        try:
            if args.action == "show":
                with engine.connect() as conn:
                    rows = queries.story_rows(conn, args.min_sources, args.limit)
                if args.format == "json":
                    print(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
                elif not rows:
                    print(f"no story was run by {args.min_sources} or more outlets "
                          "(try --min-sources 1, or `newscrawl clusters update` for articles stored "
                          "before clustering)")  # fmt: skip
                else:
                    for row in rows:
                        row["sources"] = ", ".join(row["sources"])
                        row["first_published_at"] = str(row["first_published_at"] or "")[:16]
                    print(render_table(rows, ["story_id", "source_count", "article_count", "first_source",
                                              "first_published_at", "title", "sources"]))  # fmt: skip
                return 0
            if args.action == "rebuild":
                with transaction(engine) as session:
                    clusters.reset(session)
            total = 0
            while True:
                with transaction(engine) as session:
                    done = clusters.assign_unclustered(session, args.batch)
                total += done
                if done < args.batch:
                    break
            print(f"assigned {total} articles to stories")
            return 0
        finally:
            engine.dispose()
    except CommandError as exc:
        print(f"newscrawl clusters: {exc}", file=sys.stderr)
        return exc.code


def _evaluate(args: argparse.Namespace) -> int:
    if not args.folder.is_dir():
        print(f"newscrawl clusters evaluate: {args.folder} is not a folder", file=sys.stderr)
        return 2
    texts = evaluation.load_labelled(args.folder)
    scores = evaluation.score_pairs(texts, evaluation.pairwise_decisions(texts))
    stories = len({t.story for t in texts})
    print(
        f"{len(texts)} texts, {stories} stories, {scores.pairs} pairs ({scores.positives} same-story)"
    )
    print(f"scheme {minhash.SCHEME}; match: jaccard >= {minhash.MATCH_JACCARD} or containment >= "
          f"{minhash.MATCH_CONTAINMENT} with jaccard >= {minhash.CONTAINMENT_FLOOR}")  # fmt: skip
    print(f"precision {scores.precision:.3f}  recall {scores.recall:.3f}  "
          f"(true positives {scores.true_positives}, false positives {scores.false_positives}, "
          f"false negatives {scores.false_negatives})")  # fmt: skip
    for kind, a, b in scores.mistakes if args.verbose_pairs else ():
        print(f"  {kind}: {a} ~ {b}")
    return 0
