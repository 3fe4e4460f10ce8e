"""A static mirror HTTP server for offline crawl tests: ``python -m testing.server ROOT``.

URL to file mapping (the layout :mod:`testing.jtsite` writes):

- ``/a/b`` → ``ROOT/a/b/index.html`` and ``/`` → ``ROOT/index.html``;
- ``/a/b?page=1`` → ``ROOT/a/b/index@page=1.html`` (the raw query string);
- either of those as ``index.xml`` / ``index@<query>.xml`` when there is no ``.html``, served as
  ``application/xml`` (feeds and sitemaps at paths like ``/rss`` or ``/feed/?format=xml``);
- a path naming an existing file (``/robots.txt``) → that file;
- percent escapes are looked up as written, hex upper-cased (``%e2%80%99`` → ``%E2%80%99``).

Responses carry ``Last-Modified`` and an ``ETag`` and honour ``If-None-Match`` /
``If-Modified-Since`` with 304. ``ROOT/_faults.json`` may map ``"/path?query"`` to
``{"status": 503, "retry_after": 1, "times": 2}`` to fail the first ``times`` requests.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import mimetypes
import os
import re
import select
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate, parsedate_to_datetime
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

FAULTS_FILE = "_faults.json"
_PCT = re.compile(r"%[0-9a-fA-F]{2}")


def normalize_escapes(path: str) -> str:
    """Upper-case the hex of every percent escape, leaving the escapes themselves in place."""
    return _PCT.sub(lambda m: m.group(0).upper(), path)


def file_for(root: Path, path: str, query: str = "") -> Path | None:
    """The file under ``root`` that serves ``path`` (+ raw ``query``), or None if it is outside root."""
    path = normalize_escapes(path or "/")
    segments = [s for s in path.split("/") if s]
    if any(s in (".", "..") or s.startswith(FAULTS_FILE) for s in segments):
        return None
    base = root.joinpath(*segments) if segments else root
    if not query and segments and base.is_file():
        return base
    name = f"index@{query}" if query else "index"
    if "/" in name or "\\" in name:
        return None
    page = base / f"{name}.html"
    if not page.is_file() and (base / f"{name}.xml").is_file():
        return base / f"{name}.xml"  # a feed or sitemap served at a directory-like path
    return page


def _etag(stat: os.stat_result) -> str:
    digest = hashlib.sha1(f"{stat.st_size}-{stat.st_mtime_ns}".encode()).hexdigest()[:16]
    return f'"{digest}"'


class _Faults:
    """Injected failures: the first ``times`` requests for a key answer ``status``."""

    def __init__(self, root: Path) -> None:
        self._lock = threading.Lock()
        self._seen: dict[str, int] = {}
        path = root / FAULTS_FILE
        self._rules: dict[str, dict] = json.loads(path.read_text()) if path.is_file() else {}

    def check(self, key: str) -> dict | None:
        rule = self._rules.get(key)
        if rule is None:
            return None
        with self._lock:
            count = self._seen.get(key, 0)
            self._seen[key] = count + 1
        times = rule.get("times")
        if times is not None and count >= int(times):
            return None
        return rule


class MirrorHandler(BaseHTTPRequestHandler):
    """Serves the mirror; the server object carries ``root`` and ``faults``."""

    server: MirrorServer
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        self._respond(with_body=True)

    def do_HEAD(self) -> None:
        self._respond(with_body=False)

    def log_message(self, format: str, *args: object) -> None:  # quiet: tests read stdout
        return

    def _respond(self, *, with_body: bool) -> None:
        parts = urlsplit(self.path)
        key = normalize_escapes(parts.path) + (f"?{parts.query}" if parts.query else "")
        fault = self.server.faults.check(key)
        if fault is not None and fault.get("reset"):
            self.close_connection = True  # no status line at all: the client sees a reset
            return
        if fault is not None and "stall" in fault:
            time.sleep(float(fault["stall"]))
            fault = None
        if fault is not None and "gzip_bomb_mib" in fault:
            self._send_gzip_bomb(int(fault["gzip_bomb_mib"]), with_body)
            return
        if fault is not None and "cut" in fault:
            target = file_for(self.server.root, parts.path, parts.query)
            if target is not None and target.is_file():
                self._send_cut(target.read_bytes(), float(fault["cut"]), with_body)
                return
        if fault is not None:
            headers = {}
            if fault.get("retry_after") is not None:
                headers["Retry-After"] = str(fault["retry_after"])
            self._send_simple(int(fault.get("status", 503)), headers, with_body)
            return
        target = file_for(self.server.root, parts.path, parts.query)
        if target is None or not target.is_file():
            self._send_simple(HTTPStatus.NOT_FOUND, {}, with_body)
            return
        stat = target.stat()
        etag = _etag(stat)
        last_modified = formatdate(stat.st_mtime, usegmt=True)
        if self._not_modified(etag, stat.st_mtime):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            return
        body = target.read_bytes()
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", _content_type(target))
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", last_modified)
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _send_cut(self, body: bytes, share: float, with_body: bool) -> None:
        """No Content-Length, ``Connection: close``, part of the body, then the connection ends."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        if with_body:
            self.wfile.write(body[: int(len(body) * share)])
            self.wfile.flush()
        self.close_connection = True

    def _send_gzip_bomb(self, mebibytes: int, with_body: bool) -> None:
        body = gzip_bomb(mebibytes)
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _not_modified(self, etag: str, mtime: float) -> bool:
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
            return "*" in tags or etag in tags
        if_modified_since = self.headers.get("If-Modified-Since")
        if if_modified_since:
            try:
                since = parsedate_to_datetime(if_modified_since).timestamp()
            except (TypeError, ValueError):
                return False
            return int(mtime) <= since
        return False

    def _send_simple(self, status: int, headers: dict[str, str], with_body: bool) -> None:
        phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else ""
        body = f"<html><body><h1>{status} {phrase}</h1></body></html>".encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)


