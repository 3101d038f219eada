"""Run a benchmark script as it was at another git revision, in the same run as the current one.

The revision is checked out in a temporary git worktree and the script run there in a child
process with that tree first on the import path, so its own code is measured; the worktree is
removed afterwards. This machine is shared and noisy: ratios within one run hold, times drift.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WARTA_SHARED_DIR", ROOT.parent / "shared"))


def run_at(revision: str, script: str, args: list[str]) -> str:
    """The standard output of `bench/<script> <args>` run at `revision`."""
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet",
                        str(tree), revision], check=True)
        try:
            (tree.parent / "shared").symlink_to(SHARED)  # the tree's ../shared
            done = subprocess.run(
                [sys.executable, str(tree / "bench" / script), *args],
                cwd=tree, capture_output=True, text=True, check=True,
                env={**os.environ, "PYTHONPATH": str(tree), "WARTA_SHARED_DIR": str(SHARED)},
            )
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           check=True)
    return done.stdout
