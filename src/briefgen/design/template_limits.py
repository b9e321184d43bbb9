"""What a template's render may use: the limits, and the most characters an operation would
make, worked out before it runs (the render's budget is kept by `briefgen.design.sandbox`).

Sizes are counted as a value prints: a list holding one long string many times is light in
memory but heavy here, as printing it (or joining it, or formatting it) makes it whole. Only the
operations that can make far more than they are given are sized before they run (padding,
joining, replacing, formatting, repeating, large numbers); everything is checked after.
"""

from __future__ import annotations

import re
import string

from jinja2.sandbox import SecurityError
from jinja2.utils import Namespace
from markupsafe import Markup

MAX_VALUE = 2_000_000  # characters in any one value a template makes (a list: as it prints)
MAX_OUTPUT = 2_000_000  # characters a render writes
MAX_MADE = 20_000_000  # characters made in all by one render, values and written text
MAX_STEPS = 200_000  # loop steps and calls in one render
MAX_SECONDS = 3.0  # how long one render may run
# One brief renders its template again after each drop the fit stage makes (at most 3 renders
# on the repository's facts files). The built-in template writes at most about 1,400,000
# characters over all the renders of a 1 MiB facts file, in a few hundredths of a second.
MAX_BUILD_OUTPUT = 4_000_000  # characters all the renders of one brief write
MAX_BUILD_SECONDS = 5.0  # how long all the renders of one brief may run
MAX_TEMPLATE_DEPTH = 10  # templates rendering inside one another (extends, include, import)
MAX_COUNT = 100_000  # a count a filter makes that many things of (batch, slice), as range()
MAX_PROSE = 100_000  # characters a filter that goes word by word in Python is given (urlize...)
MAX_INDENT = 16  # tojson's indent: it is repeated once for each level of nesting on every line
MAX_EXPONENT = 64
MAX_INT_BITS = 100_000  # about 30,000 digits
ESCAPED = 6  # the most characters escaping makes of one ('"' -> '&#34;')


class LimitError(SecurityError):
    """A template went over one of the limits above."""


_VIEWS = (type({}.keys()), type({}.values()), type({}.items()))


def weight(value: object, limit: int = MAX_VALUE) -> int:
    """About how many characters `value` prints as (a string: exactly its length), counted
    until it passes `limit`. A list holding one long string many times is light in memory and
    heavy here, as it is printed."""
    if isinstance(value, str):
        return len(value)
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item) + 2  # quoted, inside a list or dict
        elif isinstance(item, bool) or item is None or isinstance(item, float):
            total += 24
        elif isinstance(item, int):
            total += item.bit_length() * 3 // 10 + 2
        elif isinstance(item, (bytes, bytearray)):
            total += 4 * len(item) + 3
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            if total <= limit:
                stack.extend(item.keys())
                stack.extend(item.values())
        elif isinstance(item, (list, tuple, set, frozenset, *_VIEWS)):
            total += 2 + 2 * len(item)
            if total <= limit:
                stack.extend(item)
        elif isinstance(item, Namespace):  # prints its attributes (a private name of Jinja2's)
            stack.append(object.__getattribute__(item, "_Namespace__attrs"))
        else:  # a macro, a loop, a generator, range(...): printed as a short description
            total += 64
        if total > limit:
            return total
    return total


def refuse_over(chars: int, what: str = "makes a value") -> None:
    """Refuse an operation that would make (or write) more than a value may hold."""
    if chars > MAX_VALUE:
        raise LimitError(f"{what} of more than {MAX_VALUE:,} characters")


# ---- the most one operation would make, before it runs ----------------------------------------


_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d*)(?:\.(\*|\d*))?[hlL]?.", re.S)
_NUMBER = re.compile(r"\d+")


def _number(text: str) -> int:
    """A width or precision written in a format (one too long to read is too large)."""
    return int(text) if len(text) <= 9 else MAX_VALUE + 1


def _args_of(values: object) -> list[object]:
    """The values `%` formats: a tuple's items, a mapping's values, or the one value."""
    if isinstance(values, dict):
        return list(values.values())
    return list(values) if isinstance(values, tuple) else [values]


