"""One identity type: every service takes the acting person as an `Actor` (who, and through
which door), never a bare e-mail; the web and the API hand over their channel's Actor
(`identity.actor`, `caller.actor`), never the e-mail alone, so every trail event they cause
carries `via`."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "audit_engine"
ALLOWED = {"Actor", "Actor | None"}  # None: the very first admin of an empty database


def _functions(folder: str):
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield path.relative_to(PACKAGE), node


def test_every_service_takes_an_actor_not_an_email():
    wrong, checked = [], 0
    for path, function in _functions("services"):
        arguments = function.args
        for argument in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs]:
            if argument.arg != "actor":
                continue
            checked += 1
            shown = ast.unparse(argument.annotation) if argument.annotation else "(none)"
            if shown not in ALLOWED:
                wrong.append(f"{path}:{function.lineno} {function.name}(actor: {shown})")
    # the trail's own append also takes the system's name for its own events (`sign-in`)
    wrong = [w for w in wrong if not w.startswith("services/trail.py")]
    assert checked > 100 and not wrong, "\n".join(wrong)


def test_the_web_and_the_api_pass_their_channels_actor():
    wrong = []
    for folder in ("web", "api"):
        for path, function in _functions(folder):
            for call in (n for n in ast.walk(function) if isinstance(n, ast.Call)):
                for keyword in call.keywords:
                    if keyword.arg == "actor" and not _is_channel_actor(keyword.value):
                        wrong.append(f"{path}:{call.lineno} actor={ast.unparse(keyword.value)}")
    assert not wrong, "\n".join(wrong)


def _is_channel_actor(value: ast.expr) -> bool:
    """`identity.actor`, `caller.actor`, or a name bound to one (`who`, `actor`)."""
    if isinstance(value, ast.Attribute):
        return value.attr == "actor"
    return isinstance(value, ast.Name) and value.id in {"who", "actor"}


def test_a_service_refuses_a_bare_email_at_run_time(app):
    """The annotations say Actor; an untyped caller passing an e-mail is refused too, before
    anything is read or written, so no event reaches the trail without its channel."""
    from audit_engine.services.administration.reads import users_for
    from audit_engine.services.trail import append_event

    with pytest.raises(TypeError, match="services take an Actor"):
        users_for(app.uow(), actor="admin@example.com")
    with app.uow() as uow, pytest.raises(TypeError, match="services take an Actor"):
        append_event(uow, app.clock.now(), "admin@example.com", "user.add", "x")
