"""Fixtures for the checklist tests: the shipped files, and a cache-free loader."""

from __future__ import annotations

from pathlib import Path

import pytest

from audit_engine.bootstrap.settings import Settings
from audit_engine.checklists import cache, checklist_files, load_all

SHIPPED = Settings().shipped_checklists_dir
HERE = Path(__file__).parent


@pytest.fixture(autouse=True)
def _fresh_memory_cache():
    """Each test sees the loader as a new process would (the disk cache is per test)."""
    cache.clear_memory()
    yield
    cache.clear_memory()


@pytest.fixture
def shipped_files() -> list[Path]:
    return checklist_files(SHIPPED)


@pytest.fixture
def shipped() -> dict:
    return {c.id: c for c in load_all(SHIPPED)}
