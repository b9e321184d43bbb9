"""Reading YAML and JSON into a tree: text as written, lines, and every way a read can fail."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from timing import wall_seconds_at_most

from briefgen.errors import FactsError, Problem
from briefgen.input.facts_reader import MAX_BYTES, Node, read_tree

DATA = Path(__file__).parent / "data" / "facts"


def write(tmp_path: Path, name: str, content: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return str(path)


def fails(path: str) -> list[tuple[int | None, str]]:
    """The (line, message) of each problem reading path raises."""
    with pytest.raises(FactsError) as caught:
        read_tree(path)
    assert all(p.file == path for p in caught.value.problems)
    return [(p.line, p.message) for p in caught.value.problems]


def fields(path: str) -> list[tuple[int | None, str | None, str]]:
    """The (line, field, message) of each problem reading path raises."""
    with pytest.raises(FactsError) as caught:
        read_tree(path)
    return [(p.line, p.field, p.message) for p in caught.value.problems]


def values(node: Node) -> object:
    """The tree as plain Python values, without lines."""
    if isinstance(node.value, dict):
        return {k: values(v) for k, v in node.value.items()}
    if isinstance(node.value, list):
        return [values(v) for v in node.value]
    return node.value


# ---- YAML ---------------------------------------------------------------------------------------


def test_yaml_scalars_stay_text_as_written() -> None:
    root = read_tree(DATA / "yaml-surprises.yaml")
    assert values(root) == {
        "country": "NO",
        "flag": "yes",
        "switch": "on",
        "price": "2.50",
        "day": "2024-10-17",
        "year": "2025",
        "big": "1e3",
        "octal": "012",
        "clock": "12:30",
        "nothing": None,
        "tilde": None,
        "word_null": None,
        "quoted_null": "null",
        "quoted_empty": "",
        "explicit_str": "12",
    }


def test_yaml_lines_of_values_and_keys(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", "# a comment\ntitle: T\nlist:\n  - one\n  - k: v\n    j: w\n")
    root = read_tree(path)
    assert root.key_lines == {"title": 2, "list": 3}
    assert isinstance(root.value, dict)
    items = root.value["list"]
    assert items.line == 4
    assert [n.line for n in items.value] == [4, 5]  # type: ignore[union-attr]
    assert items.value[1].key_lines == {"k": 5, "j": 6}  # type: ignore[index]


def test_yaml_folded_and_plain_text_keeps_blank_lines_as_paragraphs(tmp_path: Path) -> None:
    text = "a: >\n  one\n  two\n\n  three\nb: |\n  x\n  y\nc: one\n  two\n\n  three\n"
    root = values(read_tree(write(tmp_path, "f.yaml", text)))
    # a blank line in the file is a blank line in the value; single breaks fold later
    assert root == {"a": "one two\n\nthree\n\n", "b": "x\ny\n", "c": "one two\n\nthree"}


def test_yaml_duplicate_keys_name_both_lines() -> None:
    path = str(DATA / "duplicate-keys.yaml")
    assert fails(path) == [
        (3, "duplicate key 'summary' (first at line 2); keep only one"),
        (7, "duplicate key 'text' (first at line 5); keep only one"),
    ]


def test_yaml_duplicate_keys_name_their_field() -> None:
    assert [f for _, f, _ in fields(str(DATA / "duplicate-keys.yaml"))] == [
        "summary", "key_points[0].text"
    ]  # fmt: skip


@pytest.mark.parametrize("name,text", [
    ("f.yaml", "title: T\nmemo:\n  to: A\n  to: B\ntimeline:\n  - {date: 2020, event: e}\n"
               "  - date: 2021\n    date: 2022\n    event: f\n"),
    ("f.json", '{\n "title": "a",\n "memo": {"to": "A",\n  "to": "B"},\n "timeline": [\n'
               '  {"date": "2020", "event": "e"},\n  {"date": "2021",\n   "date": "2022"}\n'
               ' ]\n}\n'),
])
def test_duplicate_keys_name_their_field_in_yaml_and_json(tmp_path: Path, name: str,
                                                          text: str) -> None:
    assert fields(write(tmp_path, name, text)) == [
        (4, "memo.to", "duplicate key 'to' (first at line 3); keep only one"),
        (8, "timeline[1].date", "duplicate key 'date' (first at line 7); keep only one"),
    ]


def test_a_duplicate_inside_a_duplicate_still_gets_its_path(tmp_path: Path) -> None:
    yaml_text = "memo:\n  to: A\nmemo:\n  to: B\n  to: C\n"
    assert [(line, f) for line, f, _ in fields(write(tmp_path, "f.yaml", yaml_text))] == [
        (3, "memo"), (5, "memo.to")
    ]  # fmt: skip
    json_text = '{"memo": {"to": "A"},\n "memo": {"to": "B",\n "to": "C"}}'
    assert [(line, f) for line, f, _ in fields(write(tmp_path, "f.json", json_text))] == [
        (2, "memo"), (3, "memo.to")
    ]  # fmt: skip


def test_odd_keys_give_a_one_line_path_and_message(tmp_path: Path) -> None:
    text = 'memo:\n  "a\\tb": x\n  "a\\tb": y\n'
    assert fields(write(tmp_path, "f.yaml", text)) == [
        (3, "memo['a\\u0009b']", "duplicate key 'a\\u0009b' (first at line 2); keep only one")
    ]
    json_text = '{"x y": {"k": 1,\n "k": 2}}'
    assert fields(write(tmp_path, "f.json", json_text)) == [
        (2, "['x y'].k", "duplicate key 'k' (first at line 1); keep only one")
    ]


def test_anchors_aliases_and_tags_name_their_field(tmp_path: Path) -> None:
    text = "title: !!binary aGk=\nsummary: &a S\nkey_points:\n  - one\n  - *a\n"
    assert [(line, f) for line, f, _ in fields(write(tmp_path, "f.yaml", text))] == [
        (1, "title"), (2, "summary"), (5, "key_points[1]")
    ]  # fmt: skip


def test_duplicate_keys_can_be_collected_and_the_first_value_kept() -> None:
    problems: list[Problem] = []
    root = read_tree(DATA / "duplicate-keys.yaml", problems)
    assert len(problems) == 2
    assert values(root)["summary"] == "First."  # type: ignore[index]


def test_yaml_anchors_and_aliases_are_refused() -> None:
    path = str(DATA / "anchors-aliases.yaml")
    message = "YAML anchors and aliases are not supported; write the value out in full"
    assert fails(path) == [(3, message), (5, message)]


def test_billion_laughs_is_refused_at_once(tmp_path: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    problems = fails(write(tmp_path, "bomb.yaml", bomb))
    assert problems[0] == (
        1,
        "YAML anchors and aliases are not supported; write the value out in full",
    )


def test_yaml_two_documents_are_refused() -> None:
    path = str(DATA / "two-documents.yaml")
    assert fails(path) == [
        (3, "only one YAML document is allowed; remove the second '---' and what follows")
    ]


def test_yaml_python_tag_is_refused() -> None:
    path = str(DATA / "python-tag.yaml")
    assert fails(path) == [
        (2, "unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'")
    ]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("title: a: b\n", 1, ("YAML syntax error: mapping values are not allowed in this context "
         "(quote a text that holds ': ', or use a block scalar (|))")),
        ("title: T\nlist:\n\t- x\n", 3, ("YAML syntax error: found character that cannot start "
         "any token (YAML indents with spaces, not tabs)")),
        ("title: T\nsummary: [a, b\n", 3, "YAML syntax error: did not find expected ',' or ']'"),
        ("? [a, b]\n: c\n", 1, "a key must be text, not a list"),
        ("- a\n- b\n", 1, "expected a mapping of keys such as title, summary, key_points; got a list"),
        ("just text\n", 1, "expected a mapping of keys such as title, summary, key_points; got text"),
        ("", 1, "facts file is empty"),
        ("# only a comment\n\n", 1, "facts file is empty"),
        ("---\n", 1, "facts file is empty"),
        ("a: " + "[" * 30 + "]" * 30 + "\n", 1, "nested more than 20 levels deep"),
    ],
)  # fmt: skip
def test_yaml_structure_errors_give_their_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    assert fails(write(tmp_path, "f.yaml", text)) == [(line, message)]


def test_raw_control_characters_reach_the_value_so_the_field_can_be_named(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", "title: one\x0btwo\nsummary: esc\x1b and del\x7f\n")
    assert values(read_tree(path)) == {"title": "one\x0btwo", "summary": "esc\x1b and del\x7f"}


# ---- JSON ---------------------------------------------------------------------------------------


def test_json_values_know_their_lines_and_numbers_stay_text() -> None:
    root = read_tree(DATA / "json-positions.json")
    assert values(root) == {
        "title": "T",
        "price": "2.50",
        "count": "12",
        "big": "1e3",
        "flag": True,
        "nothing": None,
        "list": ["a", {"k": "v"}],
    }
    assert isinstance(root.value, dict)
    assert {k: n.line for k, n in root.value.items()} == {
        "title": 2, "price": 3, "count": 4, "big": 5, "flag": 6, "nothing": 7, "list": 8,
    }  # fmt: skip
    assert root.key_lines["list"] == 8
    inner = root.value["list"].value
    assert isinstance(inner, list)
    assert [n.line for n in inner] == [9, 10]
    assert inner[1].key_lines == {"k": 11}


def test_json_duplicate_keys_name_both_lines(tmp_path: Path) -> None:
    path = write(tmp_path, "f.json", '{\n  "title": "a",\n  "summary": "b",\n  "title": "c"\n}\n')
    assert fails(path) == [(4, "duplicate key 'title' (first at line 2); keep only one")]


def test_json_duplicate_keys_are_still_reported_beside_a_syntax_error(tmp_path: Path) -> None:
    text = '{"memo": {"to": "a",\n "to": "b"},\n "summary": }'
    assert fields(write(tmp_path, "f.json", text)) == [
        (2, None, "duplicate key 'to' (first at line 1); keep only one"),
        (3, None, "JSON syntax error: Expecting value"),
    ]


def test_json_keeps_escaped_and_raw_control_characters_and_surrogates(tmp_path: Path) -> None:
    path = write(tmp_path, "f.json", '{"a": "x\\u000by", "b": "raw\x0bvt", "c": "\\ud800"}')
    assert values(read_tree(path)) == {"a": "x\x0by", "b": "raw\x0bvt", "c": "\ud800"}


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('{\n  "title": "a",\n}\n', 3, "JSON syntax error: Expecting property name enclosed in double quotes"),
        ('{\n  "title": tru\n}\n', 2, "JSON syntax error: Expecting value"),
        ('{"title": "a"}\n{}', 2, "JSON syntax error: Extra data after the top-level value"),
        ('{"title": "a}', 1, "JSON syntax error: Unterminated string starting at"),
        ("[1, 2]", 1, "expected a mapping of keys such as title, summary, key_points; got a list"),
        ("null", 1, "expected a mapping of keys such as title, summary, key_points; got nothing"),
        (" \n\t\n", 1, "facts file is empty"),
    ],
)  # fmt: skip
def test_json_errors_give_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    assert fails(write(tmp_path, "f.json", text)) == [(line, message)]


def test_json_too_deep_is_one_clear_error(tmp_path: Path) -> None:
    assert fails(write(tmp_path, "f.json", '{"a": ' + "[" * 5000)) == [
        (None, "JSON nested too deeply")
    ]


# ---- bytes and files ----------------------------------------------------------------------------


def test_utf8_bom_is_skipped(tmp_path: Path) -> None:
    for name in ("f.yaml", "f.json"):
        text = "title: T\n" if name.endswith("yaml") else '{"title": "T"}'
        root = read_tree(write(tmp_path, name, b"\xef\xbb\xbf" + text.encode()))
        assert values(root) == {"title": "T"}


def test_invalid_utf8_names_the_byte_and_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", b"title: T\nsummary: caf\xe9\n")
    assert fails(path) == [(2, "not UTF-8: byte 0xE9 cannot be read; re-save the file as UTF-8")]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("name", ["f.yaml", "f.json"])
def test_utf16_is_recognised_with_or_without_a_byte_order_mark(
    tmp_path: Path, encoding: str, name: str
) -> None:
    # without a mark, ASCII text in UTF-16 is valid UTF-8 that is half NUL bytes
    text = "title: Caf\u00e9\nsummary: S\n" if name == "f.yaml" else '{"title": "T"}'
    path = write(tmp_path, name, text.encode(encoding))
    assert fails(path) == [(1, "not UTF-8 (it looks like UTF-16); re-save the file as UTF-8")]


def test_a_few_nul_bytes_are_not_taken_for_utf16(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", b"title: a\x00b\nsummary: \x00\x00\n")
    assert values(read_tree(path)) == {"title": "a\x00b", "summary": "\x00\x00"}


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", b"title: " + b"x" * (MAX_BYTES * 2) + b"\n")
    assert fails(path) == [
        (None, "file is 2,097,160 bytes; the limit is 1,048,576 bytes (1 MiB)")
    ]


def test_one_byte_over_the_size_limit_reads_right(tmp_path: Path) -> None:
    path = write(tmp_path, "f.yaml", b"title: " + b"x" * (MAX_BYTES - 6))
    assert fails(path) == [
        (None, "file is 1,048,577 bytes; the limit is 1,048,576 bytes (1 MiB)")
    ]


def test_file_at_the_size_limit_is_read(tmp_path: Path) -> None:
    body = b"title: "
    path = write(tmp_path, "f.yaml", body + b"x" * (MAX_BYTES - len(body)))
    assert len(values(read_tree(path))["title"]) == MAX_BYTES - len(body)  # type: ignore[index, arg-type]


def test_io_problems_are_facts_errors(tmp_path: Path) -> None:
    assert fails(str(tmp_path / "missing.yaml")) == [(None, "no such file")]
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    assert fails(str(folder)) == [(None, "is a folder, not a facts file")]


NOT_REGULAR = "not a regular file (a pipe, a socket or a device); save the facts to a file"


def test_a_fifo_is_refused_at_once_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with wall_seconds_at_most(5):
        assert fails(str(fifo)) == [(None, NOT_REGULAR)]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused_without_reading_it(tmp_path: Path, device: str) -> None:
    link = tmp_path / "device.json"
    link.symlink_to(device)
    with wall_seconds_at_most(5):
        assert fails(str(link)) == [(None, NOT_REGULAR)]


def test_an_odd_extension_is_shown_on_one_line(tmp_path: Path) -> None:
    assert fails(write(tmp_path, "f.ya\nml", "title: T\n")) == [
        (None, "unsupported file type '.ya\\u000Aml': a facts file ends in .yaml, .yml or .json")
    ]


@pytest.mark.parametrize(
    ("name", "kind"),
    [("facts.txt", "'.txt'"), ("facts.toml", "'.toml'"), ("facts", "(no extension)")],
)
def test_only_yaml_and_json_extensions(tmp_path: Path, name: str, kind: str) -> None:
    assert fails(write(tmp_path, name, "title: T\n")) == [
        (None, f"unsupported file type {kind}: a facts file ends in .yaml, .yml or .json")
    ]


def test_upper_case_extension_and_yml_work(tmp_path: Path) -> None:
    assert values(read_tree(write(tmp_path, "F.YML", "title: T\n"))) == {"title": "T"}


def test_problems_found_before_reading_stops_are_bounded_too(tmp_path: Path) -> None:
    """Reading stops at an alias; the duplicate keys found before it are reported as every
    other list of problems is: at most 50, then how many more."""
    text = "".join(f"title: T{n}\n" for n in range(300)) + "summary: &a S\nother: *a\n"
    with pytest.raises(FactsError) as caught:
        read_tree(write(tmp_path, "f.yaml", text))
    problems = caught.value.problems
    assert len(problems) == 51
    assert [p.line for p in problems[:50]] == list(range(2, 52))
    assert problems[-1].message.endswith("more problems not shown; fix these first, then check "
                                         "again")
