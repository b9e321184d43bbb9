"""Every cache is a table of one object (`briefgen.caches`): `briefgen.clear_caches()` empties them
all and the next build is byte-identical; no module keeps a cache of its own; a design kept
between builds is read again once a template, theme or audience file is edited; a build given
its own `Caches` uses it alone; the disk caches follow the object's switch.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
from conftest import FACTS_DIR, ROOT, pdf_fonts, pdf_text

import briefgen
from briefgen import caches, speedups
from briefgen.caches import BOUNDS, Caches, FilledTable, Table, memo, using
from briefgen.design.load import find_templates, load_design
from briefgen.layout import font_files, fonts
from briefgen.pipeline import build, build_with, design_for

SEED = FACTS_DIR / "japan-nato-mission.yaml"
SCRIPTS = ROOT / "tests" / "data" / "fonts" / "scripts.yaml"  # many scripts: every table fills
SHAPED = ROOT / "tests" / "data" / "fonts" / "shaped.yaml"  # right-to-left, shaped and Thai
SOURCE = ROOT / "src" / "briefgen"
LIBERATION = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")


# ---- one object, one public reset ---------------------------------------------------------------


def test_clear_caches_empties_every_table_and_the_next_build_is_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    briefgen.clear_caches()  # what earlier tests left (a logo, say) is not these builds'
    first = {path: build(path).outputs for path in (SEED, SCRIPTS, SHAPED)}
    made = caches.current().tables()
    filled = {name for name, table in made.items() if table}
    # no logo in these briefs; the fragments' root is kept by the fragments speed trick alone;
    # no font family named: fontconfig is never asked, no template's fonts read; their dates are
    # English (the tables of dates in another language stay empty); an English brief parses no
    # language code
    unused = {"logo.checked", "fonts.installed", "fonts.shipped", "dates.reading",
              "dates.locale", "languages.codes"} | (
        set() if speedups.ENABLED else {"paragraphs.root"})
    assert filled == set(BOUNDS) - unused, set(BOUNDS) - unused ^ filled
    briefgen.clear_caches()
    assert {name: len(table) for name, table in made.items()} == dict.fromkeys(made, 0)
    assert caches.current().tables() == made  # the same tables, emptied: none replaced
    assert {path: build(path).outputs for path in (SEED, SCRIPTS, SHAPED)} == first
    assert list((tmp_path / "cache").iterdir())  # the disk caches were kept


def test_no_module_keeps_a_cache_of_its_own():
    """functools' caches, and module-level containers made empty to be filled later, are found
    in the source: every cache must be a table of `briefgen.caches`."""
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "caches.py":
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"lru_cache|functools\.cache\b|@cache\b|cache_clear|"
                                 r"WeakValueDictionary|WeakKeyDictionary", text):
            found.append(f"{path.relative_to(SOURCE)}: {match.group()}")
        for node in ast.parse(text).body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            empty = (isinstance(value, (ast.Dict, ast.Set, ast.List)) and not getattr(
                value, "keys", getattr(value, "elts", None))) or (
                isinstance(value, ast.Call) and isinstance(value.func, ast.Name)
                and value.func.id in {"dict", "set", "list", "OrderedDict"} and not value.args)
            if empty:
                found.append(f"{path.relative_to(SOURCE)}:{node.lineno}: an empty container")
    assert found == []


def test_every_table_is_declared_bounded_and_described():
    names = set()
    for path in SOURCE.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        names |= set(re.findall(r'@memo\("([\w.]+)"', text))
        names |= set(re.findall(r'\.(?:table|filled)\("([\w.]+)"', text))
    assert names <= set(BOUNDS), names - set(BOUNDS)
    described = set(re.findall(r"^([\w.]+) {2,}", caches.__doc__, re.MULTILINE))
    assert described == set(BOUNDS)
    assert all(isinstance(bound, int) and bound > 0 for bound in BOUNDS.values())
    with pytest.raises(KeyError, match="no cache table 'nowhere'"):
        memo("nowhere")


def test_a_table_drops_its_oldest_entry_when_full():
    table = Table("t", 2)
    table["a"], table["b"] = 1, 2
    assert table.setdefault("a", 9) == 1
    table["c"] = 3
    assert dict(table) == {"b": 2, "c": 3}
    table["c"] = 4  # replacing an entry drops nothing
    assert dict(table) == {"b": 2, "c": 4}
    filled = FilledTable("f", 2, lambda code: chr(code).upper())
    assert "abc".translate(filled) == "ABC" and len(filled) == 2  # the third is not kept


def test_a_memoised_function_is_keyed_by_all_its_arguments():
    chains = caches.current().table("fonts.chains")
    briefgen.clear_caches()
    plain = fonts.chain("sans", (), "")
    assert fonts.chain("sans", (), "") is plain
    assert fonts.chain("serif", (), "") is not plain
    assert fonts.chain("sans", (), str(LIBERATION.parent)) is not plain
    assert set(chains) == {("sans", (), ""), ("serif", (), ""),
                           ("sans", (), str(LIBERATION.parent))}


def test_a_font_read_again_keeps_its_reportlab_name_and_no_two_files_share_one(tmp_path):
    name = font_files.face(LIBERATION).pdf_name
    briefgen.clear_caches()
    again = font_files.face(LIBERATION)
    assert again.pdf_name == name and font_files.face(LIBERATION) is again
    copy = tmp_path / LIBERATION.name
    shutil.copyfile(LIBERATION, copy)
    assert font_files.face(copy).pdf_name != name
    assert font_files.face(LIBERATION, 1).pdf_name != name


# ---- a build given its own caches; the disk caches ----------------------------------------------


def test_a_build_given_its_own_caches_uses_them_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(tmp_path / "cache"))
    expected = build(SEED).outputs
    design = design_for(None, None)
    briefgen.clear_caches()
    own = Caches()
    assert build_with(design, SEED, caches=own).outputs == expected
    assert own.table("paragraphs.text") and own.table("fonts.chains")
    assert not caches.PROCESS.table("paragraphs.text")
    assert caches.current() is caches.PROCESS  # given for that build only


def test_caches_without_the_disk_keep_nothing_there(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("BRIEFGEN_CACHE_DIR", str(root))
    with using(Caches(disk=False)) as own:
        build_with(load_design(find_templates(None)), SEED, caches=own)
    assert not root.exists()
    with using(Caches()) as own:
        built = build_with(load_design(find_templates(None)), SEED, caches=own).outputs
    kinds = sorted(path.name.rsplit("-", 1)[0] for path in root.iterdir())
    assert kinds == ["docx-skeletons", "templates"]
    (root / "mine.txt").write_text("not briefgen's", encoding="utf-8")
    briefgen.clear_caches(disk=True)
    assert [path.name for path in root.iterdir()] == ["mine.txt"]
    assert build(SEED).outputs == built  # made again, the same


# ---- a design kept between builds is read again once a file it was read from changes ----------

TEMPLATE = '{% extends "builtin/brief.xml.j2" %}{% block label %}LABEL ONE{% endblock %}\n'
AUDIENCE = "extends: default\ntitles:\n  key_points: Points first\n"


@pytest.fixture
def user_folder(tmp_path):
    folder = tmp_path / "mine"
    (folder / "audiences").mkdir(parents=True)
    (folder / "brief.xml.j2").write_text(TEMPLATE, encoding="utf-8")
    (folder / "theme.yaml").write_text("font: sans\n", encoding="utf-8")
    (folder / "audiences" / "default.yaml").write_text(AUDIENCE, encoding="utf-8")
    return folder


def built_pdf(tmp_path: Path, folder: Path, name: str) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build(SEED, ("pdf",), template=str(folder)).outputs["pdf"])
    return path


def fonts_of(pdf: Path) -> str:
    return " ".join(pdf_fonts(pdf))


@pytest.mark.parametrize("file, old, new, shown_before, shown_after, read", [
    ("brief.xml.j2", "LABEL ONE", "LABEL TWO, EDITED", "LABEL ONE", "LABEL TWO, EDITED", pdf_text),
    ("theme.yaml", "sans", "serif", "LiberationSans", "LiberationSerif", fonts_of),
    ("audiences/default.yaml", "Points first", "Points edited", "POINTS FIRST", "POINTS EDITED",
     pdf_text),
])
def test_a_file_edited_between_two_builds_is_read_again(tmp_path, user_folder, file, old, new,
                                                        shown_before, shown_after, read):
    first = built_pdf(tmp_path, user_folder, "first")
    kept = design_for(str(user_folder), None)
    assert design_for(str(user_folder), None) is kept  # unchanged: loaded once
    path = user_folder / file
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    second = built_pdf(tmp_path, user_folder, "second")
    assert shown_before in read(first) and shown_after not in read(first)
    assert shown_after in read(second) and shown_before not in read(second)
    assert design_for(str(user_folder), None) is not kept


def test_an_audience_file_added_beside_the_others_is_found(tmp_path, user_folder):
    design_for(str(user_folder), None)
    with pytest.raises(briefgen.BriefgenError, match="unknown audience"):
        design_for(str(user_folder), "board")
    (user_folder / "audiences" / "board.yaml").write_text(
        AUDIENCE.replace("Points first", "For the board"), encoding="utf-8")
    design = design_for(str(user_folder), "board")
    assert design.audience.titles["key_points"] == "For the board"


def test_a_template_added_to_the_user_s_folder_is_used(tmp_path, user_folder):
    (user_folder / "brief.xml.j2").unlink()
    assert "LABEL ONE" not in pdf_text(built_pdf(tmp_path, user_folder, "first"))
    (user_folder / "brief.xml.j2").write_text(TEMPLATE, encoding="utf-8")
    assert "LABEL ONE" in pdf_text(built_pdf(tmp_path, user_folder, "second"))


def test_briefs_written_beside_a_template_file_do_not_make_it_load_again(tmp_path, user_folder):
    """`-t FILE` in the folder the briefs go to: writing them does not count as an edit."""
    template = str(user_folder / "brief.xml.j2")
    design = design_for(template, None)
    (user_folder / "brief.pdf").write_bytes(build(SEED, ("pdf",), template=template)
                                            .outputs["pdf"])
    assert design_for(template, None) is design


def test_a_disk_cache_of_an_undeclared_kind_is_refused():
    """clear(disk=True) deletes the kinds DISK_KINDS lists: a folder of another kind would be
    left behind, so asking for one is an error, as an undeclared table is."""
    with pytest.raises(KeyError, match="declare it in briefgen.caches.DISK_KINDS"):
        caches.Caches().disk_folder("thumbnails", "code")
    assert caches.Caches(disk=False).disk_folder("templates", "code") is None
