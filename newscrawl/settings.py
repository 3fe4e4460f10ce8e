"""Scrapy settings for newscrawl: polite defaults for small newspapers, all overridable."""

BOT_NAME = "newscrawl"
SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# An honest user agent: who we are and where to read about us.
USER_AGENT = "newscrawl/0.1 (news research crawler; +https://github.com/newscrawl/newscrawl)"

# Politeness: a small newspaper's server is not a CDN.
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 2.0
DOWNLOAD_DELAY_JITTER = 0.5  # each wait is 0.5-1.5 × DOWNLOAD_DELAY
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 60
# Responses are refused past these sizes (after decompression too, so a gzip bomb stops at the
# cap): article pages at NEWSCRAWL_MAX_ARTICLE_BYTES, anything else (a sitemap may hold 50 MB
# by its protocol) at DOWNLOAD_MAXSIZE.
NEWSCRAWL_MAX_ARTICLE_BYTES = 16 * 1024 * 1024
DOWNLOAD_MAXSIZE = 64 * 1024 * 1024
DOWNLOAD_WARNSIZE = 8 * 1024 * 1024
# A run fails (exit 12) when more than this share of its article fetches failed for good.
NEWSCRAWL_MAX_FAILED_SHARE = 0.02
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
# Scrapy re-reads a generator callback's source (ast.parse) on every response to warn about
# "return value" in generators; its cache misses for bound methods, so this development check
# costs ~0.3 ms a page. The spiders' callbacks are covered by the tests instead.
WARN_ON_GENERATOR_RETURN_VALUE = False
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for the output of every callback, however short
# (default 100: ~100 tasks per page, about a tenth of the reactor thread's time in a profile of
# a crawl). An article page yields one item and a listing a dozen requests, and every pipeline
# here returns at once, so more than a few in parallel gain nothing.
CONCURRENT_ITEMS = 4

# One pipeline per step of newscrawl.processing.STEPS, in that order (tests/test_schema.py checks
# it), storage last.
ITEM_PIPELINES = {
    # processing.STEPS in one pipeline (normalize.py also has one pipeline per step)
    "newscrawl.pipelines.normalize.NormalizePipeline": 100,
    "newscrawl.pipelines.storage.StoragePipeline": 900,
}

# newscrawl's own settings (NEWSCRAWL_DATABASE_URL falls back to the environment, then SQLite).
NEWSCRAWL_DATABASE_URL = None
NEWSCRAWL_BATCH_SIZE = 100
NEWSCRAWL_WRITER_PROCESS = True  # batches written by a child process (pipelines/writer.py)
NEWSCRAWL_DB_RETRIES = 3
NEWSCRAWL_DB_RETRY_DELAY = 1.0
NEWSCRAWL_SPOOL_DIR = "spool"
NEWSCRAWL_RUN_CHECKPOINT_INTERVAL = 30.0  # seconds between crawl_runs counter checkpoints
# The page archive (docs/archive.md): None = $NEWSCRAWL_ARCHIVE_DIR, else beside the SQLite
# database, else ./archive; "off" turns it off. Files rotate at the size below.
NEWSCRAWL_ARCHIVE_DIR = None
NEWSCRAWL_ARCHIVE_MAX_BYTES = 1_000_000_000

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

EXTENSIONS = {
    "newscrawl.pipelines.runs.CrawlRunRecorder": 500,
}
NEWSCRAWL_RECORD_RUNS = True
NEWSCRAWL_CANARY_MIN_ARTICLES = 10
NEWSCRAWL_CANARY_RATIO = 0.5

# Incremental crawling (newscrawl/spiders/incremental.py).
DOWNLOADER_MIDDLEWARES = {
    "newscrawl.spiders.incremental.IncrementalDownloaderMiddleware": 560,
    # Replace Scrapy's own robots.txt and retry handling with the politer versions.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.spiders.politeness.PoliteRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.spiders.politeness.RetryAfterMiddleware": 550,
    # Sees a download failure before the retry middleware: an unresolvable host ends the run.
    "newscrawl.spiders.network.UnreachableHostMiddleware": 600,
    # Next to the downloader: every response as it arrived, kept as WARC (docs/archive.md).
    "newscrawl.spiders.archive.WarcArchiveMiddleware": 950,
}
NEWSCRAWL_MAX_CRAWL_DELAY = 30.0
NEWSCRAWL_MAX_RETRY_AFTER = 120.0
SPIDER_MIDDLEWARES = {
    "newscrawl.spiders.incremental.KnownListingMiddleware": 560,
}
NEWSCRAWL_INCREMENTAL = True
NEWSCRAWL_RECHECK_DAYS = 3.0
NEWSCRAWL_KNOWN_PAGES_MARGIN = 1

# Scale-out (docs/distributed.md): given a Redis URL (here, `-s NEWSCRAWL_REDIS_URL=...` or the
# NEWSCRAWL_REDIS_URL environment variable) the add-on below makes every worker of a site share
# one leased request queue and seen-set in Redis. Without one it changes nothing.
NEWSCRAWL_REDIS_URL = None
NEWSCRAWL_REDIS_PREFIX = "newscrawl"  # keys newscrawl:<spider>:requests|processing|dupefilter
NEWSCRAWL_REDIS_LEASE = 120.0  # seconds a dead worker's requests stay leased before re-queueing
NEWSCRAWL_REDIS_POLL_INTERVAL = 1.0  # seconds between lease renewals / expiry checks
ADDONS = {"newscrawl.distributed.addon.RedisScaleOut": 0}
