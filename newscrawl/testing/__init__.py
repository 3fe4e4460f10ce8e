"""Test and benchmark helpers: a static mirror HTTP server and a synthetic Jordan Times site."""
