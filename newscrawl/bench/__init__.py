"""Benchmarks shipped with the package (``newscrawl bench ...``): they use only product code."""
