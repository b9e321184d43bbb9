"""The edge (command line, worker processes, atomic output) is the last stage: no module outside
`edge/` imports it, so a writer or the design stage cannot reach it. The user's cache folder is
the caches' (`briefgen/disk_cache.py`), not the edge's."""

from __future__ import annotations

import ast
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "briefgen"
ENTRY = SOURCE / "__main__.py"  # `python -m briefgen`: runs the command line, as the script does


def _imported(path: Path) -> set[str]:
    """Every module a file imports, by its full name (`from briefgen import edge` included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_no_module_outside_the_edge_imports_it():
    found = [f"{path.relative_to(SOURCE)}: {name}"
             for path in sorted(SOURCE.rglob("*.py"))
             if path.parent != SOURCE / "edge" and path != ENTRY
             for name in sorted(_imported(path))
             if name == "briefgen.edge" or name.startswith("briefgen.edge.")]
    assert not found, found


def test_the_disk_cache_sits_beside_the_caches():
    assert (SOURCE / "disk_cache.py").is_file() and (SOURCE / "caches.py").is_file()
    assert not (SOURCE / "edge" / "disk_cache.py").exists()


def test_the_html_writer_imports_neither_reportlab_nor_python_docx():
    """`-f html` alone needs neither drawing library: its modules name neither (the laid-out
    brief's table geometry it reads measures nothing either: tests/test_writer_html.py)."""
    found = [f"{path.name}: {name}" for path in sorted((SOURCE / "writers").glob("html*.py"))
             for name in sorted(_imported(path))
             if name.split(".")[0] in ("reportlab", "docx") or name in (
                 "briefgen.writers.pdf", "briefgen.writers.docx", "briefgen.layout.measure")]
    assert not found, found
    assert len(list((SOURCE / "writers").glob("html*.py"))) == 5
