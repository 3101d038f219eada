"""Warta's library: ingestion, analysis, indexing and querying of Indonesian news.

Everything that knows about Whoosh lives in this package; the web app talks to it through
plain Python objects.
"""
