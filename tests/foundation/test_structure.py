"""Size budgets and folder maps: every module of audit_engine within 300 lines and every
function within 40 (Alembic migrations aside: they are written once and never change), and each
package's `__init__` docstring names every module and subpackage in it, so a folder explains
itself to whoever opens it."""

from __future__ import annotations

import ast
from pathlib import Path

import audit_engine

PACKAGE = Path(audit_engine.__file__).parent
MODULE_LINES = 300
FUNCTION_LINES = 40


def sources() -> list[Path]:
    return [p for p in sorted(PACKAGE.rglob("*.py")) if "migrations" not in p.parts]


def shown(path: Path) -> str:
    return str(path.relative_to(PACKAGE.parent))


def test_every_module_is_within_its_budget():
    long = {shown(p): n for p in sources()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MODULE_LINES}
    assert long == {}, f"modules over {MODULE_LINES} lines"


def test_every_function_is_within_its_budget():
    long = {}
    for path in sources():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                size = node.end_lineno - node.lineno + 1
                if size > FUNCTION_LINES:
                    long[f"{shown(path)}:{node.lineno} {node.name}"] = size
    assert long == {}, f"functions over {FUNCTION_LINES} lines"


def unnamed_in_docstring(folder: Path) -> list[str]:
    """The modules and subpackages of `folder` its `__init__` docstring does not name
    (as `name` or `name/`)."""
    init = folder / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8"))) or ""
    names = [p.stem for p in folder.glob("*.py") if p.stem != "__init__"]
    names += [p.name for p in folder.iterdir() if (p / "__init__.py").is_file()]
    return sorted(n for n in names if f"`{n}`" not in doc and f"`{n}/`" not in doc)


def test_the_docstring_check_sees_an_unnamed_module(tmp_path):
    (tmp_path / "__init__.py").write_text('"""Things.\n\n- `named`: one."""\n')
    (tmp_path / "named.py").write_text("")
    (tmp_path / "forgotten.py").write_text("")
    assert unnamed_in_docstring(tmp_path) == ["forgotten"]


def test_every_package_docstring_names_its_modules():
    unnamed = {shown(init.parent): missing for init in sorted(PACKAGE.rglob("__init__.py"))
               if "migrations" not in init.parts and (missing := unnamed_in_docstring(init.parent))}
    assert unnamed == {}, "modules a package's __init__ docstring does not name"
