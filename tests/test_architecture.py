"""The package's shape is the architecture (docs/architecture.md): checked here, so it cannot drift.

Subpackages import one way, engine <- wire <- widget <- charts <- explorer; nothing imports another
module's private names; the engine never imports Jupyter; units stay small enough to read whole.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "init_widget"
LAYERS = ("engine", "wire", "widget", "charts", "explorer")
TOP_LEVEL_ALLOWED = 5
MAX_FUNCTION_LINES = 60
MAX_CLASS_LINES = 300
JUPYTER = ("ipywidgets", "anywidget", "traitlets", "bqplot", "IPython", "ipykernel")
MODULES = sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str], int]]:
    """(absolute module, imported names, line) for every import in the file, lazy ones included."""
    here = _name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, [], node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, [a.name for a in node.names], node.lineno))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "init_widget" and parts[1] in LAYERS else None


def test_the_top_level_holds_at_most_five_modules():
    top = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(top) <= TOP_LEVEL_ALLOWED, top
    assert {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()} == set(LAYERS)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_one_way(path):
    own = _layer(_name(path))
    if own is None:  # the package's __init__ and compatibility re-exports may import any layer
        return
    for module, _names, line in _imports(path):
        other = _layer(module)
        if other is not None:
            assert LAYERS.index(other) <= LAYERS.index(own), f"{path.name}:{line} ({own}) imports {module} ({other})"
        if own == "engine":
            assert module.split(".")[0] not in JUPYTER, f"{path.name}:{line}: the engine imports {module}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_name_is_imported_from_another_module(path):
    for module, names, line in _imports(path):
        private = [n for n in names if n.startswith("_") and not n.startswith("__")]
        assert not (module.startswith("init_widget") and private), f"{path.name}:{line} imports {private} from {module}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_functions_and_classes_stay_small(path):
    too_long = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.end_lineno - node.lineno + 1 > limit:
                too_long.append(f"{node.name}: {node.end_lineno - node.lineno + 1} lines (limit {limit})")
    assert not too_long, too_long


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_private_attribute_of_another_object_is_used(path):
    """``widget._trainer`` from outside the widget is a reach into its insides: use a public accessor."""
    reaches = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                reaches.append(f"line {node.lineno}: {ast.unparse(node)}")
    assert not reaches, reaches
