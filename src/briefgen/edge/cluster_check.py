"""`--cluster`'s version check: what briefgen and its libraries are on each worker, asked before
any brief is sent, so a worker of another briefgen (or none) is one line naming the versions.

A brief's task names briefgen's own code: a worker whose briefgen is older cannot even read it
(its worker process dies, or the task waits for a worker that can). So the check is built from
the standard library and Dask alone: this module's source text (it imports nothing of
briefgen's, nor anything outside the standard library) is sent as a string, and Python's own
`eval` runs it on each worker (`client.run`). Any worker that runs Dask runs it, whatever its
briefgen and Python; it answers with its `fingerprint`, or None if briefgen is not there.
"""

from __future__ import annotations

import hashlib
from importlib import metadata, util
from pathlib import Path

# what makes the bytes of a brief: briefgen and the libraries that write them
LIBRARIES = ("briefgen", "reportlab", "rl_accel", "python-docx", "Jinja2", "PyYAML", "pillow",
             "pypdfium2", "Babel")
CHECK_SECONDS = 30  # for every worker to answer the check
FIX = "install the same briefgen and libraries on every worker"


def fingerprint(libraries: tuple[str, ...] = LIBRARIES) -> tuple[tuple[str, str], ...] | None:
    """The versions of briefgen and of the libraries that write its bytes, and a digest of
    briefgen's code and data (an edited checkout keeps its version number): its modules and data
    files, and the built-in templates wherever they are installed. None: briefgen is not
    installed (not importable as a package)."""
    spec = util.find_spec("briefgen")
    if spec is None or spec.origin is None:
        return None
    versions = []
    for name in libraries:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, "none"))
    root = Path(spec.origin).parent
    package = Path(spec.origin).resolve().parent  # as briefgen.design.environment finds them
    shipped = package / "templates"
    builtin = (shipped if shipped.is_dir() else package.parents[1] / "templates") / "default"
    digest = hashlib.sha256()
    code = [("code", root, p) for p in sorted(root.rglob("*"))
            if p.suffix in (".py", ".json") and not p.is_relative_to(builtin)]
    data = [("templates", builtin, p) for p in sorted(builtin.rglob("*"))]
    for kind, base, path in code + data:
        if path.is_file() and "__pycache__" not in path.parts:
            name = f"{kind}/{path.relative_to(base).as_posix()}"
            digest.update(f"{name}\0".encode("utf-8", "surrogateescape") + path.read_bytes())
    return (*versions, ("briefgen files", digest.hexdigest()[:16]))


def kept(libraries: tuple[str, ...], name: str) -> tuple[tuple[str, str], ...] | None:
    """On a worker: its `fingerprint`, kept in a module of its own named `name` (some 60 ms
    each batch otherwise, mostly reading the libraries' metadata) once briefgen is imported in
    that worker process: from then on its briefgen is the one it runs, as briefgen's own check
    of each brief finds it once. Before, the answer is found again each time: what is on the
    disk may change (another briefgen installed), and it is what the worker would import."""
    import sys
    import types

    module = sys.modules.get(name)
    if module is not None:
        return module.fingerprint
    answer = fingerprint(libraries)
    if "briefgen" in sys.modules:
        module = types.ModuleType(name, "briefgen's version check: this worker's answer")
        module.fingerprint = answer
        sys.modules[name] = module
    return answer


def answer(libraries: tuple[str, ...], name: str) -> tuple[object, bool]:
    """On a worker: what it answers the check, its fingerprint (`kept`), and whether briefgen
    is imported in that worker process (then only a restart makes it run another)."""
    import sys

    return kept(libraries, name), "briefgen" in sys.modules


def check_workers(client, mine: tuple[tuple[str, str], ...]) -> str | None:
    """Why the cluster's workers cannot build this briefgen's briefs (one line), or None: each
    worker's fingerprint, got by running this module's source there, is `mine`."""
    source = _source()
    kept = "_briefgen_check_" + hashlib.sha256(source.encode("utf-8")).hexdigest()[:16]
    expression = (f"(lambda space: (exec({source!r}, space), "
                  f"space['answer'](space['LIBRARIES'], {kept!r}))[1])({{'__name__': 'check'}})")
    try:
        answers = client.run(eval, expression, on_error="return",
                             callback_timeout=CHECK_SECONDS)
    except Exception as exc:  # noqa: BLE001 - a scheduler that does not answer, a closed one
        return f"its workers did not answer briefgen's version check ({_line(exc)})"
    wrong = {}
    for where, said in sorted(answers.items()):
        theirs, imported = said if _answered(said) else (said, False)
        if theirs != mine:
            wrong[where] = theirs, imported
    if not wrong:
        return None
    where, (theirs, imported) = next(iter(wrong.items()))
    more = f" (and {len(wrong) - 1} more)" if len(wrong) > 1 else ""
    fix = f"{FIX}, and restart the workers that have built briefs" if imported else FIX
    return f"the worker {where}{more} has {differences(theirs, mine)}: {fix}"


def _answered(said: object) -> bool:
    """Whether a worker's answer is what `answer` gives (not an error, nor another thing)."""
    return isinstance(said, tuple) and len(said) == 2 and isinstance(said[1], bool)


def differences(theirs: object, mine: tuple[tuple[str, str], ...]) -> str:
    """What a worker's fingerprint (or other answer) has that is not `mine`, as
    "NAME VERSION (here VERSION)" parts."""
    here = dict(mine)
    if theirs is None:
        return f"no briefgen (here {here['briefgen']})"
    if isinstance(theirs, BaseException):
        return f"not run briefgen's version check ({_line(theirs)})"
    if not (isinstance(theirs, tuple) and all(isinstance(x, tuple) and len(x) == 2 and
                                              all(isinstance(y, str) for y in x)
                                              for x in theirs)):
        return "answered briefgen's version check with something else"
    worker = dict(theirs)
    names = [name for name in dict.fromkeys([*here, *worker])
             if worker.get(name) != here.get(name)]
    if "briefgen" in names and "briefgen files" in names:
        names.remove("briefgen files")  # another version has other files, of course
    return ", ".join(f"{name} {worker.get(name, 'none')} (here {here.get(name, 'none')})"
                     for name in names)


def _line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}"[:300] if text else type(exc).__name__


def _source() -> str:
    """This module's text: what a worker runs."""
    return Path(__file__).read_text(encoding="utf-8")
