"""A refusal a web page can show is made with `said`, so a Spanish reader reads it in Spanish.

Every `raise SomeError(...)` of an AuditEngineError in the folders below is either made with
`said` (the page translates it), phrased by the page from its fields (a PermissionDenied naming
its permission or duty, an SsoRefused by its kind), or listed in PLAIN with why no page shows
it (an operator's CLI command, the API, which speak English by decision). A new plain raise
fails here; so does an entry of PLAIN whose raise is gone or became `said`.
"""

from __future__ import annotations

import ast
import importlib
from collections import Counter
from pathlib import Path

from audit_engine.domain import errors
from audit_engine.domain.errors import AuditEngineError, PermissionDenied
from audit_engine.domain.rules.sso import SsoRefused

SERVICES = Path(__file__).parents[2] / "audit_engine" / "services"
FOLDERS = ("administration", "calendar", "mail", "integrations", "anchoring", "offline")

CLI = "an operator's CLI command (no page calls it)"
API = "the API and the CLI only (no page calls it); the API speaks English by decision"
# (file under services/, function) -> (plain raises there, why no page shows them)
PLAIN: dict[tuple[str, str], tuple[int, str]] = {
    ("administration/people.py", "_user_adder"): (2, "`init` and `users add` on an empty "
                                                     "database, and the CLI's missing --as"),
    ("administration/checklists.py", "_resolve"): (1, "a checklist file path given to the CLI"),
    ("administration/profile_import.py", "import_profile"): (1, "the CLI's -o; the page names "
                                                                "the file it writes"),
    ("calendar/subscriptions.py", "_checked_language"): (1, "a wiring fault: the caller "
                                                            "passed no language check"),
    ("integrations/idempotency.py", "begin"): (2, "the API's Idempotency-Key; the offline "
                                                  "page answers busy without the message"),
    ("integrations/tokens.py", "list_tokens"): (1, API),
    ("integrations/tokens.py", "authenticate"): (3, "an API bearer token: the API's English"),
    ("integrations/webhooks.py", "_require_admin"): (1, API),
    ("integrations/webhooks.py", "_endpoint"): (1, API),
    ("anchoring/anchor.py", "ensure_key"): (1, CLI + ": `init`"),
    ("anchoring/anchor.py", "rotate_key"): (1, CLI + ": `log rotate-key` before `db upgrade`"),
    ("anchoring/anchor.py", "write_checkpoint"): (1, "the trail key file missing: the "
                                                     "operator's setup, whoever meets it"),
    ("anchoring/backup.py", "_new_folder"): (1, CLI + ": `backup`"),
    ("anchoring/backup.py", "read_manifest"): (4, CLI + ": `backup verify`, `restore`"),
    ("anchoring/bucket_backup.py", "copy_objects"): (1, CLI + ": `backup` of the bucket"),
    ("anchoring/bucket_backup.py", "put_back"): (1, CLI + ": `restore` of the bucket"),
    ("anchoring/restore.py", "_require_empty"): (4, CLI + ": `restore`"),
}


def _made_by_said(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and call.func.attr == "said"


def _error_class(module, call: ast.Call):
    """The AuditEngineError class `call` constructs, or None (a helper, another exception)."""
    if not isinstance(call.func, ast.Name):
        return None
    found = getattr(module, call.func.id, None) or getattr(errors, call.func.id, None)
    return found if isinstance(found, type) and issubclass(found, AuditEngineError) else None


def _phrased_by_the_page(kind, call: ast.Call) -> bool:
    """A refusal the page words from its fields, not from its message (web/phrases.py
    refusal(), web/sso_words.py)."""
    if issubclass(kind, SsoRefused):
        return True
    named = {k.arg for k in call.keywords}
    return issubclass(kind, PermissionDenied) and bool(named & {"permission", "duty"})


def _constructions(raised: ast.expr) -> list[ast.Call]:
    if isinstance(raised, ast.IfExp):
        return _constructions(raised.body) + _constructions(raised.orelse)
    return [raised] if isinstance(raised, ast.Call) else []


def plain_raises() -> Counter:
    """(file, function) -> how many plain raises of a user's error it holds."""
    found: Counter = Counter()
    for folder in FOLDERS:
        for path in sorted((SERVICES / folder).glob("*.py")):
            name = path.relative_to(SERVICES).as_posix()
            module = importlib.import_module(
                "audit_engine.services." + name.removesuffix(".py").replace("/", "."))
            found.update(_plain_in(module, name, ast.parse(path.read_text())))
    return found


def _plain_in(module, name: str, tree: ast.Module) -> list[tuple[str, str]]:
    plain: list[tuple[str, str]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, child.name)  # a nested function's raise is its own
                continue
            if isinstance(child, ast.Raise) and child.exc is not None:
                for call in _constructions(child.exc):
                    kind = _error_class(module, call)
                    if kind and not _made_by_said(call) and not _phrased_by_the_page(kind, call):
                        plain.append((name, function))
            visit(child, function)

    visit(tree, "<module>")
    return plain


def test_every_refusal_a_page_can_show_is_said():
    found = plain_raises()
    new = {site: count for site, count in found.items()
           if site not in PLAIN or count > PLAIN[site][0]}
    assert not new, ("plain raises a page can show: make them with AuditEngineError.said(...) "
                     f"(or list them in PLAIN with why no page shows them): {new}")


def test_the_list_of_plain_refusals_stays_true():
    found = plain_raises()
    stale = {site: count for site, (count, _) in PLAIN.items() if found.get(site, 0) != count}
    assert not stale, f"PLAIN names raises that are no longer plain (or more of them): {stale}"


def test_the_check_sees_a_plain_raise():
    tree = ast.parse("def refuse(code):\n    raise NotFound(f'facility {code!r} not found')\n"
                     "def fine(code):\n    raise NotFound.said('facility %(code)r', code=code)\n")
    assert _plain_in(errors, "made.py", tree) == [("made.py", "refuse")]
