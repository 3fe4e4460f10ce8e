"""Spiders: navigation only. One class serves every registered site (see ``sites.py``)."""