def percent_size(form: str, values: object) -> int:
    """The most `form % values` can make: each conversion may print the largest value (escaped,
    if `form` is markup), padded to its width, plus its precision."""
    items = _args_of(values)
    largest = max((weight(v) for v in items), default=0) * escaping(form)
    stars = sum(min(abs(v), MAX_VALUE + 1) for v in items if isinstance(v, int))
    total = len(form)
    for match in _PERCENT.finditer(form):
        width, precision = (stars if f == "*" else _number(f) if f else 0 for f in match.groups())
        total += max(width, largest) + precision - len(match.group())
        if total > MAX_VALUE:
            break
    return total


def escaping(*parts: object) -> int:
    """How many times longer text can grow when it meets markup (plain text joined to markup,
    or formatted into it, is escaped): ESCAPED if any part is markup."""
    return ESCAPED if any(isinstance(part, Markup) for part in parts) else 1


def format_size(form: str, args: tuple, kwargs: dict) -> int:
    """The most `form.format(*args, **kwargs)` can make: each field may print the largest value,
    escaped, padded by every number in its format spec (or, for a nested spec, by any number
    given)."""
    items = [*args, *kwargs.values()]
    largest = max((weight(v) for v in items), default=0) * escaping(form)
    numbers = sum(min(abs(v), MAX_VALUE + 1) for v in items if isinstance(v, int))
    total = len(form)
    for _, field, spec, _ in string.Formatter().parse(form):
        if field is None:
            continue
        total += largest + sum(_number(n) for n in _NUMBER.findall(spec or ""))
        total += numbers if spec and "{" in spec else 0
        if total > MAX_VALUE:
            break
    return total


def _replaced_size(text: object, old: object, new: object, count: object = -1) -> int:
    """Replacing puts `new` (escaped, perhaps) at each place `old` is found, up to `count`
    places; an empty `old` is found between every two characters."""
    text, old = str(text), str(old)
    times = text.count(old) if old else len(text) + 1
    if isinstance(count, int) and 0 <= count < times:
        times = count
    return len(text) + times * weight(new) * ESCAPED


def _wrap_size(text: object, wrapstring: object = None) -> int:
    """Wrapping may break after any character, adding `wrapstring` each time."""
    text = str(text)
    return len(text) + (len(text) + 1) * weight("\n" if wrapstring is None else wrapstring)


def _indent_size(text: object, width: object = 4, *_: object, **__: object) -> int:
    """Indenting puts `width` spaces (or `width` itself, a string) before every line."""
    text = str(text)
    prefix = width if isinstance(width, int) else weight(width)
    return len(text) + (text.count("\n") + 1) * prefix


def _width(_value: object, width: object = 80, *_: object, **__: object) -> int:
    """Centring pads to `width`."""
    return width if isinstance(width, int) else 0


def _count(what: str):
    """A check that a filter's count (of batches, slices) is at most MAX_COUNT."""
    def check(_value: object, count: object = 1, *_: object, **__: object) -> int:
        if isinstance(count, int) and count > MAX_COUNT:
            raise LimitError(f"makes {what} of more than {MAX_COUNT:,}")
        return 0
    return check


def _prose(name: str, size=None):
    """A filter that goes through its text word by word in Python (seconds, and hundreds of MB,
    for a value of the largest size): given at most MAX_PROSE characters."""
    def check(value: object, *args: object, **kwargs: object) -> int:
        if weight(value) > MAX_PROSE:
            raise LimitError(f"gives {name} more than {MAX_PROSE:,} characters")
        return size(value, *args, **kwargs) if size is not None else 0
    return check


def _json_size(value: object, indent: object = None) -> int:
    """JSON prints about what the value prints as; its indent is refused beyond MAX_INDENT
    characters, as it is repeated for each level of nesting on every line."""
    width = indent if isinstance(indent, int) else len(indent) if isinstance(indent, str) else 0
    if width > MAX_INDENT:
        raise LimitError(f"indents JSON by more than {MAX_INDENT} characters")
    return weight(value)


def _join_size(value: object, d: object = "", attribute: object = None) -> int:
    """Joining prints every item, and the separator (escaped, perhaps) between each two."""
    return weight(value) + len(value) * weight(d) * ESCAPED  # type: ignore[arg-type]


