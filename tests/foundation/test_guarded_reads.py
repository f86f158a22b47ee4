"""Guarded reads only: an edge (a web page, an API route, a CLI command) reaches the database
through one service per request, and that service takes the acting person (`actor=`), so the
read table is applied where the object is read, not assembled at the edge.

A "service call" here is a call whose first argument is the unit of work (`app.uow()`, `uow`),
followed through the module's own helper functions. Branches (`if`/`else`, a refusal's
`except`) are alternatives: each path may call one service. The few services that need no
person (signing in, redeeming a mailed link, the machine's own key and checkpoint commands)
are named below with their reason. A page that needs several reads gets one service (a read
model in services/pages) that makes them."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).parents[2] / "audit_engine"
EDGES = ("api/routes", "web", "cli")
ROUTE_DECORATORS = {"get", "post", "put", "patch", "delete", "command"}

# service (as called) -> why it takes no acting person
ANONYMOUS = {
    "sign_in.sign_in": "signing in is how a person becomes one",
    "sign_in.second_factor": "the second step of signing in",
    "web_sessions.end_session": "signing out ends the cookie's session, whoever it was",
    "sso_sign_in.begin": "signing in through the provider (linking and testing pass actor=)",
    "sso_sign_in.finish": "the provider's answer signs a person in (or links, as actor=)",
    "account_links.request_reset": "a forgotten password: the mailed link proves the person",
    "account_links.link_status": "a mailed link is its own credential",
    "account_links.choose_password": "a mailed link is its own credential",
    "check_log": "`log verify`: the operator's check of the trail, rows and stored files",
    "write_checkpoint": "`log checkpoint`: the operator signs the trail head",
    "ensure_key": "`init`: the operator makes the trail's signing key",
    "make_backup": "`backup`: the operator copies the database and the stored files",
    "feed_text": "a calendar feed's secret address is its own credential (a calendar app"
                 " polls it without signing in); it answers with its owner's current rights",
}


@dataclass(frozen=True)
class Call:
    name: str
    guarded: bool


def _is_unit_of_work(node: ast.expr) -> bool:
    text = ast.unparse(node)
    return text == "uow" or text.endswith(("uow()", ".uow"))


class _Paths:
    """The service calls along the most expensive path through a handler."""

    def __init__(self, helpers: dict[str, ast.FunctionDef]) -> None:
        self.helpers, self.calls = helpers, []

    def count(self, node: ast.AST, seen: frozenset[str] = frozenset()) -> int:
        if isinstance(node, ast.If | ast.IfExp):
            test = self.count(node.test, seen)
            return test + max(self._block(node.body, seen), self._block(node.orelse, seen))
        if isinstance(node, ast.Try):
            refusals = [self._block(h.body, seen) for h in node.handlers]
            return (max([self._block(node.body, seen), *refusals])
                    + self._block(node.finalbody, seen))
        own = 0
        if isinstance(node, ast.Call):
            own = self._call(node, seen)
        return own + sum(self.count(child, seen) for child in ast.iter_child_nodes(node))

    def _block(self, body, seen) -> int:
        if not isinstance(body, list):
            return self.count(body, seen)
        total = 0
        for i, statement in enumerate(body):
            if isinstance(statement, ast.If) and _leaves(statement.body):
                # `if ...: ...; return`: what follows is the other path
                other = [*statement.orelse, *body[i + 1:]]
                return total + self.count(statement.test, seen) + max(
                    self._block(statement.body, seen), self._block(other, seen))
            total += self.count(statement, seen)
        return total

    def _call(self, call: ast.Call, seen: frozenset[str]) -> int:
        if call.args and _is_unit_of_work(call.args[0]):
            guarded = any(k.arg == "actor" for k in call.keywords)
            self.calls.append(Call(ast.unparse(call.func), guarded))
            return 1
        name = call.func.id if isinstance(call.func, ast.Name) else None
        if name in self.helpers and name not in seen:
            return self._block(self.helpers[name].body, seen | {name})
        return 0


def _leaves(body: list[ast.stmt]) -> bool:
    return bool(body) and isinstance(body[-1], ast.Return | ast.Raise)


def _handlers():
    for folder in EDGES:
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            helpers = {f.name: f for f in tree.body
                       if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef)}
            for function in helpers.values():
                if any(isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute)
                       and d.func.attr in ROUTE_DECORATORS for d in function.decorator_list):
                    paths = _Paths(helpers)
                    most = paths._block(function.body, frozenset({function.name}))
                    where = f"{path.relative_to(PACKAGE)}:{function.name}"
                    yield where, most, paths.calls


def test_each_handler_calls_one_service_on_any_path():
    twice = sorted(where for where, most, _ in _handlers() if most > 1)
    assert not twice, f"handlers calling two services: {twice}"


def test_no_edge_reads_without_the_acting_person():
    unguarded = sorted(f"{where}: {call.name}" for where, _, calls in _handlers()
                       for call in calls if not call.guarded and call.name not in ANONYMOUS)
    assert not unguarded, "\n".join(unguarded)


def test_the_check_sees_every_handler():
    handlers = list(_handlers())
    assert len(handlers) > 150  # web pages, API routes and CLI commands
