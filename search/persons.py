"""An article's persons: those its body names (the actors) and what it says they said (quotes).

One step for the indexer and `warta ingest`: the quotations need the actors to name their
speakers, and a speaker the actor finder missed joins the actors.
"""

from __future__ import annotations

import dataclasses

from search.actors import find_actors
from search.article import Article
from search.quotes import find_quotes, speakers_of


def with_persons(article: Article) -> Article:
    """The article with its actors and its quotations filled from its body."""
    names = find_actors(article.body, article.title if article.title_source == "headline" else "")
    quotes = find_quotes(article.body, names)
    actors = tuple(dict.fromkeys((*names, *speakers_of(quotes))))
    return dataclasses.replace(article, actors=actors, quotes=quotes)
