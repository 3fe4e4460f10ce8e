"""WARC 1.1 files (ISO 28500) written and read through FastWARC: one gzip member per record.

Writing: :class:`WarcWriter` appends a ``request`` and a ``response`` record per HTTP exchange
to ``DIR/<site>/<site>-<start>-<tag>-<n>.warc.gz``, starting a new file (with its ``warcinfo``
record) once one passes the size limit. Each response carries the URL it belongs to (on a
mirror crawl, the real site's URL; the mirror's goes in ``WARC-Source-URI``), ``WARC-Date`` (the
fetch time) and ``WARC-Payload-Digest``; every record has a ``WARC-Block-Digest``.

Reading: :class:`WarcReader` yields the ``response`` records of any WARC file, gzip or not,
with the payload decoded from chunked and gzip/deflate/brotli transfer and content encodings.
A record cut short or whose digest does not match is yielded as a :class:`BrokenRecord` and
reading goes on at the next record.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import uuid
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO
from urllib.parse import urlsplit

if TYPE_CHECKING:  # imported where used: a crawl's start-up does not wait for it
    from fastwarc.stream_io import GzipWriter
    from fastwarc.warc import WarcRecord

SOFTWARE = "newscrawl/0.1"
DEFAULT_MAX_BYTES = 1_000_000_000  # the size Common Crawl and Heritrix rotate at
# Hop-by-hop framing the downloader has already undone: the stored body is not chunked.
_DROPPED_HEADERS = frozenset({b"transfer-encoding"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_START = b"WARC/1."
_SLUG = re.compile(r"[^A-Za-z0-9_.-]+")

Headers = Sequence[tuple[bytes, bytes]]


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and the response it got, as plain values."""

    url: str
    """The URL the page belongs to: the real site's, also when it was fetched from a mirror."""
    status: int
    response_headers: Headers
    body: bytes
    """The response body as received (content encoding kept, transfer framing undone)."""
    fetched_at: datetime
    method: str = "GET"
    request_headers: Headers = ()
    reason: str = ""
    fetched_from: str | None = None
    """Where it was really fetched from, when that is not ``url`` (a mirror)."""


@dataclass(frozen=True)
class RecordLocation:
    """Where a response record starts: its file (relative to the archive) and byte offset."""

    file: str
    offset: int


