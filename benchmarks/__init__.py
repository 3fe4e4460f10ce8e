"""Throughput benchmarks for newscrawl (docs/benchmarks.md); run from the checkout with ``python -m benchmarks``."""
