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
RANDOMIZE_DOWNLOAD_DELAY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 2.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 60
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize.CleanBodyPipeline": 100,
    "newscrawl.pipelines.normalize.ValidatePipeline": 150,
    "newscrawl.pipelines.normalize.DatelinePipeline": 200,
    "newscrawl.pipelines.normalize.BylinePipeline": 300,
    "newscrawl.pipelines.normalize.DatesPipeline": 400,
    "newscrawl.pipelines.normalize.FinalizePipeline": 500,
    "newscrawl.pipelines.storage.StoragePipeline": 900,
}

# newscrawl's own settings (NEWSCRAWL_DATABASE_URL falls back to the environment, then SQLite).
NEWSCRAWL_DATABASE_URL = None
NEWSCRAWL_BATCH_SIZE = 100
NEWSCRAWL_DB_RETRIES = 3
NEWSCRAWL_DB_RETRY_DELAY = 1.0
NEWSCRAWL_SPOOL_DIR = "spool"

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
