"""Read models as plain data: what the CLI prints as JSON and the API hands its response models."""

from __future__ import annotations

from dataclasses import asdict, is_dataclass
from typing import Any


def plain(value: Any) -> Any:
    """A read model (a frozen dataclass) as a dict, a list or tuple of them as a list of dicts;
    anything else as it is."""
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
