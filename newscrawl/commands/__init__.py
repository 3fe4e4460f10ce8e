"""Scrapy commands overridden by newscrawl (``crawl`` with meaningful exit codes)."""