_BOMB_MEMBER_MIB = 16


def gzip_bomb(mebibytes: int) -> bytes:
    """A gzip stream of ``mebibytes`` MiB of zeros: copies of one small member, built in a moment."""
    import gzip

    member = gzip.compress(bytes(_BOMB_MEMBER_MIB << 20), compresslevel=9)
    return member * max(1, mebibytes // _BOMB_MEMBER_MIB)


def _content_type(path: Path) -> str:
    if path.name.startswith("index") and path.suffix == ".html":
        # A page in another encoding (windows-1256) names its charset itself, in a <meta>.
        return "text/html; charset=utf-8" if _is_utf8(path) else "text/html"
    if path.suffix == ".xml":
        return "application/xml; charset=utf-8"
    guessed = mimetypes.guess_type(path.name)[0] or "text/html"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class MirrorServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, root: Path, port: int = 0) -> None:
        self.root = root.resolve()
        self.faults = _Faults(self.root)
        super().__init__(("127.0.0.1", port), MirrorHandler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="directory holding the mirror")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: any free port)")
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"not a directory: {args.root}")
    server = MirrorServer(args.root, args.port)
    print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


@contextlib.contextmanager
def serve(root: Path | str, *, startup_timeout: float = 15.0) -> Iterator[str]:
    """Run the server on ``root`` in a subprocess; yield its base URL; stop it on exit."""
    package_parent = str(Path(__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "testing.server", str(root), "--port", "0"],
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
            text=True,
        )
        try:
            yield _read_base_url(process, stderr, startup_timeout)
        finally:
            process.terminate()
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            if process.stdout is not None:
                process.stdout.close()


def _read_base_url(process: subprocess.Popen[str], stderr, timeout: float) -> str:
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.1)
        if ready:
            line = process.stdout.readline().strip()
            if line.startswith("http://"):
                return line
            break
        if process.poll() is not None:
            break
    stderr.seek(0)
    message = stderr.read().decode(errors="replace").strip()
    raise RuntimeError(f"mirror server did not start: {message or 'no output'}")


if __name__ == "__main__":
    raise SystemExit(main())
