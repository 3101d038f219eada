"""Settings, read from the environment once at start-up."""

from __future__ import annotations

import os

from search.backend import configured_backend


class Config:
    """Defaults; every one can be set from the environment."""

    INDEX_DIR = os.environ.get("WARTA_INDEX_DIR", "index")
    SEARCH_BACKEND = configured_backend()  # WARTA_BACKEND; see search/backend.py
