"""Every refusal a web user can meet in the work's code (domain, workflow, and the services of
fieldwork, review, risk, reports, planning, pages, actions and audits) is made with `said`, so
a page says it in its reader's language; the ones met only on the command line, through the
API or when reading a setting or a local file stay plain English, each listed here with why.

A new plain `raise SomeError(f"...")` of an AuditEngineError in these folders fails until it
is said or listed; a listed one that is gone fails too, so the list stays true."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from collections import Counter
from pathlib import Path

import audit_engine
from audit_engine.domain.errors import AuditEngineError

ROOT = Path(audit_engine.__file__).parent
FOLDERS = ("domain", "workflow", "services/fieldwork", "services/review", "services/risk",
           "services/reports", "services/planning", "services/pages", "services/actions",
           "services/audits")

CLI_ONLY = "a command-line option or a local path: only the CLI meets it"
SETTING = "a setting, read when the program starts"
PROBLEM_LIST = ("a list of problems (one line per row or cell) built by the reader of a file, "
                "each said; its page lists them")
INTEGRITY = "stored data disagreeing with its record: the store's paths, an operator's business"

# (file, function) -> why its plain raise stays English; a count where there are several.
PLAIN = {
    ("domain/formats/inputs.py", "parse_year_range"): (2, SETTING),
    ("domain/formats/inputs.py", "parse_proxy_addresses"): (2, SETTING),
    ("domain/formats/inputs.py", "check_public_url"): (1, SETTING),
    ("domain/rules/lifecycle.py", "parse_due_days"): (1, SETTING),
    ("domain/formats/paths.py", "check_readable"): (3, CLI_ONLY),
    ("domain/rules/profile_rows.py", "check_profile_rows"): (1, PROBLEM_LIST),
    ("services/fieldwork/answer_rest.py", "answer_rest"): (2, CLI_ONLY + " (--rest, --note; "
                                                            "the web answers compliant only)"),
    ("services/fieldwork/answers_bulk.py", "_checked"): (2, "the API's bulk answers "
                                                            "(answers[i]): the API speaks English"),
    ("services/fieldwork/evidence.py", "_check_upload"): (3, CLI_ONLY),
    ("services/fieldwork/evidence_out.py", "save_evidence"): (4, CLI_ONLY + " (-o)"),
    ("services/fieldwork/workbook_import.py", "_read"): (4, PROBLEM_LIST),
    ("services/fieldwork/workbook_import.py", "_check_against_audit"): (2, PROBLEM_LIST),
    ("services/review/closing.py", "_may_finalize"): (1, "`report finalize`: a CLI command"),
    ("services/review/closing.py", "finalize_report"): (1, "`report finalize`: a CLI command"),
    ("services/reports/archive.py", "_final_pdf"): (1, INTEGRITY),
    ("services/reports/archive.py", "_evidence_bytes"): (2, INTEGRITY),
    ("services/reports/attachments.py", "attach"): (1, "a queued mail's attachment, written "
                                                       "by the code: a bug if met"),
    ("services/reports/attachments.py", "_rendered"): (1, "a queued mail's attachment, "
                                                          "written by the code: a bug if met"),
    ("services/actions/actions.py", "_check_evidence_file"): (1, CLI_ONLY),
}


def _error_names() -> set[str]:
    """The names of every AuditEngineError class, once every module of the folders is loaded
    (services define their own: FinalReportFailed, WorkbookRefused...)."""
    for folder in FOLDERS:
        package = "audit_engine." + folder.replace("/", ".")
        module = importlib.import_module(package)
        for found in pkgutil.walk_packages(getattr(module, "__path__", []), package + "."):
            importlib.import_module(found.name)
    names, todo = set(), [AuditEngineError]
    while todo:
        kind = todo.pop()
        names.add(kind.__name__)
        todo.extend(kind.__subclasses__())
    return names


def _said_by_construction(call: ast.Call, name: str) -> bool:
    """Translated without `said` at the raise: a stale record (its words are built in), a
    refusal naming its permission or duty (the web words it from the rule), a refused read
    whose "not found" is said."""
    if name == "StaleRecord":
        return True
    if name in ("PermissionDenied", "ReadRefused") and any(
            k.arg in ("permission", "duty") for k in call.keywords):
        return True
    return name == "ReadRefused" and any(
        isinstance(n, ast.Call) and getattr(n.func, "id", "") == "said"
        for arg in call.args[1:] for n in ast.walk(arg))


def plain_raises() -> Counter:
    """(file, innermost function) -> how many plain raises of an AuditEngineError it holds."""
    errors, found = _error_names(), Counter()
    for folder in FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            where = str(path.relative_to(ROOT))
            _count(ast.parse(path.read_text(encoding="utf-8")), "<module>", where, errors, found)
    return found


def _count(node: ast.AST, function: str, where: str, errors: set[str], found: Counter) -> None:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            _count(child, child.name, where, errors, found)
            continue
        call = child.exc if isinstance(child, ast.Raise) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name):
            name = call.func.id
            if name in errors and not _said_by_construction(call, name):
                found[(where, function)] += 1
        _count(child, function, where, errors, found)


def test_every_refusal_a_page_shows_is_said():
    found = plain_raises()
    listed = Counter({key: count for key, (count, _why) in PLAIN.items()})
    new = {key: n for key, n in found.items() if n > listed.get(key, 0)}
    assert not new, f"plain raises of user-facing errors: make them with `said`: {new}"
    gone = {key: n for key, n in listed.items() if found.get(key, 0) < n}
    assert not gone, f"listed as plain but said now (or gone): take them off PLAIN: {gone}"


def test_the_plain_ones_are_few():
    assert sum(count for count, _why in PLAIN.values()) <= 40
