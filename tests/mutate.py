"""Mutating the real code: one function of a module, its source changed, compiled again.

``mutate(monkeypatch, owner, name, old, new)`` reads the source of the function or method
``owner.name`` from its module's file, replaces the one occurrence of ``old`` by ``new``,
compiles the result at the original lines in the module's own globals, and puts it in place
of the original: on its class for a method, and for a module-level function on every module
that bound it (``from .levels import supported`` binds a name in the importer too). The
monkeypatch undoes it all. A snippet that is not found exactly once is an error, so that a
refactoring cannot leave a mutation test mutating nothing.
"""

from __future__ import annotations
import __future__

import ast
import inspect
import sys
import textwrap
from types import FunctionType
from typing import Any

import pytest


def _function(value: Any) -> FunctionType:
    """The plain function under a method, property, class or static method."""
    for attribute in ("fget", "__func__"):
        value = getattr(value, attribute, value)
    if not isinstance(value, FunctionType):
        raise TypeError(f"not a function: {value!r}")
    return value


def mutated_source(owner: Any, name: str, old: str, new: str) -> tuple[str, FunctionType]:
    """The source of ``owner.name`` with ``old`` replaced by ``new``, and the original function."""
    raw = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
    function = _function(raw)
    source = textwrap.dedent(inspect.getsource(function))
    found = source.count(old)
    if found != 1:
        raise AssertionError(f"{owner.__name__}.{name}: {old!r} occurs {found} times, not once")
    return source.replace(old, new), function


def mutate(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, old: str, new: str) -> None:
    """Replace ``owner.name`` (``owner`` a module or a class) by its source with ``old`` → ``new``."""
    source, function = mutated_source(owner, name, old, new)
    tree = ast.parse(source)
    ast.increment_lineno(tree, function.__code__.co_firstlineno - 1)
    flags = __future__.annotations.compiler_flag
    file = inspect.getsourcefile(function) or "<mutant>"
    code = compile(tree, file, "exec", flags=flags, dont_inherit=True)
    scope: dict[str, Any] = {}
    exec(code, function.__globals__, scope)  # the module's own globals: it reads them as the original does
    replacement = scope[name]
    if isinstance(owner, type):
        monkeypatch.setattr(owner, name, replacement)
        return
    original = getattr(owner, name)
    for module in list(sys.modules.values()):
        if getattr(module, "__dict__", {}).get(name) is original:
            monkeypatch.setattr(module, name, replacement)
