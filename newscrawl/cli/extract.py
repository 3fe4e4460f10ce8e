"""``newscrawl extract``: what the pipeline makes of a saved page, as JSON."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from newscrawl.decoding import decode_html
from newscrawl.errors import UsageError
from newscrawl.extract import extract_page, not_html_reason


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "extract",
        help="run the crawl's parser and normalizers over saved HTML and print JSON",
        description="Print one JSON object for FILE, or one JSON line per manifest entry.",
    )
    parser.add_argument("file", nargs="?", help="an HTML file (- for standard input)")
    parser.add_argument(
        "--url",
        help="the page's URL; picks the site parser by domain (default: the page's own "
        "rel=canonical or og:url)",
    )
    parser.add_argument(
        "--manifest",
        help='JSON lines of {"id", "url", "html_path"}; relative paths are read from the manifest\'s folder',
    )
    parser.set_defaults(func=run)


def read_html(path: Path) -> str:
    """Read a saved page, gzip or not, decoded as the crawl decodes a response."""
    import gzip

    data = path.read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    refuse_non_html(data, str(path))
    return decode_html(data)[0]


def refuse_non_html(data: bytes, name: str) -> None:
    reason = not_html_reason(data)
    if reason is not None:
        raise UsageError(f"{name} {reason}: give a saved HTML page (.html, or .html.gz)")


def run(args: argparse.Namespace) -> int:
    if args.manifest:
        return _run_manifest(Path(args.manifest))
    if not args.file:
        print("newscrawl extract: give an HTML file or --manifest", file=sys.stderr)
        return 2
    if args.file == "-":
        data = sys.stdin.buffer.read()
        refuse_non_html(data, "standard input")
        html = decode_html(data)[0]
    else:
        html = read_html(Path(args.file))
    print(json.dumps(extract_page(html, args.url), ensure_ascii=False, indent=2))
    return 0


def _run_manifest(manifest: Path) -> int:
    with manifest.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            out: dict[str, Any]
            page_id: Any = number
            try:
                entry = json.loads(line)
                page_id = entry.get("id", number)
                path = Path(entry["html_path"])
                if not path.is_absolute():
                    path = manifest.parent / path
                out = {"id": page_id, **extract_page(read_html(path), entry.get("url"))}
            except UsageError as exc:  # not a page: say why, as for a single file
                out = {"id": page_id, "error": str(exc)}
            except Exception as exc:  # one bad page must not stop the run
                out = {"id": page_id, "error": f"{type(exc).__name__}: {exc}"}
            print(json.dumps(out, ensure_ascii=False), flush=True)
    return 0
