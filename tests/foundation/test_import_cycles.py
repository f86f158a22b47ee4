"""No circle of files: no module of audit_engine imports itself back through other modules.

Import-linter's contracts keep packages in layers; a circle inside one package slips through
them. Every import counts, also one inside a function or under `TYPE_CHECKING`: a circle that
only works because an import is deferred is still a circle to whoever reads the code."""

from __future__ import annotations

import grimp


def import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("audit_engine", exclude_type_checking_imports=False)
    modules = graph.modules
    return {m: graph.find_modules_directly_imported_by(m) & modules for m in modules}


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
            elif child not in index:
                index[child] = low[child] = len(index)
                stack.append(child)
                on_stack.add(child)
                work.append((child, iter(sorted(edges[child]))))
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return found


def test_the_circle_finder_finds_a_circle():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_module_imports_itself_back():
    found = circles(import_graph())
    assert found == [], "circles of files: " + "; ".join(" <-> ".join(g) for g in found)
