"""Settings, read from the environment once at start-up."""

from __future__ import annotations

import os


class Config:
    """Defaults; every one can be set from the environment."""

    INDEX_DIR = os.environ.get("WARTA_INDEX_DIR", "index")
