"""Every audit entry and every stage history row the code writes says who did it.

Read from the source: a call that writes an audit row (``audit_event_record``
in an organisation, ``audit_record`` on the platform) or a stage change must
name its actor. Only the writes below, done by nobody in particular, may name
none, each with the reason why; a new one fails here until it is declared.
The services' own tests check that the named actor is the right person.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ["shared", "tenants", "network", "billing"]
AUDIT_WRITERS = {"audit_event_record": "actor", "audit_record": "actor"}
HISTORY_WRITERS = {"StageChange": "moved_by"}

# (file, enclosing function): why nobody is named.
DONE_BY_NOBODY = {
    ("shared/sso/services.py", "sso_refusal_record"): "a refused login has no member yet",
    ("shared/sso/services.py", "_membership_end"): "the identity provider ended a membership",
    ("tenants/adopted/services.py", "evaluation_report_back"): "a worker reports it back",
    ("tenants/contacts/services.py", "_audit"): "the contact acts through the portal",
    ("tenants/sharing/services.py", "publication_refresh"): "a worker withdraws it",
    ("shared/privacy/retention.py", "_apply_one"): "the daily retention task (gallring)",
}


@dataclass(frozen=True)
class Write:
    path: str
    function: str
    line: int
    actor: ast.expr | None


def writes_in(path: Path) -> list[Write]:
    """Every audit or history write in ``path`` with the expression it names as actor."""
    tree = ast.parse(path.read_text(), filename=str(path))
    relative = path.relative_to(ROOT).as_posix()
    found: list[Write] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = (
                child.name
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                else function
            )
            if isinstance(child, ast.Call) and (keyword := actor_keyword(child)) is not None:
                given = {each.arg: each.value for each in child.keywords}
                found.append(Write(relative, function, child.lineno, given.get(keyword)))
            visit(child, inner)

    visit(tree, "")
    return found


def actor_keyword(call: ast.Call) -> str | None:
    """The keyword naming who acted, if ``call`` writes an audit or history row."""
    func = call.func
    if isinstance(func, ast.Name) and func.id in AUDIT_WRITERS:
        return AUDIT_WRITERS[func.id]
    if isinstance(func, ast.Attribute) and func.attr in AUDIT_WRITERS:
        return AUDIT_WRITERS[func.attr]
    # StageChange.objects.create(...) and StageChange(...)
    if isinstance(func, ast.Attribute) and func.attr in {"create", "bulk_create"}:
        owner = func.value
        if (
            isinstance(owner, ast.Attribute)
            and isinstance(owner.value, ast.Name)
            and owner.value.id in HISTORY_WRITERS
            and func.attr == "create"
        ):
            return HISTORY_WRITERS[owner.value.id]
    if isinstance(func, ast.Name) and func.id in HISTORY_WRITERS:
        return HISTORY_WRITERS[func.id]
    return None


def all_writes() -> list[Write]:
    return [
        write
        for source in SOURCES
        for path in sorted((ROOT / source).rglob("*.py"))
        if "migrations" not in path.parts
        for write in writes_in(path)
    ]


def is_none(expression: ast.expr | None) -> bool:
    return isinstance(expression, ast.Constant) and expression.value is None


class TestEveryEntryNamesItsActor:
    def test_the_source_writes_audit_and_history_rows(self):
        writes = all_writes()

        # Guard against a reader that finds nothing and so passes.
        assert len({w.path for w in writes}) > 15
        assert any(w.path == "tenants/ideas/services.py" for w in writes)

    def test_every_write_names_an_actor(self):
        unnamed = [f"{w.path}:{w.line} ({w.function})" for w in all_writes() if w.actor is None]

        assert unnamed == []

    def test_only_declared_writes_name_nobody(self):
        nobody = {(w.path, w.function) for w in all_writes() if is_none(w.actor)}

        assert nobody == set(DONE_BY_NOBODY)
