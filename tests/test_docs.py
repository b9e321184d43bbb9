"""docs/ and the README say what the code does, and only refer to what the repository holds: every
name a reader can use (facts keys, theme and audience keys, template variables, filters, markup)
is in the page for it, every module path and link they give exists, and nothing points outside
the project."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from briefgen.compose import markup, markup_tree
from briefgen.compose.context import build_context
from briefgen.design import audience as audiences
from briefgen.design.audience_file import FILE_KEYS
from briefgen.design.environment import BUILTIN_DIR, environment
from briefgen.design.theme import SETTINGS, Theme
from briefgen.input import facts as facts_module
from briefgen.input import schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md")), ROOT / "benchmarks" / "README.md"]
OUTSIDE = re.compile(r"shared/|\.\./shared|research note|research/|table 2\.\d|/work/",
                     re.IGNORECASE)


def text(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def named(page: str) -> set[str]:
    """The names a page shows as code: `name`, and each word of `a`, `b` lists in backticks."""
    return set(re.findall(r"`([^`\n]+)`", page))


def test_nothing_refers_to_files_outside_the_repository():
    files = PAGES + sorted((ROOT / "src").rglob("*.py")) + sorted(BUILTIN_DIR.rglob("*.*")) \
        + sorted((ROOT / "benchmarks").glob("*.py"))
    found = [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for path in files
             for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if OUTSIDE.search(line)]
    assert not found, "\n".join(found)


def test_every_module_path_quoted_exists():
    missing = [f"{page.name}: {path}" for page in PAGES
               for path in re.findall(r"src/briefgen/[\w/.]*\w", page.read_text("utf-8"))
               if not (ROOT / path).exists()]
    assert not missing, missing


def test_every_relative_link_leads_to_a_file():
    missing = []
    for page in PAGES:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text("utf-8")):
            if "://" in target:
                continue
            path = (page.parent / target).resolve()
            if not path.exists():
                missing.append(f"{page.relative_to(ROOT)}: {target}")
    assert not missing, missing


def test_the_facts_page_has_every_key_and_limit():
    page = text("facts.md")
    records = [schema.FACTS, schema.MEMO, schema.ITEM, schema.EVENT, schema.QUOTE,
               schema.FIGURE, schema.SOURCE, schema.SECTION]
    keys = {key for record in records for key in record}
    assert keys - named(page) == set()
    rows = {line.split("|")[1].split()[0]: line for line in page.splitlines()
            if line.startswith(("| item", "| event", "| quote", "| figure", "| source",
                                "| section"))}
    entries = {"item": schema.ITEM, "event": schema.EVENT, "quote": schema.QUOTE,
               "figure": schema.FIGURE, "source": schema.SOURCE, "section": schema.SECTION}
    for entry, record in entries.items():  # each entry's row: its keys, the required in bold
        for key, field in record.items():
            assert (f"**`{key}`**" in rows[entry]) == field.required, (entry, key)
            assert f"`{key}`" in rows[entry], (entry, key)
    assert f"{schema.MAX_TEXT:,} characters" in page
    assert f"over {schema.MAX_LIST} entries" in page


def test_the_template_page_has_every_variable_filter_test_and_global(tmp_path):
    page = text("templates.md")
    shown = named(page)
    path = tmp_path / "f.yaml"
    path.write_text("title: T\nsummary: S\n", encoding="utf-8")
    context = build_context(facts_module.load_facts(path), datetime.date(2025, 2, 3))
    assert set(context) | {"audience"} <= shown
    assert set(context["theme"]) | set(context["memo"]) <= shown
    assert set(audiences.load_audience("default", [BUILTIN_DIR]).context()) <= shown
    env = environment()
    for names in (env.filters, env.tests, env.globals):
        assert set(names) - shown == set(), set(names) - shown
    blocks = set(re.findall(r"{% block (\w+) %}", (BUILTIN_DIR / "brief.xml.j2").read_text()))
    assert blocks - shown == set()


def test_the_template_page_has_the_whole_markup_vocabulary():
    page = text("templates.md")
    shown = named(page)
    for element, attributes in markup_tree.ATTRIBUTES.items():
        assert any(f"<{element}" in name for name in shown), element
        for attribute in attributes:
            assert attribute in page, (element, attribute)
    assert markup.ROLES <= shown


def test_the_themes_page_has_every_theme_key_with_its_default_and_every_audience_key():
    page = text("themes.md")
    rows = {}
    for line in page.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if line.startswith("| `") and len(cells) == 4:
            for key in re.findall(r"`(\w+)`", cells[0]):
                rows[key] = cells[1]
    defaults = Theme()
    for field in SETTINGS:  # the keys a theme file may write
        assert field.name in rows, field.name
        value = getattr(defaults, field.name)
        shown = rows[field.name].replace("`", "")
        if isinstance(value, float):
            assert any(float(v) == value for v in re.findall(r"[\d.]+", shown)), field.name
        elif isinstance(value, bool):
            assert shown == str(value).lower(), field.name
        else:
            assert shown == (value or "none"), field.name
    assert set(FILE_KEYS) - named(page) == set()


@pytest.mark.parametrize("command", ["build", "check", "templates", "init-template", "watch"])
def test_the_usage_page_has_every_command(command):
    from briefgen.edge.cli import main

    assert command in main.commands
    assert f"briefgen {command}" in text("usage.md")
