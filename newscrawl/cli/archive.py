"""``newscrawl reextract`` and ``newscrawl ingest-warc``: articles from archived pages, no network.

Exit status: 0 done; 1 some records could not be read (counted as failed, the rest stored);
2 a bad argument (unknown site, bad date, missing file or archive); 3 the database is
unreachable or not migrated. See docs/archive.md.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from newscrawl.archive import ingest as archive_ingest
from newscrawl.archive.location import archive_dir
from newscrawl.cli.options import CommandError, add_database_argument, open_engine
from newscrawl.db.engine import DatabaseError, database_url
from newscrawl.sites import get_site


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r} must be a date as YYYY-MM-DD") from exc


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    re = subparsers.add_parser(
        "reextract",
        help="run today's parsers over the archived pages and store what changed (no network)",
        description=(
            "Re-extract the latest archived capture of every article with today's parsers and "
            "normalization, through the crawl's upsert: changed articles get a new revision."
        ),
    )
    re.add_argument("--site", metavar="SLUG", help="only this site's archive (jordantimes)")
    re.add_argument("--since", type=_day, metavar="YYYY-MM-DD", help="pages fetched on or after this day (UTC)")
    re.add_argument("--until", type=_day, metavar="YYYY-MM-DD", help="pages fetched on or before this day (UTC)")
    re.add_argument("--archive", metavar="DIR", help="archive folder (default: $NEWSCRAWL_ARCHIVE_DIR, else beside the database)")
    add_database_argument(re)
    re.set_defaults(func=run_reextract)

    ing = subparsers.add_parser(
        "ingest-warc",
        help="store the articles of WARC files written by any crawler (CC-NEWS, wget, Heritrix...)",
        description=(
            "Read response records (gzip or plain WARC, chunked or compressed payloads), keep "
            "the pages of registered sites (every HTML page with --generic) and store them "
            "through the crawl's pipelines. Re-running is harmless; an interrupted run resumes."
        ),
    )
    ing.add_argument("files", nargs="+", metavar="FILE", help="WARC files (.warc or .warc.gz)")
    ing.add_argument("--generic", action="store_true", help="keep HTML pages of any site (generic parser)")
    ing.add_argument("--again", action="store_true", help="read files again that an earlier run finished")
    ing.add_argument("--state", metavar="DIR", help="where progress per file is kept (default: ARCHIVE/ingested)")
    add_database_argument(ing)
    ing.set_defaults(func=run_ingest)


def _progress():  # type: ignore[no-untyped-def]
    from tqdm import tqdm

    def bar(**options):  # type: ignore[no-untyped-def]
        return tqdm(file=sys.stderr, disable=None, mininterval=0.5, **options)  # off when not a terminal

    return bar


def _failed(command: str, message: str, code: int) -> int:
    first_line = message.strip().splitlines()[0] if message.strip() else message
    print(f"newscrawl {command}: {first_line}", file=sys.stderr)
    return code


def _report(command: str, tally: archive_ingest.Tally, *, reextracting: bool) -> int:
    done = tally.kept
    verb = "re-extracted" if reextracting else "kept"
    skipped = ", ".join(f"{reason} {n}" for reason, n in tally.skipped.most_common())
    print(
        f"{verb} {done} ({tally.new} new, {tally.changed} changed, {tally.unchanged} unchanged); "
        f"skipped {sum(tally.skipped.values())}{f' ({skipped})' if skipped else ''}; "
        f"failed {len(tally.failed)}"
    )
    if tally.files_done:
        print(f"{tally.files_done} file(s) were ingested whole before: left alone (--again reads them)")
    for line in archive_ingest.summary_lines(tally):
        print(line)
    for broken in tally.failed[:20]:
        print(f"newscrawl {command}: failed record at {broken.file}:{broken.offset}: {broken.reason}", file=sys.stderr)
    if tally.failed:
        print(
            f"newscrawl {command}: {len(tally.failed)} record(s) could not be read (cut short or "
            "corrupt); the others were stored",
            file=sys.stderr,
        )
        return 1
    return 0


def run_reextract(args: argparse.Namespace) -> int:
    try:
        if args.since and args.until and args.since > args.until:
            raise CommandError("--since must not be after --until", code=2)
        if args.site:
            try:
                get_site(args.site)
            except KeyError as exc:
                raise CommandError(str(exc.args[0]), code=2) from exc
        root = Path(args.archive) if args.archive else archive_dir(None, database_url(args.url))
        if root is None or not root.is_dir():
            raise CommandError(
                f"no archive at {root or 'NEWSCRAWL_ARCHIVE_DIR (set to off)'}: crawl with the "
                "archive on, or name it with --archive DIR",
                code=2,
            )
        engine = open_engine(args.url)
    except CommandError as exc:
        print(f"newscrawl reextract: {exc}", file=sys.stderr)
        return exc.code
    try:
        tally = archive_ingest.reextract(
            engine, root, site=args.site, since=args.since, until=args.until, progress=_progress()
        )
    except DatabaseError as exc:
        return _failed("reextract", f"database error, nothing after the last batch was stored: {exc}", 3)
    except OSError as exc:
        return _failed("reextract", f"cannot read the archive: {exc}", 2)
    finally:
        engine.dispose()
    return _report("reextract", tally, reextracting=True)


def run_ingest(args: argparse.Namespace) -> int:
    try:
        paths = [Path(f) for f in args.files]
        missing = [str(p) for p in paths if not p.is_file()]
        if missing:
            raise CommandError(f"no such file: {', '.join(missing)}", code=2)
        if args.state:
            state = Path(args.state)
        else:
            state = (archive_dir(None, database_url(args.url)) or Path("archive")) / "ingested"
        engine = open_engine(args.url)
    except CommandError as exc:
        print(f"newscrawl ingest-warc: {exc}", file=sys.stderr)
        return exc.code
    try:
        tally = archive_ingest.ingest(
            engine,
            paths,
            ledger=archive_ingest.Ledger(state),
            generic=args.generic,
            again=args.again,
            progress=_progress(),
        )
    except DatabaseError as exc:
        return _failed("ingest-warc", f"database error (a re-run resumes after the last stored batch): {exc}", 3)
    except OSError as exc:
        return _failed("ingest-warc", f"cannot read or record progress: {exc}", 2)
    finally:
        engine.dispose()
    return _report("ingest-warc", tally, reextracting=False)
