"""The Whoosh backend: every module that knows Whoosh lives in this package.

Schema and analyzers, segment writing and commits, query parsing, BM25F ranking, facet columns
and the search service implementing `search.backend.SearchBackend`.
"""