def payload_digest(body: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _http_head(first_line: str, headers: Headers, *, drop: frozenset[bytes] = frozenset()) -> bytes:
    lines = [first_line.encode("latin-1")]
    for name, value in headers:
        if name.lower() not in drop:
            lines.append(name + b": " + value)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _request_block(exchange: Exchange) -> bytes:
    parts = urlsplit(exchange.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [(b"Host", (parts.netloc or "").encode("latin-1"))]
    headers += [(k, v) for k, v in exchange.request_headers if k.lower() != b"host"]
    return _http_head(f"{exchange.method} {target} HTTP/1.1", headers)


def _response_block(exchange: Exchange) -> bytes:
    first = f"HTTP/1.1 {exchange.status} {exchange.reason}".rstrip()
    return _http_head(first, exchange.response_headers, drop=_DROPPED_HEADERS) + exchange.body


class WarcWriter:
    """Append exchanges to rotating gzip WARC files of one site and run (not thread-safe)."""

    def __init__(self, root: Path, site: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.root = Path(root)
        self.site = _SLUG.sub("-", site) or "site"
        self.max_bytes = max_bytes
        started = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.stem = f"{self.site}-{started}-{uuid.uuid4().hex[:6]}"
        self.files: list[str] = []
        """Every file this writer has opened, relative to ``root``, in order."""
        self.records = 0
        self._out: BinaryIO | None = None
        self._gzip: GzipWriter | None = None
        self._name = ""

    def _open(self) -> None:
        from fastwarc.stream_io import GzipWriter
        from fastwarc.warc import WarcRecord, WarcRecordType

        name = f"{self.site}/{self.stem}-{len(self.files):05d}.warc.gz"
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._out = path.open("xb")
        self._gzip = GzipWriter(self._out)
        self._name = name
        self.files.append(name)
        info = WarcRecord()
        info.init_headers(WarcRecordType.warcinfo)
        info.headers["WARC-Filename"] = path.name
        info.headers["Content-Type"] = "application/warc-fields"
        info.set_bytes_content(
            f"software: {SOFTWARE}\r\nformat: WARC File Format 1.1\r\n"
            f"conformsTo: https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/\r\n"
            f"isPartOf: {self.stem}\r\n".encode()
        )
        self._append(info)

    def _append(self, record: WarcRecord) -> int:
        assert self._out is not None
        assert self._gzip is not None
        offset = self._out.tell()
        record.write(self._gzip, checksum_data=True)
        self._gzip.finish()  # one gzip member per record: each can be read on its own
        self.records += 1
        return offset

    def write(self, exchange: Exchange) -> RecordLocation:
        """Write the request and response records; returns where the response starts."""
        from fastwarc.warc import WarcRecord, WarcRecordType

        if self._out is None or self._out.tell() >= self.max_bytes:
            self.close()
            self._open()
        response = WarcRecord()
        response.init_headers(WarcRecordType.response)
        response_id = response.record_id or ""
        response.record_date = exchange.fetched_at
        response.headers["WARC-Target-URI"] = exchange.url
        if exchange.fetched_from and exchange.fetched_from != exchange.url:
            response.headers["WARC-Source-URI"] = exchange.fetched_from
        response.headers["Content-Type"] = "application/http; msgtype=response"
        response.headers["WARC-Payload-Digest"] = payload_digest(exchange.body)
        response.set_bytes_content(_response_block(exchange))
        offset = self._append(response)

        request = WarcRecord()
        request.init_headers(WarcRecordType.request)
        request.record_date = exchange.fetched_at
        request.headers["WARC-Target-URI"] = exchange.url
        request.headers["WARC-Concurrent-To"] = response_id
        request.headers["Content-Type"] = "application/http; msgtype=request"
        request.set_bytes_content(_request_block(exchange))
        self._append(request)
        return RecordLocation(self._name, offset)

    def flush(self) -> None:
        if self._out is not None:
            self._out.flush()

    def close(self) -> None:
        if self._out is not None:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
        self._out = self._gzip = None


# -- reading ---------------------------------------------------------------------------------


@dataclass
class ArchivedResponse:
    """A ``response`` record: the page as it was served and where the record is."""

    url: str
    fetched_at: datetime
    status: int
    headers: dict[str, str]
    """HTTP response headers, names lower-cased (a repeated header keeps its last value)."""
    body: bytes
    """The payload with transfer and content encodings undone."""
    file: str
    offset: int
    truncated: str | None = None
    """``WARC-Truncated``: the crawler that wrote it kept only part of the payload (length, time)."""


@dataclass
class BrokenRecord:
    """A record that could not be read whole (cut short, bad digest, undecodable payload)."""

    file: str
    offset: int
    reason: str


@dataclass
class WarcReader:
    """Iterate the response records of one WARC file from ``start`` (a record offset) on."""

    path: Path
    name: str = ""
    """The file name recorded with each response (default: the path as given)."""
    start: int = 0
    other_records: int = 0
    """Records that are not responses (warcinfo, request, metadata...): not yielded."""
    _seen: set[int] = field(default_factory=set)

    def __iter__(self) -> Iterator[ArchivedResponse | BrokenRecord]:
        name = self.name or str(self.path)
        with self.path.open("rb") as stream:
            gzipped = stream.read(3) == _GZIP_MAGIC
            position: int | None = self.start
            while position is not None:
                stream.seek(position)
                failed_at = yield from self._records(stream, position, name, gzipped)
                if failed_at is None:
                    return
                position = _next_record(stream, failed_at + 1, gzipped)

    def _records(
        self, stream: BinaryIO, base: int, name: str, gzipped: bool
    ) -> Generator[ArchivedResponse | BrokenRecord, None, int | None]:
        """Records from ``base``; returns the offset of a broken one (reading stops there)."""
        from fastwarc.warc import ArchiveIterator, WarcRecordType

        last: int | None = None
        last_verified = False  # the last record was a response whose digest matched
        try:
            for record in ArchiveIterator(stream, parse_http=False):
                offset = record.stream_pos  # absolute: the iterator reads from the seek position
                last, last_verified = offset, False
                if offset in self._seen:  # met again after resynchronising
                    continue
                self._seen.add(offset)
                if record.record_type != WarcRecordType.response:
                    self.other_records += 1
                    continue
                try:
                    response = self._response(record, name, offset)
                except _Broken as broken:
                    yield BrokenRecord(name, offset, str(broken))
                    return offset
                last_verified = True
                yield response
        except (OSError, ValueError) as exc:
            # Gzip members are read one by one: the broken record is the member after the last
            # good one. Uncompressed, a record cut short swallows the start of the next one, so
            # the last record read is to blame unless its digest proved it whole.
            if last is None:
                failed: int | None = base
            elif gzipped or last_verified:
                failed = _next_record(stream, last + 1, gzipped)
            else:
                failed = last
            if failed is None or (failed != last and failed in self._seen):
                return None
            self._seen.add(failed)
            yield BrokenRecord(name, failed, f"unreadable: {exc}")
            return failed
        return None

    @staticmethod
    def _response(record: WarcRecord, name: str, offset: int) -> ArchivedResponse:
        headers = record.headers
        if "WARC-Block-Digest" in headers and not record.verify_block_digest():
            raise _Broken("block digest mismatch (record cut short or altered)")
        url = (headers.get("WARC-Target-URI") or "").strip().strip("<>")
        try:
            record.parse_http(auto_decode="all", strict_mode=False)
            body = record.reader.read()
        except (OSError, ValueError) as exc:
            raise _Broken(f"bad HTTP payload: {exc}") from exc
        http = record.http_headers
        return ArchivedResponse(
            url=url,
            fetched_at=record.record_date.astimezone(UTC),
            status=http.status_code or 0,
            headers={k.lower(): v for k, v in http.items()},
            body=body,
            file=name,
            offset=offset,
            truncated=headers.get("WARC-Truncated"),
        )


class _Broken(Exception):
    pass


def _next_record(stream: BinaryIO, after: int, gzipped: bool) -> int | None:
    """The offset of the next record start (a gzip member or a ``WARC/1.`` line) at or after ``after``."""
    marker = _GZIP_MAGIC if gzipped else _WARC_START
    stream.seek(after)
    window = 1 << 20
    position = after
    while True:
        chunk = stream.read(window + len(marker))
        if not chunk:
            return None
        found = chunk.find(marker)
        if found >= 0:
            return position + found
        if len(chunk) <= len(marker):
            return None
        position += window
        stream.seek(position)


def read_record(path: Path, offset: int, name: str = "") -> ArchivedResponse | BrokenRecord | None:
    """The response record starting at ``offset`` (None when the record there is not a response)."""
    reader = WarcReader(path, name=name, start=offset)
    for found in reader:
        if found.offset == offset:
            return found
        break
    return None


def archive_files(root: Path, site: str | None = None) -> list[Path]:
    """WARC files under ``root`` (one site's folder with ``site``), oldest name first."""
    base = root / site if site else root
    if not base.is_dir():
        return []
    found = [p for p in base.rglob("*") if p.is_file() and p.name.endswith((".warc", ".warc.gz"))]
    return sorted(found, key=lambda p: (p.name, str(p)))
