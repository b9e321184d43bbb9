"""`briefgen draft` on hostile and awkward input: every article ends within the time bound,
every user error is one line naming the option or file with the right exit code (2 for usage,
1 for a file), no date is invented, and the text is read the way it was written (single
newlines between paragraphs, very long paragraphs, control characters, UTF-16)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from conftest import NO_DATE

from briefgen.draft import time_limit
from briefgen.edge.cli import run
from briefgen.input.facts import load_facts

# the note a draft without a date prints on stderr (tested in test_draft_followups.py)
STORY = ("Storm kills 12\n\n"
         "The storm killed 12 people on Tuesday, officials said in a statement.\n\n"
         "\"We are ready to rebuild every house,\" said Mayor Ann Lee on Wednesday.\n")


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run(["draft", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, NO_DATE.sub("", err)


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# ---- time ---------------------------------------------------------------------------------------


def test_long_text_without_spaces_is_read_in_linear_time(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """`\\S+@\\S+` over a run of letters took 7 s for 80,000 and minutes for 4 MB."""
    article = write(tmp_path, "np.txt", "No punctuation\n\n" + "x" * 400_000)
    began = time.monotonic()
    code, out, err = cli(capsys, article)
    assert time.monotonic() - began < 3
    assert (code, out) == (1, "")
    assert err == f"error: {article}: holds no article text (no paragraph of sentences was found)\n"


def test_a_page_lxml_cannot_finish_ends_at_the_deadline(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A tag with 50,000 distinct attributes keeps lxml's parser (C, deaf to signals) busy for
    ~15 s: the page is parsed in a child process that is killed at the deadline."""
    monkeypatch.setattr(time_limit, "MAX_SECONDS", 1)
    attributes = " ".join(f"a{i}" for i in range(50_000))
    page = write(tmp_path, "ad.html", f"<html><body><article><p {attributes}>Text.</p>"
                                      "</article></body></html>")
    began = time.monotonic()
    code, out, err = cli(capsys, page, "-o", tmp_path / "ad.yaml")
    assert time.monotonic() - began < 4
    assert (code, out) == (1, "")
    assert err == (f"error: {page}: took longer than 1 s to draft from (save the article's own "
                   "text as a .txt file and draft from that)\n")
    assert not (tmp_path / "ad.yaml").exists()


# ---- usage errors: one line, exit 2 -------------------------------------------------------------


@pytest.mark.parametrize(("url", "why"), [
    ("javascript:alert(1)", "is not a web address starting http:// or https://"),
    ("https://u:p@evil.com/x", "holds a user name or password before the host: give the "
                               "address without them"),
    ("https://a b.com/", "holds a space or a control character"),
    ("https://a.com/\nx", "holds a space or a control character"),
])
def test_bad_url_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                  url: str, why: str) -> None:
    article = write(tmp_path, "s.txt", STORY)
    code, out, err = cli(capsys, article, "--url", url)
    assert (code, out) == (2, "")
    assert err == f"error: --url: {url!r} {why}\n"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_date_out_of_range_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                            day: str) -> None:
    article = write(tmp_path, "s.txt", STORY + "\nIt will come back next year.\n")
    code, out, err = cli(capsys, article, "--date", day)
    assert (code, out) == (2, "")
    assert err == (f"error: --date: {day} is out of range: give a day from 1800-01-01 to "
                   "2199-12-31\n")


def test_folder_as_article_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, tmp_path)
    assert (code, out, err) == (2, "", f"error: {tmp_path}: is a folder; give the article's file\n")


def test_two_articles_with_one_draft_name_write_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "d1").mkdir()
    (tmp_path / "d2").mkdir()
    one = write(tmp_path / "d1", "x.txt", STORY)
    two = write(tmp_path / "d2", "x.txt", STORY.replace("12", "14"))
    out_dir = tmp_path / "multi"
    code, out, err = cli(capsys, one, two, "-o", out_dir)
    assert (code, out) == (2, "")
    assert err == (f"error: {two}: its draft would be {out_dir / 'x.yaml'}, like {one}'s; draft "
                   "them one at a time with -o FILE each\n")
    assert not out_dir.exists()
    code, out, err = cli(capsys, one, one, "-o", out_dir)
    assert code == 2 and not out_dir.exists()


