"""An offline crawl (127.0.0.1) of Arabic pages whose bytes and labels disagree or are missing.

``/news/7`` is windows-1256 bytes served as plain ``text/html`` without a ``<meta charset>``;
``/news/8`` is valid UTF-8 under a template still declaring ``windows-1252``. The crawl must
store both as Arabic, decoded the way ``newscrawl extract`` and ``newscrawl eval`` decode
(``newscrawl.decoding``), not as mojibake.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from newscrawl.db.engine import upgrade

pytestmark = pytest.mark.postgres

TITLE = "وزير الخارجية يلتقي نظيره الأردني في عمان"
FIRST = (
    "التقى وزير الخارجية اليوم نظيره الأردني في العاصمة عمان، وبحث الجانبان العلاقات الثنائية "
    "وسبل تعزيزها في مختلف المجالات، إضافة إلى آخر التطورات في المنطقة."
)
LAST = "وأكد الوزيران أهمية مواصلة التنسيق والتشاور بين البلدين الشقيقين في القضايا كافة."
PAGE = f"""<!DOCTYPE html>
<html dir="rtl"><head><title>{TITLE}</title></head>
<body><div class="news_page"><h1>{TITLE}</h1>
<div class="pup_date_news">2024-03-05 14:20</div>
<div class="Newsbody"><p>{FIRST}</p>
<p>وقال الوزير في مؤتمر صحفي مشترك إن البلدين يعملان معا من أجل تحقيق الاستقرار في المنطقة ودعم جهود السلام.</p>
<p>{LAST}</p></div></div></body></html>
"""
PAGES = {
    "/news/7": PAGE.encode("cp1256"),
    "/news/8": PAGE.replace("<head>", '<head><meta charset="windows-1252">').encode("utf-8"),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html")  # no charset in the header either
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def legacy_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_the_legacy_page_names_no_charset_and_is_not_utf8() -> None:
    raw = PAGES["/news/7"]
    assert b"charset" not in raw.lower()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")


def test_windows_1256_page_without_charset_is_stored_as_arabic(
    legacy_server: str, fresh_pg_url: str, tmp_path: Path
) -> None:
    upgrade(fresh_pg_url)
    env = {k: v for k, v in os.environ.items() if k != "NEWSCRAWL_DATABASE_URL"}
    env["SCRAPY_SETTINGS_MODULE"] = "newscrawl.settings"
    env["NEWSCRAWL_DATABASE_URL"] = fresh_pg_url
    cmd = [
        sys.executable, "-m", "scrapy", "crawl", "royanews",
        "-a", f"base_url={legacy_server}", "-a", "ids=7-8", "-a", "discovery=ids",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "RETRY_ENABLED=0",
        "-s", "TELNETCONSOLE_ENABLED=0", "-s", "ROBOTSTXT_OBEY=0",
    ]  # fmt: skip
    result = subprocess.run(cmd, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    engine = create_engine(fresh_pg_url)
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT url, title, body FROM articles ORDER BY url")).all()
    engine.dispose()
    assert [row.url for row in rows] == [
        "https://en.royanews.tv/news/7",
        "https://en.royanews.tv/news/8",
    ], result.stderr[-3000:]
    for row in rows:
        assert row.title == TITLE, row.url
        paragraphs = row.body.split("\n\n")
        assert paragraphs[0] == FIRST, row.url
        assert paragraphs[-1] == LAST, row.url
