"""Throughput benchmarks for newscrawl (see docs/benchmarks.md); run with ``newscrawl bench``."""
