"""``newscrawl export --format csv|jsonl|parquet [filters] OUT``: stream articles to a file."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TextIO

from newscrawl.cli.options import CommandError, add_filter_arguments, filters_from_args, open_engine
from newscrawl.db import queries


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "export",
        help="stream stored articles to CSV, JSON lines or Parquet",
        description=(
            "Write one row per article (columns: " + ", ".join(queries.EXPORT_COLUMNS) + "). "
            "Rows are read a page at a time, so any number of articles fits in little memory. "
            "Times are UTC (published_local keeps the outlet's offset). In CSV, lists are joined "
            'with "; "; JSON lines and Parquet keep them as lists.'
        ),
    )
    parser.add_argument(
        "out", metavar="OUT", help="output file (- for standard output; not for parquet)"
    )
    parser.add_argument("--format", choices=("csv", "jsonl", "parquet"), required=True)
    add_filter_arguments(parser, query=True)
    parser.add_argument(
        "--no-body", action="store_true", help="leave the body text out (much smaller)"
    )
    parser.add_argument(
        "--page-size", type=int, default=1000, help="rows fetched per query (default 1000)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.format == "parquet" and args.out == "-":
            raise CommandError("parquet needs a file name, not -", code=2)
        if args.page_size < 1:
            raise CommandError("--page-size must be at least 1", code=2)
        if args.out != "-" and Path(args.out).is_dir():
            raise CommandError(
                f"{args.out} is a folder: give a file name, e.g. {Path(args.out) / ('articles.' + args.format)}",
                code=2,
            )
        filters = filters_from_args(args)
        engine = open_engine(args.url)
        try:
            with engine.connect() as conn:
                pages = queries.iter_export_pages(
                    conn, filters, page_size=args.page_size, include_body=not args.no_body
                )
                count = write(pages, args.format, args.out, include_body=not args.no_body)
        finally:
            engine.dispose()
    except queries.InvalidQuery as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return 2
    except CommandError as exc:
        print(f"newscrawl export: {exc}", file=sys.stderr)
        return exc.code
    where = "standard output" if args.out == "-" else args.out
    print(f"exported {count} articles to {where} ({args.format})", file=sys.stderr)
    return 0


def columns(include_body: bool) -> list[str]:
    return [c for c in queries.EXPORT_COLUMNS if include_body or c != "body"]


def write(
    pages: Iterable[list[dict[str, Any]]], fmt: str, out: str, include_body: bool = True
) -> int:
    """Write pages of export rows; a file appears under its name only once complete."""
    names = columns(include_body)
    if fmt == "parquet":
        with _atomic(out, binary=True) as path:
            return _write_parquet(pages, path, names)
    if out == "-":
        return _write_text(pages, fmt, sys.stdout, names)
    with _atomic(out) as path, open(path, "w", encoding="utf-8", newline="") as fh:
        return _write_text(pages, fmt, fh, names)


@contextmanager
def _atomic(out: str, binary: bool = False) -> Iterator[str]:
    target = Path(out)
    if target.parent and not target.parent.exists():
        raise CommandError(f"folder {target.parent} does not exist", code=2)
    partial = target.with_name(f".{target.name}.partial")
    try:
        yield str(partial)
        os.replace(partial, target)
    finally:
        if partial.exists():
            partial.unlink()


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write_text(
    pages: Iterable[list[dict[str, Any]]], fmt: str, fh: TextIO, names: list[str]
) -> int:
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(fh, fieldnames=names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
    for page in pages:
        for row in page:
            if writer is not None:
                writer.writerow(
                    {
                        k: "; ".join(v) if k in queries.LIST_COLUMNS else _plain(v)
                        for k, v in row.items()
                        if k in names
                    }
                )
            else:
                fh.write(json.dumps({k: _plain(row[k]) for k in names}, ensure_ascii=False) + "\n")
        count += len(page)
    return count


def parquet_schema(names: list[str]) -> Any:
    import pyarrow as pa

    timestamp = pa.timestamp("us", tz="UTC")
    types = {
        "article_id": pa.int64(),
        "word_count": pa.int32(),
        "story_id": pa.int64(),
        "is_first_in_story": pa.bool_(),
        "published_at": timestamp,
        "updated_at": timestamp,
        "first_seen_at": timestamp,
        "last_changed_at": timestamp,
        "published_date_local": pa.date32(),
    }
    fields = []
    for name in names:
        kind = (
            pa.list_(pa.string()) if name in queries.LIST_COLUMNS else types.get(name, pa.string())
        )
        fields.append(pa.field(name, kind))
    return pa.schema(fields)


def _write_parquet(pages: Iterable[list[dict[str, Any]]], path: str, names: list[str]) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema(names)
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for page in pages:
            rows = [
                {
                    **{k: row[k] for k in names},
                    "published_date_local": date.fromisoformat(row["published_date_local"])
                    if row["published_date_local"]
                    else None,
                }
                for row in page
            ]
            writer.write_batch(pa.RecordBatch.from_pylist(rows, schema=schema))
            count += len(rows)
    return count
