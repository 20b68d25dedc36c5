"""The shape of the code: the import graph has no cycles, modules stay small, the layout
registry is the whole truth about a layout, and dedup's merge rules cover every record field."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest

from papertrack.dedup import merge_rules
from papertrack.model import Paper
from papertrack.parse import registry

SRC = Path(__file__).parents[1] / "src"
MAX_MODULE_LINES = 300


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted((SRC / "papertrack").rglob("*.py"))}


def _type_checking_only(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The papertrack modules `name` imports (at the top or inside functions; not those only
    imported for type checking), a package's submodule counted when imported by name."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if _type_checking_only(node, parents):
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            targets = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target
                       for alias in node.names]
        else:
            continue
        found |= {t for t in targets if t in known and t != name}
    return found


def test_the_import_graph_has_no_cycles():
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)


def in_stage(module: str, *stages: str) -> bool:
    return any(module == f"papertrack.{s}" or module.startswith(f"papertrack.{s}.") for s in stages)


def test_the_stages_import_one_way():
    """Layouts never import fetch, dedup, export, the library or the commands; fetch code never
    parses; dedup and export never touch the library or the network; nothing imports cli."""
    mods = modules()
    graph = {name: imports_of(name, path, set(mods)) for name, path in mods.items()}
    forbidden = {
        "parse": ("fetch", "dedup", "export", "library", "commands", "fetched", "cli"),
        "fetch": ("parse", "dedup", "export", "library", "commands", "fetched", "cli"),
        "dedup": ("fetch", "export", "library", "commands", "fetched", "cli"),
        "export": ("fetch", "dedup", "library", "commands", "fetched", "cli"),
        "library": ("fetch", "export", "commands", "fetched", "cli"),
    }
    for name, targets in graph.items():
        if name != "papertrack.__main__":
            assert "papertrack.cli" not in targets, name
        for stage, banned in forbidden.items():
            if in_stage(name, stage):
                wrong = sorted(t for t in targets if in_stage(t, *banned))
                assert not wrong, f"{name} imports {wrong}"


@pytest.mark.parametrize("path", sorted((SRC / "papertrack").rglob("*.py")), ids=lambda p: module_name(p))
def test_no_module_is_long(path: Path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.name}: {lines} lines; split it by what its parts do"


@pytest.mark.parametrize("layout", registry.LAYOUTS, ids=lambda layout: layout.name)
def test_every_registered_module_fits_the_layout_protocol(layout):
    module = registry.load(layout)
    assert layout.name == module.NAME
    assert isinstance(module.DESCRIPTION, str) and module.DESCRIPTION
    assert isinstance(module.EXAMPLE, str) and module.EXAMPLE
    for function, params in (("detect", ["sample"]), ("parse", ["lines", "ctx"])):
        assert callable(getattr(module, function, None)), f"{layout.module} has no {function}()"
        assert list(inspect.signature(getattr(module, function)).parameters) == params, (layout.module, function)
    assert layout.kind in ("json", "markup", "text")
    assert layout.authority in (registry.ARXIV_API, registry.OTHER_API, registry.LISTING, registry.PASTED)
    assert registry.authority(layout.name) == layout.authority
    assert module.detect("") == 0.0


def test_merge_rules_cover_every_record_field():
    """A field added to Paper but not to a merge rule would be dropped by dedup."""
    ruled = merge_rules.SCALAR_FIELDS + merge_rules.LIST_FIELDS + merge_rules.OWN_RULE_FIELDS
    assert sorted(ruled) == sorted(f.name for f in dataclasses.fields(Paper))
    assert len(set(ruled)) == len(ruled)
