"""audit-engine: a workflow engine for internal CTPAT supply-chain security audits."""

from __future__ import annotations

from pathlib import Path


def shipped(name: str) -> Path:
    """A folder the project ships: `checklists` or `report_templates`.

    The top-level folders of the source tree are the source. A wheel (or an install from the
    sdist) carries copies as package data under `audit_engine/_shipped/` (see setup.py), so an
    installed package finds them there and a checkout finds the folders themselves.
    """
    package = Path(__file__).resolve().parent
    packaged = package / "_shipped" / name
    return packaged if packaged.is_dir() else package.parent / name
