"""The shape of the house: imports run one way. No module of Frontdoor imports, at the top or
late inside a function, a module that imports it back, directly or round a loop; each app
imports only the apps below it; and no module (tests included) is past 600 lines, outside the
demo generator and migrations."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    found = {}
    for path in (ROOT / "frontdoor").rglob("*.py"):
        relative = path.relative_to(ROOT).parts
        if "tests" in relative or "migrations" in relative or path.name == "conftest.py":
            continue
        found[module_name(path)] = path
    return found


def imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The Frontdoor modules `name` imports, wherever in the file the import stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            candidates = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            # `from package import module` names the module; `from module import name` the module
            candidates = [f"{base}.{alias.name}" for alias in node.names] + [base]
        else:
            continue
        for candidate in candidates:
            while candidate and candidate not in known:
                candidate = candidate.rpartition(".")[0]
            if candidate and candidate != name and not name.startswith(f"{candidate}."):
                targets.add(candidate)
    return targets


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_finder_sees_a_circle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert circles(graph) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_imports_are_read_from_the_code() -> None:
    found = modules()
    graph = {name: imported(name, path, set(found)) for name, path in found.items()}
    assert "frontdoor.core.audit" in graph["frontdoor.people.services"]
    assert "frontdoor.people.models" in graph["frontdoor.people.services"]  # from .models


def test_no_module_imports_one_that_imports_it_back() -> None:
    found = modules()
    graph = {name: imported(name, path, set(found)) for name, path in found.items()}
    found_circles = circles(graph)
    assert not found_circles, "\n".join(" <-> ".join(circle) for circle in found_circles)


# Apps from the ground up: an app may import the apps of lower floors, never its own floor's
# neighbours or anything above it (ARCHITECTURE.md: core <- accounts <- people <- contacts <-
# casework/safeguarding <- quality <- insights/returns).
FLOORS = [
    {"core"},
    {"accounts"},
    {"people", "staff"},
    {"contacts"},
    {"casework"},
    {"safeguarding"},
    {"quality"},
    {"insights", "returns"},
    {"demo"},
]
MOST_LINES = 600


def app_of(module: str) -> str:
    return module.split(".")[1]


def floor_of(app: str) -> int:
    return next(number for number, apps in enumerate(FLOORS) if app in apps)


def test_every_app_is_on_a_floor() -> None:
    apps = {app_of(name) for name in modules() if name.count(".") >= 2}
    assert apps <= set().union(*FLOORS), f"Put these apps on a floor: {apps - set().union(*FLOORS)}"


def test_apps_import_only_the_apps_below_them() -> None:
    found = modules()
    upward = sorted(
        f"{name} imports {target}"
        for name, path in found.items()
        if name.count(".") >= 2
        for target in imported(name, path, set(found))
        if target.count(".") >= 2
        and app_of(target) != app_of(name)
        and floor_of(app_of(target)) >= floor_of(app_of(name))
    )
    assert not upward, "\n".join(upward)


def test_no_module_is_past_600_lines() -> None:
    too_long = sorted(
        f"{path.relative_to(ROOT)}: {lines} lines"
        for path in (ROOT / "frontdoor").rglob("*.py")
        if not {"migrations", "demo"} & set(path.relative_to(ROOT).parts)
        and (lines := len(path.read_text(encoding="utf-8").splitlines())) > MOST_LINES
    )
    assert not too_long, "Split these modules:\n" + "\n".join(too_long)
