"""newscrawl's own Scrapy signals (sent and received in the crawl process, on the reactor thread).

- ``article_fetch_failed(url, reason)``: an article fetch failed for good (5xx, timeout,
  connection reset or a truncated body after the retries); the storage pipeline records it so
  that the next run fetches the article again.
- ``article_fetch_gone(url)``: the article answered 404 / 410; any earlier failure record of it
  is dropped.
- ``forced_shutdown()``: the operator asked twice (a second Ctrl-C); components stop what would
  keep the process alive (the writer child) at once. Sent from the signal handler.
"""

article_fetch_failed = object()
article_fetch_gone = object()
forced_shutdown = object()
