"""What a template file may hold before it is compiled: its size, its tokens, and how deeply its
statements and expressions nest; and which template files a folder may hold (`template_files`).

Jinja2 compiles a template into Python, and the cost grows with every token (990 KB of
`{{ title }}` took 9 s and 1 GB to compile). Its parser and compiler also go one Python call
deeper for each level of nesting, so 3,000 nested parentheses or a chain of 20,000 filters end in
Python's recursion limit, and 25 nested loops in Python's own limit on nested blocks. So every
template is checked here from its tokens (Jinja2's lexer reads them in a loop, never recursing)
before it is parsed. Over a limit is a syntax error at the template file and line. The built-in
template is about 5 KB and 1,700 tokens, nests its statements 5 deep and its expressions 4.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import jinja2

from briefgen.errors import Problem, TemplateError
from briefgen.input.files import reason

MAX_CHARS = 64 * 1024  # characters in one template file
MAX_TOKENS = 10_000  # tokens in one template file (a name, an operator, a run of text...)
MAX_STATEMENTS = 16  # statements nested in one another ({% for %} in {% if %} in {% block %})
MAX_EXPRESSION = 64  # brackets and operators nested in one another in one tag
MAX_FILE_BYTES = MAX_CHARS  # bytes of one template file, as read
MAX_FILES = 64  # template files (.j2) in a template folder, at any depth
MAX_FOLDER_BYTES = 512 * 1024  # all of them together
MAX_DEPTH = 8  # folders inside a template folder, one in another
MAX_ENTRIES = 5_000  # files and folders looked at to find them

# The statements that hold others until their {% end... %} (`set` only as `{% set x %}`).
_OPENS = frozenset({"for", "if", "macro", "call", "filter", "with", "block", "autoescape", "set",
                    "trans"})
# Words that join expressions as operators do: each makes the expression one level deeper.
_WORDS = frozenset({"and", "or", "not", "in", "is", "if", "else"})
_BEGIN = frozenset({"block_begin", "variable_begin"})
_END = frozenset({"block_end", "variable_end"})


def _fail(message: str, line: int, name: str | None, filename: str | None) -> None:
    raise jinja2.TemplateSyntaxError(message, line, name, filename)


def check(env: jinja2.Environment, source: str, name: str | None,
          filename: str | None) -> None:
    """Refuse a template that is too large, has too many tokens, or nests too deeply to compile
    (a `TemplateSyntaxError` at its file and line)."""
    if len(source) > MAX_CHARS:
        _fail(f"the template is {len(source):,} characters long; the limit is {MAX_CHARS:,}",
              1, name, filename)
    statements = 0
    tag: list[tuple[int, str, str]] = []
    for token in tokens(env, source, name, filename):
        kind = token[1]
        if kind in _BEGIN:
            tag = [token]
        elif kind in _END:
            statements += _nesting(tag, name, filename)
            if statements > MAX_STATEMENTS:
                _fail(f"statements nested more than {MAX_STATEMENTS} deep", tag[0][0], name,
                      filename)
            tag = []
        elif tag and kind != "whitespace":
            tag.append(token)


def tokens(env: jinja2.Environment, source: str, name: str | None,
           filename: str | None) -> Iterator[tuple[int, str, str]]:
    """The template's tokens as Jinja2's lexer reads them; more than MAX_TOKENS is a syntax
    error at the line where they run out (what compiling them would cost)."""
    for count, token in enumerate(env.lex(source, name, filename)):
        if count >= MAX_TOKENS:
            _fail(f"the template has more than {MAX_TOKENS:,} tokens (tags, names, operators, "
                  "runs of text); split it or simplify it", token[0], name, filename)
        yield token


def _nesting(tag: list[tuple[int, str, str]], name: str | None, filename: str | None) -> int:
    """Check how deeply one tag's expression nests; return how it changes the statement depth
    (+1 for a statement that holds others, -1 for its end, else 0)."""
    levels = [0]  # per open bracket: operators (and closed brackets) since its last comma
    for line, kind, value in tag[1:]:
        if kind == "operator" and value in "([{":
            levels.append(0)
        elif kind == "operator" and value in ")]}":  # what follows (`[0]`, `()`) goes deeper
            if len(levels) > 1:
                levels.pop()
            levels[-1] += 1
        elif kind == "operator" and value in ",:":
            levels[-1] = 0
        elif kind == "operator" or (kind == "name" and value in _WORDS):
            levels[-1] += 1
        else:
            continue
        if len(levels) + sum(levels) > MAX_EXPRESSION:
            _fail(f"an expression nested more than {MAX_EXPRESSION} deep (brackets, operators, "
                  "filters, attributes)", line, name, filename)
    if tag[0][1] != "block_begin" or len(tag) < 2 or tag[1][1] != "name":
        return 0
    word = tag[1][2]
    if word.startswith("end"):
        return -1
    if word == "set":  # `{% set x = 1 %}` holds nothing; `{% set x %}...{% endset %}` does
        return 0 if any(t[1] == "operator" and t[2] == "=" for t in tag) else 1
    return 1 if word in _OPENS else 0


def template_files(folder: Path) -> list[Path]:
    """Every template file (.j2) of a folder, at any depth, sorted; the walk is bounded (depth,
    entries looked at, files found, their bytes), so a folder cannot make the scan that checks
    them (`check_elements`) run for minutes or recurse without end: over a bound is an error at
    the folder where it was passed."""
    found: list[Path] = []
    total, seen = 0, 0
    stack: list[tuple[Path, int]] = [(folder, 0)]
    while stack:
        where, depth = stack.pop()

        def refuse(message: str, at: Path = where) -> TemplateError:
            return TemplateError([Problem(str(at), message, field="template")])

        try:
            with os.scandir(where) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            raise refuse(f"cannot list the folder: {reason(exc)}") from None
        seen += len(entries)
        if seen > MAX_ENTRIES:
            raise refuse(f"the template folder holds more than {MAX_ENTRIES:,} files and "
                         "folders; keep only templates, a theme, audiences and logos in it")
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if depth >= MAX_DEPTH:
                    raise refuse(f"folders nested more than {MAX_DEPTH} deep in the template "
                                 "folder", Path(entry.path))
                stack.append((Path(entry.path), depth + 1))
            elif entry.name.endswith(".j2"):
                found.append(Path(entry.path))
                size = entry.stat().st_size if entry.is_file() else 0
                if size > MAX_FILE_BYTES:  # as reading it would say
                    raise TemplateError([Problem(entry.path, "cannot read the template: the "
                                                 f"file is {size:,} bytes; the limit is "
                                                 f"{MAX_FILE_BYTES:,} bytes")])
                total += size
        if len(found) > MAX_FILES:
            raise refuse(f"the template folder holds more than {MAX_FILES} template files "
                         "(.j2)", folder)
        if total > MAX_FOLDER_BYTES:
            raise refuse(f"the template files (.j2) of the folder hold more than "
                         f"{MAX_FOLDER_BYTES:,} bytes in all", folder)
    return sorted(found)
