"""Ingestion: raw input (scraped `.txt` pages, `.jsonl` records) -> clean `Article`s.

    from search.ingest import Problem, read_articles
    for article in read_articles(["seeds/"], on_problem=print):
        ...

Articles come with `actors` empty; the caller fills them (search.actors.find_actors).
"""

from search.ingest.files import read_articles
from search.ingest.problems import Problem

__all__ = ["Problem", "read_articles"]
