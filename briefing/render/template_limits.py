"""Bounds on what a template may cost: time, and the size of anything it builds.

A user template is code run on every memo of a scheduled job; Jinja2's sandbox stops it reaching
Python internals and caps one `range` at 100,000 items, but not two nested loops of them
(10^10 steps), `'x' * 10**9` (a 1 GB string in one step), or a string doubled in a loop. So a
memo or index render here:

- ends after RENDER_SECONDS: a timer interrupts the rendering thread (between two Python steps:
  every template loop is Python), and the render fails with `TemplateLimit`;
- makes no value over MAX_VALUE_CHARS characters or items: `*`, `**`, `%`, `+` and `~` are checked
  (before computing, where the result size is known from the operands), and so are the filters
  and string methods that can multiply a size (`center`, `indent`, `replace`, `join`, `sum`,
  `format`, `ljust` ...); data structures cannot be changed in place (immutable sandbox: no
  `list.extend` doubling a list);
- writes no more than MAX_OUTPUT_CHARS characters (checked as the output is produced).

The built-in layouts stay far below every limit (a 1,000-article memo is a few hundred KB).
"""
from __future__ import annotations

import ctypes
import operator
import re
import sys
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import BriefingError

RENDER_SECONDS = 10.0         # one memo or index in one format (a 1,000-article memo takes well under 1 s)
MAX_VALUE_CHARS = 10_000_000  # characters of a string, items of a list, digits of a number a template makes
MAX_OUTPUT_CHARS = 50_000_000  # characters of one rendered memo or index


class TemplateLimit(BriefingError):
    """A template went over a limit (time, size of a value, size of the output)."""


class _Timeout(BaseException):
    """Raised in the rendering thread when its time is up (a BaseException: no `except
    Exception` inside Jinja2 or a filter swallows it); turned into TemplateLimit."""


_OPS = {"*": operator.mul, "**": operator.pow, "%": operator.mod, "+": operator.add}
_BIG_WIDTH = re.compile(r"\d{8,}")  # a width or precision of 10^7 or more in a format string


def _size(value: Any) -> int:
    """Characters of a string, items of a container, decimal digits (about) of an int; else 0."""
    if isinstance(value, bool):
        return 0
    if isinstance(value, int):
        return value.bit_length() * 30103 // 100000 + 1
    try:
        return len(value)
    except TypeError:
        return 0


def _too_big(what: str, size: float) -> TemplateLimit:
    return TemplateLimit(f"{what} would make a value of {size:,.0f} characters or items "
                         f"(limit {MAX_VALUE_CHARS:,} per value)")


def _check(value: Any, what: str) -> Any:
    size = _size(value)
    if size > MAX_VALUE_CHARS:
        raise _too_big(what, size)
    return value


def _binop_size(op: str, left: Any, right: Any) -> float:
    """The size the operation would give, computed without performing it."""
    if op == "*":
        if isinstance(left, int) and not isinstance(right, int):
            left, right = right, left
        if isinstance(right, int) and not isinstance(right, bool) and not isinstance(left, (int, float)):
            return _size(left) * max(0, right)
        if isinstance(left, int) and isinstance(right, int):
            return _size(left) + _size(right)
        return 0
    if op == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            return left.bit_length() * right * 0.30103
        return 0
    if op == "+":
        return _size(left) + _size(right) if not isinstance(left, (int, float)) else 0
    if op == "%" and isinstance(left, str):  # printf-style: a width can be huge
        return MAX_VALUE_CHARS + 1 if _BIG_WIDTH.search(left) else 0
    return 0


class _BoundedCodeGenerator(CodeGenerator):
    """`a ~ b` (string concatenation) checked like the operators."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.concatenated(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The sandbox with size limits on operators, filters and string methods (see the module)."""

    intercepted_binops = frozenset(_OPS)
    code_generator_class = _BoundedCodeGenerator

    def __init__(self, **options):
        super().__init__(**options)
        for name, guard in _FILTER_GUARDS.items():
            if name in self.filters:
                self.filters[name] = guard(self.filters[name])

    def call_binop(self, context, operator_name: str, left: Any, right: Any) -> Any:
        size = _binop_size(operator_name, left, right)
        if size > MAX_VALUE_CHARS:
            raise _too_big(f"'{operator_name}'", size)
        return _check(_OPS[operator_name](left, right), f"'{operator_name}'")

    def concatenated(self, value: Any) -> Any:
        return _check(value, "'~'")

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's signature
        _guard_method(__obj, args, kwargs)
        return _check(super().call(__context, __obj, *args, **kwargs), "a call")


_WIDTH_METHODS = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs"})


