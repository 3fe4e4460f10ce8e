"""The page archive: every HTTP exchange of a crawl kept as WARC, re-read later without the network.

- :mod:`newscrawl.archive.warc` writes and reads WARC 1.1 files (gzip per record, rotated);
- :mod:`newscrawl.archive.location` says where the archive lives;
- :mod:`newscrawl.archive.replay` turns an archived response into an article (today's parser
  and normalization steps, exactly as the crawl runs them);
- :mod:`newscrawl.archive.ingest` stores replayed pages (``newscrawl reextract`` and
  ``newscrawl ingest-warc``).

No Scrapy here: the crawl's downloader middleware (``newscrawl.spiders.archive``) hands plain
values to the writer. See docs/archive.md.
"""
