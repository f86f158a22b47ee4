"""The acting person the tests hand to services: services take an `Actor` only."""

from __future__ import annotations

from audit_engine.domain.actor import Actor


def as_cli(who: str | Actor) -> Actor:
    """`who` (an e-mail) acting through the command line; an Actor stays as it is."""
    return who if isinstance(who, Actor) else Actor(who, "cli")