def _guard_method(obj: Any, args: tuple, kwargs: dict) -> None:
    """Refuses a string method call whose result would be too big, before it runs."""
    owner = getattr(obj, "__self__", None)
    name = getattr(obj, "__name__", "")
    if not isinstance(owner, str):
        return
    if name in _WIDTH_METHODS:
        width = max([a for a in (*args, *kwargs.values()) if isinstance(a, int)] or [0])
        factor = len(owner) if name == "expandtabs" else 1
        if width * max(1, factor) > MAX_VALUE_CHARS:
            raise _too_big(f"str.{name}", width * max(1, factor))
    elif name == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])
    elif name == "join" and args:
        _check_join(args[0], len(owner))
    elif name in ("format", "format_map") and _BIG_WIDTH.search(owner):
        raise _too_big(f"str.{name}", MAX_VALUE_CHARS + 1)


def _check_replace(text: Any, old: Any, new: Any) -> None:
    text, old, new = str(text), str(old), str(new)
    count = len(text) + 1 if not old else text.count(old)
    size = len(text) + count * (len(new) - len(old))
    if size > MAX_VALUE_CHARS:
        raise _too_big("replace", size)


def _check_join(items: Any, separator: int) -> None:
    total = 0
    for item in items if _size(items) <= MAX_VALUE_CHARS else ():
        total += len(str(item)) + separator
        if total > MAX_VALUE_CHARS:
            raise _too_big("join", total)
    if _size(items) > MAX_VALUE_CHARS:
        raise _too_big("join", _size(items))


def _guard_width(position: int):
    def guard(f):
        def bounded(value, *args, **kwargs):
            width = args[position] if len(args) > position else next(
                (v for v in kwargs.values() if isinstance(v, int) and not isinstance(v, bool)), 0)
            if isinstance(width, int) and _size(str(value)) + width * (str(value).count("\n") + 1) > MAX_VALUE_CHARS:
                raise _too_big(f.__name__.removeprefix("do_"), width)
            return _check(f(value, *args, **kwargs), f.__name__)
        return _copy_marks(f, bounded)
    return guard


def _guard_replace(f):
    def bounded(*args, **kwargs):
        # do_replace(eval_ctx, s, old, new, count=None): pass_eval_context puts the context first
        _check_replace(*args[1:4]) if len(args) >= 4 else None
        return _check(f(*args, **kwargs), "replace")
    return _copy_marks(f, bounded)


def _guard_join(f):
    def bounded(*args, **kwargs):
        items = args[1] if len(args) > 1 else ()
        separator = args[2] if len(args) > 2 else kwargs.get("d", "")
        if not isinstance(items, (str, bytes)) and hasattr(items, "__len__"):
            _check_join(items, len(str(separator)))
        return _check(f(*args, **kwargs), "join")
    return _copy_marks(f, bounded)


def _guard_sum(f):
    def bounded(*args, **kwargs):
        items = args[1] if len(args) > 1 else ()
        if hasattr(items, "__len__") and not isinstance(items, (str, bytes)):
            total = sum(_size(x) for x in items if not isinstance(x, (int, float)))
            if total > MAX_VALUE_CHARS:
                raise _too_big("sum", total)
        return _check(f(*args, **kwargs), "sum")
    return _copy_marks(f, bounded)


def _guard_format(f):
    def bounded(value, *args, **kwargs):
        if _BIG_WIDTH.search(str(value)):
            raise _too_big("format", MAX_VALUE_CHARS + 1)
        return _check(f(value, *args, **kwargs), "format")
    return _copy_marks(f, bounded)


def _copy_marks(f, bounded):
    """Keeps Jinja2's pass_context / pass_eval_context mark (it decides the arguments)."""
    if hasattr(f, "jinja_pass_arg"):
        bounded.jinja_pass_arg = f.jinja_pass_arg
    bounded.__name__ = getattr(f, "__name__", "filter")
    return bounded


_FILTER_GUARDS = {"center": _guard_width(0), "indent": _guard_width(0), "replace": _guard_replace,
                  "join": _guard_join, "sum": _guard_sum, "format": _guard_format}


def render_bounded(template, context: dict) -> str:
    """The template rendered within RENDER_SECONDS and MAX_OUTPUT_CHARS; TemplateLimit otherwise."""
    parts: list[str] = []
    total = 0
    with _time_budget(RENDER_SECONDS):
        for chunk in template.generate(**context):
            total += len(chunk)
            if total > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"the output is over {MAX_OUTPUT_CHARS:,} characters")
            parts.append(chunk)
    return "".join(parts)


@contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Interrupts this thread with _Timeout (raised as TemplateLimit) when the block runs longer than
    `seconds`. The interrupt is an asynchronous exception (CPython's PyThreadState_SetAsyncExc):
    delivered between two Python steps of this thread, never after the block ends."""
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}
    started = time.monotonic()

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(_Timeout))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    except _Timeout:  # (its traceback kept: it says which template line was running)
        raise TemplateLimit(f"rendering took longer than {seconds:g} s (stopped after "
                            f"{time.monotonic() - started:.1f} s)").with_traceback(sys.exc_info()[2]) from None
    finally:
        while True:
            try:
                timer.cancel()
                with lock:
                    state["done"] = True
                    if state["fired"]:  # fired as the block ended: take back an interrupt not yet delivered
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), None)
                break
            except _Timeout:  # delivered here, just before it could be taken back: done with it
                continue
