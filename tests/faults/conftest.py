"""Fixtures of the fault tests: the processes a test starts are ended when it ends, and their output is
printed when it fails."""

from __future__ import annotations

import pytest

from tests.faults.processes import Process


@pytest.fixture
def processes(tmp_path):
    """Register each process a test starts here (``processes.append(p)``): all are ended afterwards."""
    started: list[Process] = []
    yield started
    for process in reversed(started):
        process.kill()
        if process.output():
            print(f"--- {process.name} ({process.log}) ---\n{process.output()}")
