"""How compiled templates escape what `{{ }}` shows: the same text, made for less.

Under autoescape, Jinja compiles each `{{ value }}` to `escape(value)`, and markupsafe's
escape wraps each escaped str in a Markup, made in Python: about 2 million of them in a
10,000-entry build, most only to be joined into the page at once. The page is plain text
however it is joined, so a str is escaped by markupsafe's own C escape and kept a str;
a Markup is already what escape would make of it, a copy, and an int's digits need no
escaping; anything else (dates, undefined values, objects with their own __html__) still
goes through `escape`.
Where markupsafe has no C escape, templates compile as Jinja compiles them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from markupsafe import Markup, escape


def _c_escape() -> Callable[[str], str] | None:
    try:
        from markupsafe._speedups import _escape_inner
    except ImportError:  # markupsafe without its C speedups, or before 3.0
        return None
    return _escape_inner


_ESCAPE_STR = _c_escape()


def escaped(value: object) -> str:
    """What `{{ value }}` writes under autoescape: markupsafe.escape(value), as a str."""
    if type(value) is str and _ESCAPE_STR is not None:
        return _ESCAPE_STR(value)
    if type(value) is Markup:  # escape() would copy it, to the same text: a card list, a body
        return value
    if type(value) is int:  # digits and a sign: nothing to escape (a count, a heading level)
        return str(value)
    return escape(value)


class EscapingCode(CodeGenerator):
    """Compiles `{{ value }}` under autoescape to `environment.escaped(value)`; everything
    else, and output whose escaping is decided at run time, as Jinja does."""

    def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape:
            super()._output_child_pre(node, frame, finalize)
            return
        self.write("environment.escaped(")  # closed, as escape( is, by _output_child_post
        if finalize.src is not None:
            self.write(finalize.src)


def code_generator() -> type[CodeGenerator]:
    """EscapingCode where markupsafe has a C escape and Jinja still compiles output the way
    EscapingCode expects; Jinja's own code generator otherwise."""
    if _ESCAPE_STR is None or not hasattr(CodeGenerator, "_output_child_pre"):
        return CodeGenerator
    return EscapingCode
