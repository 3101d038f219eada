"""Shared fixtures: where the seeds and the shared data sets are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the property tests on their fixed examples (`.ci/run` sets HYPOTHESIS_PROFILE=ci), so
# that a submission is judged on the same examples every time; a developer's run draws new ones
# and finds what the fixed ones miss (a failure prints the body that caused it).
settings.register_profile("ci", derandomize=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def shared_data() -> Path:
    data = SHARED / "data"
    if not data.is_dir():
        pytest.fail(f"shared data not found at {data}; set WARTA_SHARED_DIR")
    return data


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """An index of the five seeds built by the real pipeline; tests must only read it."""
    from indexing import build_index, seed_articles

    return build_index(tmp_path_factory.mktemp("seed-index"), seed_articles(seeds_dir))


@pytest.fixture(scope="module")
def service(seed_index: Path):
    """The search service over the seed index."""
    from search.whoosh_backend.service import WhooshBackend

    return WhooshBackend(seed_index)
