"""A fast static server for a mirror tree: ``python -m benchmarks.mirror_server ROOT``.

Same URL-to-file mapping as :mod:`testing.server` (``file_for``), but one asyncio
event loop with HTTP/1.1 keep-alive instead of a thread per connection, no fault injection
and no conditional requests. The crawl benchmark uses it so that the server, which shares
the machine with the crawler, costs as little CPU per page as possible; it prints its URL on
the first line of standard output like the test server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import hashlib
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

from testing.server import file_for

_NOT_FOUND = b"<html><body><h1>404 Not Found</h1></body></html>"


def _content_type(path: Path) -> bytes:
    if path.suffix == ".xml":
        return b"application/xml; charset=utf-8"
    if path.suffix == ".txt":
        return b"text/plain; charset=utf-8"
    return b"text/html; charset=utf-8"


class _Files:
    """Request target -> response head and file path; bodies are read on every request."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._heads: dict[bytes, tuple[bytes, Path] | None] = {}

    def lookup(self, target: bytes) -> tuple[bytes, Path] | None:
        if target in self._heads:
            return self._heads[target]
        parts = urlsplit(target.decode("latin-1"))
        path = file_for(self.root, parts.path, parts.query)
        found: tuple[bytes, Path] | None = None
        if path is not None and path.is_file():
            stat = path.stat()
            etag = hashlib.sha1(f"{stat.st_size}-{stat.st_mtime_ns}".encode()).hexdigest()[:16]
            head = (
                b"HTTP/1.1 200 OK\r\nContent-Type: " + _content_type(path)
                + b"\r\nContent-Length: %d\r\nETag: \"" % stat.st_size + etag.encode()
                + b"\"\r\nLast-Modified: " + formatdate(stat.st_mtime, usegmt=True).encode()
                + b"\r\n\r\n"
            )  # fmt: skip
            found = (head, path)
        if len(self._heads) < 100_000:
            self._heads[target] = found
        return found


class _Connection(asyncio.Protocol):
    def __init__(self, files: _Files) -> None:
        self.files = files
        self.buffer = b""
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end < 0:
                return
            request, self.buffer = self.buffer[:end], self.buffer[end + 4 :]
            self._answer(request)

    def _answer(self, request: bytes) -> None:
        assert self.transport is not None
        line = request.split(b"\r\n", 1)[0].split()
        if len(line) < 2 or line[0] not in (b"GET", b"HEAD"):
            self.transport.write(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
            return
        found = self.files.lookup(line[1])
        if found is None:
            self.transport.write(
                b"HTTP/1.1 404 Not Found\r\nContent-Type: text/html; charset=utf-8\r\n"
                b"Content-Length: %d\r\n\r\n%s" % (len(_NOT_FOUND), _NOT_FOUND)
            )
            return
        head, path = found
        self.transport.write(head if line[0] == b"HEAD" else head + path.read_bytes())


async def _serve(root: Path, port: int) -> None:
    files = _Files(root)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: _Connection(files), "127.0.0.1", port, backlog=256)
    print(f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args(argv)
    if not args.root.is_dir():
        parser.error(f"not a directory: {args.root}")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.root, args.port))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
