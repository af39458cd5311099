"""The package's floors, read from the source so they cannot drift: each room imports only from its own room
and the floors below it, no module imports itself back through others, and no function runs past a screen.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: a lazy import is still a
dependency. ARCHITECTURE.md draws the same floors.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "qa"
ARCHITECTURE = ROOT / "ARCHITECTURE.md"


def _floors_from_map() -> list[tuple[str, ...]]:
    """ARCHITECTURE.md's floors table, bottom to top: "| 3 | `convert/` | …" → ("qa.convert",). A room is a
    subpackage (`x/`) or a top-level module (`x.py`, `qa/__init__.py`); rooms on one floor may not import
    each other. The map is the rule: the test reads it rather than a copy of it."""
    floors: dict[int, tuple[str, ...]] = {}
    for line in ARCHITECTURE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\| (\d+) \| ([^|]+) \|", line)
        if m:
            names = re.findall(r"`([^`]+)`", m.group(2))
            floors[int(m.group(1))] = tuple(_room_of(name) for name in names)
    assert floors and sorted(floors) == list(range(len(floors))), (
        "ARCHITECTURE.md: floors 0, 1, 2, … each once"
    )
    return [floors[n] for n in sorted(floors)]


def _room_of(name: str) -> str:
    """`convert/` → qa.convert, `engine.py` → qa.engine, `qa/__init__.py` → qa, `__main__.py` → qa.__main__."""
    if name == "qa/__init__.py":
        return "qa"
    return "qa." + name.removesuffix("/").removesuffix(".py")


FLOORS = _floors_from_map()
MAX_FUNCTION_LINES = 50


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8")) for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, tree: ast.Module, known: set[str]) -> set[str]:
    """The qa modules ``name`` imports, anywhere in its body (``from qa.index import dense`` is qa.index.dense)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "qa"}
        elif isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "qa":
            subs = {f"{node.module}.{a.name}" for a in node.names} & known
            found |= subs or {node.module}
    return {m for m in found if m != name}


def _room(module: str) -> str:
    rooms = [room for floor in FLOORS for room in floor if module == room or module.startswith(room + ".")]
    return max(rooms, key=len)


def _floor(room: str) -> int:
    return next(i for i, floor in enumerate(FLOORS) if room in floor)


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, tree, set(modules)) for name, tree in modules.items()}


def test_every_module_has_a_room(graph):
    assert all(_room(m) for m in graph)


def _upward(graph: dict[str, set[str]]) -> list[str]:
    return sorted(
        f"{a} → {b}"
        for a, deps in graph.items()
        for b in deps
        if _room(a) != _room(b) and _floor(_room(b)) >= _floor(_room(a))
    )


def _cycles(graph: dict[str, set[str]]) -> list[str]:
    """Every cycle a depth-first walk meets, as "a → b → a"."""
    cycles: list[str] = []
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for dep in sorted(graph.get(module, ())):
            if state.get(dep) == "open":
                cycles.append(" → ".join(path[path.index(dep) :] + [dep]))
            elif dep not in state:
                visit(dep, path + [dep])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    return cycles


def test_rooms_import_only_their_own_room_and_the_floors_below(graph):
    assert _upward(graph) == []


def test_no_import_cycles(graph):
    assert _cycles(graph) == []


def test_the_checks_see_what_they_look_for():
    """A made-up graph with the two faults the issue named: an upward import and a cycle inside a room."""
    made_up = {
        "qa.index.store": {"qa.ui.cli"},
        "qa.encode.base": {"qa.encode.onnx"},
        "qa.encode.onnx": {"qa.encode.sbert"},
        "qa.encode.sbert": {"qa.encode.base"},
    }
    assert _upward(made_up) == ["qa.index.store → qa.ui.cli"]
    assert _cycles(made_up) == ["qa.encode.base → qa.encode.onnx → qa.encode.sbert → qa.encode.base"]
    tree = ast.parse("def f():\n    from qa.index import dense, store\n")
    assert _imports("qa.x", tree, {"qa.index.dense", "qa.index.store"}) == {
        "qa.index.dense",
        "qa.index.store",
    }


def test_no_function_is_longer_than_a_screen():
    long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                lines = node.end_lineno - node.lineno + 1
                if lines > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({lines} lines)")
    assert long == []


def test_the_public_api_is_what_init_names():
    import qa

    assert set(qa.__all__) == {"Engine", "Settings", "QAError", "__version__"}
    assert all(getattr(qa, name) for name in qa.__all__)
