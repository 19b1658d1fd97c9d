"""Where tests keep what a person should look at after a run (screenshots, rendered PDF pages):
``TEST_ARTIFACTS``, else ``.local/test-artifacts`` in the checkout."""

from __future__ import annotations

import os
from pathlib import Path


def artifacts_dir() -> Path:
    default = Path(__file__).resolve().parents[1] / ".local" / "test-artifacts"
    directory = Path(os.environ.get("TEST_ARTIFACTS", default))
    directory.mkdir(parents=True, exist_ok=True)
    return directory
