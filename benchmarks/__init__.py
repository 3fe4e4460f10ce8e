"""Throughput benchmarks for newscrawl (see the README, "Throughput benchmarks"); run with ``newscrawl bench``."""
