"""The library API: `briefgen.build` returns the bytes, is pure, and can be shipped to workers."""

from __future__ import annotations

import pickle
from concurrent.futures import ProcessPoolExecutor

import pytest
from conftest import FACTS_DIR

import briefgen
from briefgen.edge.cli import run

SEED = FACTS_DIR / "japan-nato-mission.yaml"


def test_the_public_names_are_pinned():
    assert sorted(briefgen.__all__) == ["BriefgenError", "Problem", "__version__", "build",
                                       "clear_caches"]


def test_build_returns_the_bytes_the_command_line_writes(tmp_path):
    outputs = briefgen.build(SEED, audience="executive")
    assert run(["build", str(SEED), "-a", "executive", "-o", str(tmp_path), "-j", "1"]) == 0
    for fmt in ("pdf", "docx"):
        assert outputs[fmt] == (tmp_path / f"japan-nato-mission-executive.{fmt}").read_bytes()


def test_build_only_the_formats_asked_for():
    assert set(briefgen.build(FACTS_DIR / "tiny.yaml", formats=["pdf"])) == {"pdf"}


def test_build_is_picklable_and_gives_the_same_bytes_in_other_processes():
    assert pickle.loads(pickle.dumps(briefgen.build)) is briefgen.build
    here = briefgen.build(SEED)
    with ProcessPoolExecutor(max_workers=2) as pool:
        there = list(pool.map(briefgen.build, [SEED, SEED]))
    assert there == [here, here]


def test_errors_cross_process_boundaries_with_their_problems(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: T\n", encoding="utf-8")
    with pytest.raises(briefgen.BriefgenError) as raised:
        briefgen.build(bad)
    again = pickle.loads(pickle.dumps(raised.value))
    assert type(again) is type(raised.value) and again.problems == raised.value.problems
    assert again.problems[0].field == "summary"
    with ProcessPoolExecutor(max_workers=1) as pool, pytest.raises(briefgen.BriefgenError) as far:
        pool.submit(briefgen.build, bad).result()
    assert far.value.problems == raised.value.problems


# ---- wrong arguments are refused, never half-understood ----------------------------------------

TINY = FACTS_DIR / "tiny.yaml"


@pytest.mark.parametrize("arguments, error, message", [
    ({"formats": "pdf"}, TypeError,
     "formats must be a list of format names such as ['pdf'], not the text 'pdf'"),
    ({"formats": ("gif",)}, ValueError, "unknown format 'gif' (formats: pdf, docx, md, html, png)"),
    ({"formats": ("pdf", "PDF")}, ValueError,
     "unknown format 'PDF' (formats: pdf, docx, md, html, png)"),
    ({"formats": ()}, ValueError, "formats is empty: ask for one or more of pdf, docx, md, html, png"),
    ({"formats": [b"pdf"]}, TypeError, "formats must hold format names (text), not bytes"),
    ({"formats": 3}, TypeError, "formats must be a list of format names such as ['pdf'], "
                                "not int"),
    ({"allow_classifications": "SECRET"}, TypeError,
     "allow_classifications must be a list of markings such as ['SECRET'], not the text "
     "'SECRET'"),
    ({"allow_classifications": [None]}, TypeError,
     "allow_classifications must hold markings (text), not NoneType"),
    ({"allow_classifications": 7}, TypeError,
     "allow_classifications must be a list of markings such as ['SECRET'], not int"),
    ({"audience": ["executive"]}, TypeError, "audience must be a name (text) or None, not list"),
    ({"template": 1}, TypeError, "template must be a name or a path (str or os.PathLike) or "
                                 "None, not int"),
    ({"allow_overflow": "no"}, TypeError, "allow_overflow must be True or False, not str"),
])
def test_wrong_arguments_are_a_clear_error(arguments, error, message):
    with pytest.raises(error) as raised:
        briefgen.build(TINY, **arguments)
    assert str(raised.value) == message


@pytest.mark.parametrize("facts", [None, 3, ["facts.yaml"]])
def test_a_facts_argument_that_is_not_a_path_is_a_type_error(facts):
    with pytest.raises(TypeError) as raised:
        briefgen.build(facts)
    assert str(raised.value) == ("facts must be the path of a facts file (str, bytes or "
                                 f"os.PathLike), not {type(facts).__name__}")


def test_paths_may_be_text_path_objects_or_bytes(tmp_path):
    expected = briefgen.build(str(TINY), formats=["pdf"])
    assert briefgen.build(TINY, formats=["pdf"]) == expected
    assert briefgen.build(bytes(TINY), formats=["pdf"]) == expected
    with pytest.raises(briefgen.BriefgenError) as raised:
        briefgen.build(bytes(tmp_path / "missing.yaml"))
    assert str(raised.value) == f"error: {tmp_path / 'missing.yaml'}: no such file"


def test_formats_and_markings_may_be_any_iterable_of_text(tmp_path):
    assert set(briefgen.build(TINY, formats=iter(["docx"]))) == {"docx"}
    assert set(briefgen.build(TINY, formats={"pdf", "docx"})) == {"pdf", "docx"}
    secret = tmp_path / "secret.yaml"
    secret.write_text("title: T\nsummary: S.\nmemo:\n  classification: SECRET\n",
                      encoding="utf-8")
    with pytest.raises(briefgen.BriefgenError):
        briefgen.build(secret, audience="press", formats=["pdf"])
    with pytest.raises(briefgen.BriefgenError):  # the marking 'S', once let through
        briefgen.build(secret, audience="press", formats=["pdf"],
                       allow_classifications=["S"])
    released = briefgen.build(secret, audience="press", formats=["pdf"],
                              allow_classifications=(m for m in ["SECRET"]))
    assert set(released) == {"pdf"}


def test_a_template_may_be_a_path_object(tmp_path):
    assert run(["init-template", str(tmp_path / "mine")]) == 0
    by_path = briefgen.build(TINY, template=tmp_path / "mine", formats=["pdf"])
    assert by_path == briefgen.build(TINY, template=str(tmp_path / "mine"), formats=["pdf"])


@pytest.mark.parametrize("arguments, message", [
    # once: the current folder, scanned to its depths as a template folder
    ({"template": ""}, "template is empty: give a name or a path, or None for the built-in one"),
    ({"template": b""}, "template is empty: give a name or a path, or None for the built-in one"),
    # once: the default audience, built without a word
    ({"audience": ""}, "audience is empty: give a name, or None for the default audience"),
])
def test_an_empty_name_is_a_value_error(tmp_path, monkeypatch, arguments, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "theme.yaml").write_text("accent: '#123456'\n", encoding="utf-8")
    with pytest.raises(ValueError) as raised:
        briefgen.build(TINY, **arguments)
    assert str(raised.value) == message


def test_an_endless_list_of_markings_is_refused_after_1000():
    """itertools.repeat("x") was read until the machine ran out of memory (a million entries
    stand for it here: read to the end, they were accepted)."""
    from timing import wall_seconds_at_most

    pulled = []

    def markings(count: int, text: str = "MARKING"):
        for n in range(count):
            pulled.append(n)
            yield text

    with wall_seconds_at_most(2):
        for name, endless in (("allow_classifications", markings(10**6)),
                              ("formats", markings(10**6, "pdf")),
                              ("allow_classifications", markings(1001))):
            pulled.clear()
            with pytest.raises(ValueError) as raised:
                briefgen.build(TINY, **{name: endless})
            assert str(raised.value) == f"{name} holds more than 1,000 entries"
            assert len(pulled) == 1001
    assert briefgen.build(TINY, formats=["pdf"], allow_classifications=markings(1000))["pdf"]