def _sum_size(iterable: object, attribute: object = None, start: object = 0) -> int:
    """Adding up lists or strings copies what was added so far at every step."""
    if isinstance(start, (int, float)):
        return 0
    return len(iterable) * weight(iterable)  # type: ignore[arg-type]


# The filters that can make far more than they are given, and the most each would make (their
# arguments as the filter takes them, less the context Jinja2 passes first). Every other filter
# makes about what it is given, and is checked after it runs.
FILTER_SIZES = {
    "center": _width,
    "indent": _indent_size,
    "wordwrap": _prose("wordwrap", lambda s, width=79, break_long_words=True, wrapstring=None,
                       *a, **k: _wrap_size(s, wrapstring)),
    "urlize": _prose("urlize"),
    "title": _prose("title"),
    "wordcount": _prose("wordcount"),
    "join": _join_size,
    "tojson": _json_size,
    "format": lambda value, *args, **kwargs: percent_size(str(value), kwargs or args),
    "replace": lambda s, old, new, count=None: _replaced_size(s, old, new, count),
    "batch": _count("a batch"),
    "slice": _count("slices"),
    "sum": _sum_size,
}
READ_ONCE = {"join", "sum"}  # filters given a generator read it into a list first, to size it


_STR_METHOD_SIZES = {
    "center": lambda s, width=0, *a: width, "ljust": lambda s, width=0, *a: width,
    "rjust": lambda s, width=0, *a: width, "zfill": lambda s, width=0: width,
    "expandtabs": lambda s, tabsize=8: len(s) + tabsize * s.count(
        "\t" if isinstance(s, str) else b"\t"),
    "replace": lambda s, old, new, count=-1: _replaced_size(s, old, new, count),
    "translate": lambda s, table, *a: len(s) * weight(table),
    "join": lambda s, items: weight(items) + len(items) * len(s) * ESCAPED,
}


def call_size(function: object, args: tuple, kwargs: dict) -> tuple[tuple, int]:
    """The arguments to call `function` with (a generator read into a list, to size it) and
    the most the call can make, for the calls that can make far more than they are given."""
    kwargs = {k: v for k, v in kwargs.items() if k not in ("_loop_vars", "_block_vars")}
    owner = getattr(function, "__self__", None)
    name = getattr(function, "__name__", "")
    wrapped = getattr(function, "__wrapped__", None)  # the sandbox's str.format and format_map
    if wrapped is not None and isinstance(getattr(wrapped, "__self__", None), str):
        if wrapped.__name__ == "format_map":
            return args, format_size(wrapped.__self__, (), args[0] if args else {})
        return args, format_size(wrapped.__self__, args, kwargs)
    if isinstance(owner, (str, bytes)):  # str's own methods, and markup's that wrap them
        size = _STR_METHOD_SIZES.get(name)
        if size is None:
            return args, 0
        if name == "join" and args and not hasattr(args[0], "__len__"):
            args = (list(args[0]), *args[1:])
        return args, size(owner, *args, **kwargs)
    if isinstance(owner, int) and name == "to_bytes":
        length = args[0] if args else kwargs.get("length", 1)
        return args, length if isinstance(length, int) else 0
    return args, 0


def binop_size(operator: str, left: object, right: object) -> int:
    """The most `left operator right` can make; an error for numbers too large to compute."""
    sequences = (str, bytes, list, tuple)
    if operator == "+" and isinstance(left, sequences) and isinstance(right, sequences):
        return (weight(left) + weight(right)) * escaping(left, right)
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, sequences) and isinstance(count, int):
                return weight(seq) * count
        if isinstance(left, int) and isinstance(right, int):
            _check_bits(left.bit_length() + right.bit_length())
    if operator == "**" and isinstance(right, (int, float)):
        if abs(right) > MAX_EXPONENT:
            raise LimitError(f"exponent {right} is too large for a template")
        if isinstance(left, int):
            _check_bits(left.bit_length() * int(abs(right)))
    if operator == "%" and isinstance(left, (str, bytes)):
        return percent_size(left if isinstance(left, str) else left.decode("latin-1"), right)
    return 0


def _check_bits(bits: int) -> None:
    """Refuse a number too long to compute with quickly (or to print: Python prints at most
    4,300 digits)."""
    if bits > MAX_INT_BITS:
        raise LimitError(f"makes a number of more than {MAX_INT_BITS:,} bits")
