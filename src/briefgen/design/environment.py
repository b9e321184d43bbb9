"""Templates: where they are found, and the sandboxed Jinja2 environment that renders them.

In: a template folder of the user's (or none) in front of the built-in one, and a context of
plain data. Out: markup text for `markup.parse`. Autoescape is always on, so fact text reaches the
markup as characters, never as elements; undefined variables are errors, never blanks; templates
render in Jinja2's immutable sandbox, bounded in what they make and how long they run
(`briefgen.design.sandbox`), and can read no file outside their folders (a symlink that leads outside
is refused). A user template reaches the built-in one as `builtin/brief.xml.j2`.
Compiled templates are kept in the user's cache folder (`briefgen.disk_cache`), so a fresh
process does not compile the template again; `briefgen.caches.Caches(disk=False)` keeps none.
"""

from __future__ import annotations

import io
import os
import pickle
import re
from pathlib import Path

import jinja2
import jinja2.runtime
from jinja2.sandbox import SecurityError

from briefgen import disk_cache as cache
from briefgen.caches import current
from briefgen.design import render_budget, sandbox, template_source
from briefgen.design.template_source import MAX_FILE_BYTES
from briefgen.errors import Problem, TemplateError
from briefgen.input.files import read_text, reason


def _builtin_root() -> Path:
    """The built-in templates, themes and audiences: inside the installed package (a wheel ships
    the project's `templates/` as `briefgen/templates`), else the top-level `templates/` of the
    source checkout this package runs from."""
    package = Path(__file__).resolve().parents[1]
    shipped = package / "templates"
    return shipped if shipped.is_dir() else package.parents[1] / "templates"


BUILTIN_DIR = _builtin_root() / "default"
BUILTIN_PREFIX = "builtin"
TEMPLATE_FILE = "brief.xml.j2"
THEME_FILE = "theme.yaml"
_ELEMENT = re.compile(r"<\s*/?\s*([A-Za-z_][\w.:-]*)")


def _inside(path: str | os.PathLike[str], folders: list) -> bool:
    """Does `path` really lie inside one of the folders (symlinks resolved)?"""
    real = Path(os.path.realpath(path))
    return any(real.is_relative_to(os.path.realpath(folder)) for folder in folders)


def confined(path: Path, folders: list[Path]) -> Path:
    """`path` itself if it really lies inside one of the folders (symlinks resolved)."""
    if _inside(path, folders):
        return path
    raise TemplateError([Problem(str(path), "leads outside its template folder (a symlink?); "
                                            "refused")])


class ConfinedLoader(jinja2.FileSystemLoader):
    """A file loader that refuses any file whose real path lies outside its folder, and reads
    only a regular file of at most `MAX_FILE_BYTES` bytes (`files.read_text`)."""

    def get_source(self, environment: jinja2.Environment, template: str):
        pieces = jinja2.loaders.split_template_path(template)
        for folder in self.searchpath:
            filename = os.path.join(folder, *pieces)
            if os.path.lexists(filename) and not os.path.isdir(filename):
                break
        else:
            raise jinja2.TemplateNotFound(template)
        if not _inside(filename, self.searchpath):
            raise SecurityError(f"template {template!r} leads outside the template folder")
        try:
            source = read_text(filename, MAX_FILE_BYTES)
        except (OSError, UnicodeDecodeError) as exc:
            raise SecurityError(f"template {template!r} cannot be read: {reason(exc)}") from None
        mtime = os.path.getmtime(filename)
        return source, os.path.normpath(filename), lambda: _unchanged(filename, mtime)


def _unchanged(filename: str, mtime: float) -> bool:
    try:
        return os.path.getmtime(filename) == mtime
    except OSError:
        return False


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """Jinja2's compiled templates, kept in the user's cache folder through
    `briefgen.disk_cache`, which reads an entry only from a file and folders no other user
    could have written, through the very descriptor it checked (an entry is code: loading it
    runs it). An entry that cannot be read or is damaged is compiled again; one that cannot be
    written is not kept."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"__jinja2_{bucket.key}.cache"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = cache.read(self._path(bucket))
        if data is None:
            return
        try:
            bucket.load_bytecode(io.BytesIO(data))
        except (ValueError, EOFError, TypeError, pickle.UnpicklingError):  # cut short, damaged
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        out = io.BytesIO()
        bucket.write_bytecode(out)
        cache.write(self._path(bucket), out.getvalue())


OPTIONS = {"autoescape": True, "undefined": jinja2.StrictUndefined, "trim_blocks": True,
           "lstrip_blocks": True}


def bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates in the user's cache folder (`briefgen.disk_cache`), unless the
    caches in use keep nothing on disk (`briefgen.caches`). Jinja2 keys each entry by the
    template's name and path and checks it against the source, so an edited template is
    compiled again; the folder is named after what else the compiled code depends on (Jinja2's
    version, the sandbox's rewriting of templates, the checks a template passed before it was
    compiled, the environment's options)."""
    where = current().disk_folder(
        "templates", jinja2.__version__, Path(sandbox.__file__).read_bytes(),
        Path(template_source.__file__).read_bytes(),
        repr(sorted((k, getattr(v, "__name__", v)) for k, v in OPTIONS.items())))
    return CheckedBytecodeCache(where) if where is not None else None


def environment(user_folder: Path | None = None) -> jinja2.Environment:
    """A sandboxed environment: the user's folder first (if any), then the built-in one."""
    loaders: list[jinja2.BaseLoader] = []
    if user_folder is not None:
        loaders.append(ConfinedLoader(str(user_folder)))
    loaders.append(jinja2.PrefixLoader({BUILTIN_PREFIX: ConfinedLoader(str(BUILTIN_DIR))}))
    loaders.append(ConfinedLoader(str(BUILTIN_DIR)))
    return sandbox.BriefEnvironment(loader=jinja2.ChoiceLoader(loaders),
                            bytecode_cache=bytecode_cache(), **OPTIONS)


