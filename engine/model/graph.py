"""The graph of a rule base: which conclusion reads which, cycles, chains, evaluation order.
"""

from __future__ import annotations

from verdict.engine.model.expressions import names_in
from verdict.engine.model.rule_base import RuleBase


def dependencies(base: RuleBase) -> dict[str, list[str]]:
    """For each conclusion, the predicates its rules read."""
    deps: dict[str, list[str]] = {}
    for rule in base.rules:
        names = deps.setdefault(rule.concludes, [])
        for _, expr in rule.conditions():
            names.extend(n for n in names_in(expr) if n not in names)
    return deps


def find_cycle(base: RuleBase) -> list[str]:
    """A circle of conclusions that depend on each other, or [] if there is none.

    A depth-first walk with an explicit stack: no chain of rules is too deep for it.
    """
    deps = dependencies(base)
    state: dict[str, int] = {}
    for start in deps:
        if start in state:
            continue
        path = [start]
        state[start] = 1
        stack = [iter(deps[start])]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                state[path.pop()] = 2
            elif state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            elif nxt in deps and nxt not in state:
                state[nxt] = 1
                path.append(nxt)
                stack.append(iter(deps[nxt]))
    return []


MAX_CHAIN = 100
"""The longest chain of conclusions, each read by the next, a rule base may hold (docs/errors.md).
Legal reasoning chains a handful; the limit keeps every walk of the rules far from Python's stack."""


def longest_chain(base: RuleBase) -> list[str]:
    """The longest chain of conclusions each read by the next, from the deepest one up.

    Computed without recursion, in order of dependency (the rule base has no cycle).
    """
    deps = dependencies(base)
    depth: dict[str, int] = {}  # for each conclusion, the length of its longest chain downwards
    via: dict[str, str | None] = {}  # and the conclusion below it on that chain
    for start in deps:
        stack = [start]
        while stack:
            node = stack[-1]
            if node in depth:
                stack.pop()
                continue
            pending = [n for n in deps[node] if n in deps and n not in depth]
            if pending:
                stack.extend(pending)
                continue
            stack.pop()
            via[node] = max((n for n in deps[node] if n in deps), key=depth.__getitem__, default=None)
            depth[node] = 1 + (depth[via[node]] if via[node] else 0)  # type: ignore[index]
    chain: list[str] = []
    top = max(depth, key=depth.__getitem__, default=None)
    while top is not None:
        chain.append(top)
        top = via[top]
    return chain[::-1]


def evaluation_order(base: RuleBase) -> list[str]:
    """Every conclusion after the conclusions it reads (the rule base has no cycle)."""
    deps = dependencies(base)
    order: list[str] = []
    done: set[str] = set()

    def visit(node: str) -> None:
        if node in done:
            return
        done.add(node)
        for nxt in deps.get(node, []):
            if nxt in deps:
                visit(nxt)
        order.append(node)

    for node in deps:
        visit(node)
    return order
