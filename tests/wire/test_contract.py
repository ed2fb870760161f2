"""One contract: the Python side is the source, js/src/contract.ts is generated from it, and nothing else
writes a status, command or message name by hand (in either language)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import traitlets

from init_widget.widget.training_widget import TrainingWidget
from init_widget.wire import COMMANDS, STATUS_NAMES, TRAITS, Action, Status
from init_widget.wire.document import TS_PATH, contract, typescript
from init_widget.wire.messages import TO_FRONT_END, TO_KERNEL, Command, Playhead, Sync, View, read_message

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "init_widget"
CONTRACT_MODULES = {PACKAGE / "wire" / "contract.py", PACKAGE / "wire" / "messages.py"}
TS_CONTRACT_MODULES = {REPO / TS_PATH, REPO / "js" / "src" / "model" / "status.ts"}
JSON_TYPES = {
    traitlets.Unicode: "string",
    traitlets.Int: "integer",
    traitlets.Float: "number",
    traitlets.Bool: "boolean",
    traitlets.Dict: "object",
    traitlets.Bytes: "bytes",
}
STATUS_HOLDERS = ("status", "state")


def test_the_typescript_contract_is_generated_from_today_s_python():
    written = (REPO / TS_PATH).read_text(encoding="utf-8")
    assert written == typescript(), "js/src/contract.ts is stale: run `python -m init_widget.wire`"


def test_the_widget_syncs_exactly_the_contract_s_traits_with_their_types():
    synced = TrainingWidget.class_own_traits(sync=True)
    assert set(synced) == set(TRAITS)
    for name, trait in synced.items():
        assert JSON_TYPES[type(trait)] == TRAITS[name], name


def test_every_message_to_the_kernel_is_read_and_an_unknown_one_ignored():
    examples = {
        "playhead": {"iteration": 5},
        "sync": {"run_id": 1, "iterations": 0, "frames": 0},
        "command": {"action": "pause"},
        "view": {"view_id": "v1", "shown": True},
    }
    assert set(examples) == set(TO_KERNEL)
    kinds = {"playhead": Playhead, "sync": Sync, "command": Command, "view": View}
    for kind, fields in examples.items():
        assert set(fields) == set(TO_KERNEL[kind])
        assert isinstance(read_message({"type": kind, **fields}, 10), kinds[kind])
    assert read_message({"type": "archive", "data": 1}, 10) is None


def test_commands_and_statuses_are_the_enums():
    assert COMMANDS == tuple(a.value for a in Action) and STATUS_NAMES == tuple(s.value for s in Status)
    doc = contract()
    assert doc["commands"] == list(COMMANDS) and doc["statuses"] == list(STATUS_NAMES)


def _literal_strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [s for e in node.elts for s in _literal_strings(e)]
    return []


def _holder(node: ast.AST) -> str | None:
    name = node.attr if isinstance(node, ast.Attribute) else node.id if isinstance(node, ast.Name) else None
    return name if name in (*STATUS_HOLDERS, "action") else None


@pytest.mark.parametrize(
    "path", sorted(set(PACKAGE.rglob("*.py")) - CONTRACT_MODULES), ids=lambda p: str(p.relative_to(PACKAGE))
)
def test_python_compares_statuses_and_actions_with_the_enums_only(path):
    """``status == "error"`` or ``action in ("pause", …)`` outside the contract drifts when a name changes."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(_holder(s) for s in sides):
                literals = [s for side in sides for s in _literal_strings(side)]
                found += [f"line {node.lineno}: {lit!r}" for lit in literals if lit in STATUS_NAMES + COMMANDS]
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values):
                if isinstance(key, ast.Constant) and key.value == "type" and _literal_strings(value):
                    kind = _literal_strings(value)[0]
                    assert kind in TO_FRONT_END, f"{path.name}:{node.lineno} sends {kind!r}, not in TO_FRONT_END"
    assert not found, found


TS_LITERAL = re.compile(r"""(?:[!=]==?\s*|case\s+)["'](\w+)["']|type:\s*["']command["'],\s*action:\s*["']""")


@pytest.mark.parametrize(
    "path",
    sorted(set((REPO / "js" / "src").rglob("*.ts")) - TS_CONTRACT_MODULES),
    ids=lambda p: str(p.relative_to(REPO / "js" / "src")),
)
def test_typescript_compares_statuses_and_commands_through_the_contract(path):
    text = path.read_text(encoding="utf-8")
    hits = [
        m.group(0) for m in TS_LITERAL.finditer(text) if m.group(1) is None or m.group(1) in STATUS_NAMES + COMMANDS
    ]
    assert not hits, f"{path.name}: {hits}"