def _syntax_problem(exc: jinja2.TemplateSyntaxError, file: str) -> Problem:
    """A Jinja syntax error as a problem at its template file (`file` if Jinja knows none) and
    line."""
    return Problem(exc.filename or file, exc.message or "syntax error", line=exc.lineno,
                   field="template")


def render(env: jinja2.Environment, name: str, context: dict[str, object]) -> str:
    """Render template `name`; any Jinja error becomes a TemplateError with file and line."""
    try:
        return render_budget.render(env.get_template(name), context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError([_syntax_problem(exc, name)]) from None
    except jinja2.TemplateNotFound as exc:  # an include or extends names it: say where
        file, line = _location(exc, name)
        raise TemplateError([Problem(file, f"template not found: {exc.name}", line=line,
                                     field="template")]) from None
    except jinja2.TemplateError as exc:
        file, line = _location(exc, name)
        kind = "sandbox: " if isinstance(exc, SecurityError) else ""
        raise TemplateError([Problem(file, f"{kind}{exc}", line=line, field="template")]) \
            from None
    except Exception as exc:  # raised by the template's own code: 1/0, the sandbox's range cap
        file, line = _location(exc, name)
        if line is None:  # not from a template line: a bug of ours, not the template's
            raise
        kind = "sandbox: " if isinstance(exc, OverflowError) else ""
        raise TemplateError([Problem(file, f"{kind}{type(exc).__name__}: {exc}", line=line,
                                     field="template")]) from None


def _location(exc: BaseException, name: str) -> tuple[str, int | None]:
    """The template file and line a rendering error came from, read off its traceback (Jinja
    rewrites template frames to point at template lines)."""
    found: tuple[str, int | None] = (name, None)
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2") or "__jinja_exception__" in tb.tb_frame.f_globals:
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


Token = tuple[int, str, str]  # (line, kind, value), as Jinja2's lexer gives them


def check_elements(paths: list[Path], folder: Path,
                   known: set[str]) -> tuple[tuple[Path, tuple[Token, ...]], ...]:
    """Refuse a template file that writes a markup element outside the vocabulary, naming its
    file and line (found before rendering, so the line is the template's own). Returns each
    file with its tokens, for the other checks of its text."""
    env = jinja2.Environment(**OPTIONS)  # lexed as the compiler lexes, tokens counted alike
    problems = []
    lexed = []
    for path in paths:
        confined(path, [folder])
        try:
            tokens = tuple(template_source.tokens(env, read_text(path, MAX_FILE_BYTES), None,
                                                  str(path)))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(str(path), f"cannot read the template: {reason(exc)}"))
            continue
        except jinja2.TemplateSyntaxError as exc:
            problems.append(_syntax_problem(exc, str(path)))
            continue
        lexed.append((path, tokens))
        for line, kind, value in tokens:
            if kind != "data":
                continue
            for match in _ELEMENT.finditer(value):
                if match.group(1) not in known:
                    at = line + value.count("\n", 0, match.start())
                    problem = Problem(str(path), f"unknown markup element <{match.group(1)}> "
                                      f"(known: {', '.join(sorted(known))})", line=at,
                                      field="template")
                    if problem not in problems:  # <x> and </x> on one line: say it once
                        problems.append(problem)
    if problems:
        raise TemplateError(problems)
    return tuple(lexed)


def _extends(template: jinja2.Template) -> bool:
    """Whether a compiled template has an `{% extends %}` tag: Jinja2 (below 3.2, pinned by
    tests/test_template_bounds.py) gives the root render function of such a template, and of no
    other, a local `parent_template`. Seeing it spares parsing the source again."""
    import inspect

    return "parent_template" in inspect.unwrap(template.root_render_func).__code__.co_varnames


def template_blocks(env: jinja2.Environment, name: str) -> set[str]:
    """The names of the blocks a template defines, itself and through what it extends."""
    from jinja2 import nodes

    blocks: set[str] = set()
    seen: set[str] = set()
    current: str | None = name
    where: tuple[str, int | None] = (name, None)  # the file and line that named `current`
    while current is not None and current not in seen:
        seen.add(current)
        try:
            template = env.get_template(current)  # compiled (or loaded from the cache)
            blocks |= set(template.blocks)
            filename = template.filename
            source, _, _ = env.loader.get_source(env, current)  # type: ignore[union-attr]
            # only a template that extends another is parsed, to find which one it extends
            tree = env.parse(source, current, filename) if _extends(template) else None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError([_syntax_problem(exc, current)]) from None
        except jinja2.TemplateNotFound:
            raise TemplateError([Problem(where[0], f"template not found: {current}",
                                         line=where[1], field="template")]) from None
        except jinja2.TemplateError as exc:
            raise TemplateError([Problem(where[0], f"{current}: {exc}", line=where[1],
                                         field="template")]) from None
        parent = next(tree.find_all(nodes.Extends), None) if tree is not None else None
        current = parent.template.value if parent is not None and isinstance(
            parent.template, nodes.Const) else None
        where = (filename or current or name, parent.lineno if parent is not None else None)
    if current is not None:  # back to a template already in the chain: it would never end
        raise TemplateError([Problem(where[0], f"extends {current}, which leads back here: "
                                     "templates that extend one another in a loop never end",
                                     line=where[1], field="template")])
    return blocks


def describe(path: Path) -> str:
    """A template's one-line description: its first line, a Jinja comment."""
    try:
        first = read_text(path).splitlines()[0]
    except (OSError, UnicodeDecodeError, IndexError):
        return ""
    return first.strip("{#-} ") if first.lstrip().startswith("{#") else ""
