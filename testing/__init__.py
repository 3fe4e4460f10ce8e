"""Helpers for the tests and benchmarks of a source checkout (not part of the installed package).

A static mirror HTTP server (``server``), a synthetic Jordan Times site (``jtsite``) and a TCP
proxy that can cut connections (``tcpproxy``). Import them from the repository root: pytest puts
it on the path (``pythonpath`` in pyproject.toml); benchmarks run as ``python -m benchmarks``.
"""