# ---- files: one line, exit 1 --------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_utf16_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                        encoding: str) -> None:
    article = write(tmp_path, "u.txt", STORY.encode(encoding))
    code, out, err = cli(capsys, article)
    assert (code, out, err) == (1, "", f"error: {article}: is UTF-16 text: save the article as "
                                       "UTF-8\n")


def test_a_few_control_characters_are_dropped(capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    article = write(tmp_path, "c.txt", STORY.replace("killed", "\x1b[31mkilled\x07"))
    target = tmp_path / "c.yaml"
    code, out, err = cli(capsys, article, "-o", target)
    assert (code, err) == (0, "")
    assert load_facts(target).summary.startswith("The storm [31mkilled 12 people")


def test_credentials_in_a_page_address_are_left_out(capsys: pytest.CaptureFixture[str],
                                                    tmp_path: Path) -> None:
    page = write(tmp_path, "p.html", (
        '<!DOCTYPE html><html><head><title>Storm kills 12</title>'
        '<link rel="canonical" href="https://user:secret@news.example/a"></head><body><article>'
        '<h1>Storm kills 12</h1><p>The storm killed 12 people on Tuesday and damaged more than '
        '500 homes across the region, officials said in a statement late on Tuesday.</p>'
        '<p>"We are ready to rebuild every house that was lost," said Mayor Ann Lee, who toured '
        'the damaged neighborhoods on Wednesday morning.</p></article></body></html>'))
    target = tmp_path / "p.yaml"
    code, out, err = cli(capsys, page, "-o", target)
    assert (code, err) == (0, "")
    text = target.read_text(encoding="utf-8")
    assert "secret" not in text and "url:" not in text
    assert ("# The page's address was left out of the source: it holds a user name or password "
            "before the host") in text
    load_facts(target)


# ---- dates --------------------------------------------------------------------------------------


@pytest.mark.parametrize("meta", ["", '<meta property="article:published_time" '
                                      'content="0001-01-01">'])
def test_a_page_without_a_date_gets_none(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         meta: str) -> None:
    """htmldate's search of the text gave such a page the first date its story named."""
    page = write(tmp_path, "p.html", (
        f"<html><head><title>Storm kills 12</title>{meta}</head><body><article><h1>Storm kills "
        "12</h1><p>The storm killed 12 people on Tuesday and damaged more than 500 homes across "
        "the coastal region, officials said in a statement issued late in the evening.</p><p>The "
        "regional government has set aside $3 billion for repairs, and said that schools would "
        "reopen by March 2025 at the latest.</p></article></body></html>"))
    code, out, err = cli(capsys, page)
    assert (code, err) == (0, "")
    facts = yaml.safe_load(out)
    assert "date" not in facts and "date" not in facts["sources"][0]
    assert [e["date"] for e in facts["timeline"]] == ["March 2025"]  # nothing from "Tuesday"


# ---- paragraphs ---------------------------------------------------------------------------------


def test_single_newlines_between_paragraphs(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    sentence = "The council met for many hours on the matter of the new bridge across the river"
    lines = [f"{sentence} and vote {n} was taken, officials said in a statement." for n in range(8)]
    article = write(tmp_path, "s.txt", "Bridge vote\n" + "\n".join(lines) + "\n")
    code, out, err = cli(capsys, article)
    assert (code, err) == (0, "")
    facts = yaml.safe_load(out)
    assert facts["summary"] == lines[0]
    assert "# from paragraph 3" in out and len(facts["key_points"]) == 4


def test_summary_is_capped_and_a_long_paragraph_is_drafted(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    long_sentence = " ".join(["word"] * 300) + "."
    article = write(tmp_path, "l.txt", "Long\n\n" + long_sentence + "\n")
    code, out, err = cli(capsys, article)
    assert (code, err) == (0, "")
    assert len(yaml.safe_load(out)["summary"].split()) == 60
    big = "Mayor Ann Lee said 12 people died on Tuesday, officials said. " * 1200  # 75,000
    article = write(tmp_path, "big.txt", "One paragraph\n\n" + big + "\n")
    code, out, err = cli(capsys, article)
    assert (code, err) == (0, "")
    assert yaml.safe_load(out)["summary"].startswith("Mayor Ann Lee said 12 people died")
