"""`briefgen draft`: what a user sees. Exit codes, the one-line errors (nothing written, an
existing -o file kept), the drafted facts file read back by the facts reader, its
`# from paragraph N` comments pointing at the paragraph each item came from, the same bytes for
the same article, and what it finds in small articles written for one rule each."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import NO_DATE

from briefgen.draft import Options
from briefgen.draft.article import read_article
from briefgen.edge.cli import run
from briefgen.input.facts import load_facts

# the note a draft without a date prints on stderr (tested in test_draft_followups.py)
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "draft_corpus"
ARTICLES = sorted(p for p in CORPUS.iterdir()
                  if p.suffix in (".txt", ".md", ".html") and p.name != "README.md")


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run(["draft", *map(str, args)])
    out, err = capsys.readouterr()
    return code, out, NO_DATE.sub("", err)  # the note is tested in test_draft_followups.py


def drafted(capsys: pytest.CaptureFixture[str], tmp_path: Path, text: str,
            name: str = "story.txt", *options: str) -> dict:
    """Draft an article written here; the facts, read back by the facts reader too."""
    article = tmp_path / name
    article.write_text(text, encoding="utf-8")
    target = tmp_path / (article.stem + ".yaml")
    code, out, err = cli(capsys, article, "-o", target, *options)
    assert (code, err) == (0, ""), err
    load_facts(target)
    return yaml.safe_load(target.read_text(encoding="utf-8"))


# ---- the command --------------------------------------------------------------------------------


def test_one_article_goes_to_stdout_as_a_valid_facts_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = cli(capsys, CORPUS / "pakistan-earthquake-2013.txt", "--date", "2013-09-26")
    assert (code, err) == (0, "")
    (tmp_path / "f.yaml").write_text(out, encoding="utf-8")
    facts = load_facts(tmp_path / "f.yaml")
    assert facts.title == "Pakistan Earthquake Toll Nears 350"
    assert str(facts.date) == "2013-09-26"
    assert facts.quotes[0].speaker == "Saeed Aleem"


def test_output_file_and_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    one = tmp_path / "brief.yaml"
    code, out, err = cli(capsys, CORPUS / "us-jobless-2011.txt", "-o", one)
    assert (code, out, err) == (0, f"{one}\n", "")
    folder = tmp_path / "drafts"
    code, out, err = cli(capsys, CORPUS / "us-jobless-2011.txt",
                         CORPUS / "us-election-2012.txt", "-o", folder)
    assert code == 0 and err == ""
    assert out.splitlines() == [str(folder / "us-jobless-2011.yaml"),
                                str(folder / "us-election-2012.yaml")]
    for path in folder.iterdir():
        load_facts(path)


def test_same_article_same_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    copy = tmp_path / "elsewhere" / "ecuador-earthquake-2016.html"
    copy.parent.mkdir()
    copy.write_bytes((CORPUS / copy.name).read_bytes())
    first = cli(capsys, CORPUS / copy.name)
    second = cli(capsys, copy)
    assert first[0] == 0 and first == second


def test_draft_command_imports_nothing_into_a_build() -> None:
    """The build's modules never load the drafting libraries (they cost ~150 ms to import)."""
    code = ("import sys, briefgen.pipeline, briefgen.edge.cli; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('trafilatura', 'pysbd', 'justext', 'htmldate', 'courlan') "
            "or m.startswith('briefgen.draft')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# ---- traceability -------------------------------------------------------------------------------


@pytest.mark.parametrize("article", ARTICLES, ids=lambda p: p.name)
def test_every_item_names_the_paragraph_it_came_from(article: Path) -> None:
    from briefgen.draft import draft_facts

    options = Options(date=yaml.safe_load(
        (CORPUS / (article.stem + ".gold.yaml")).read_text("utf-8"))["date"])
    text = draft_facts(str(article), options)
    paragraphs = read_article(str(article), options).paragraphs
    lines = text.splitlines()
    items = [i for i, line in enumerate(lines) if re.match(r"  - (text|date|label):", line)]
    assert items
    for i in items:
        m = re.fullmatch(r"  # from paragraph (\d+)", lines[i - 1])
        assert m, lines[i - 1]
        source = paragraphs[int(m.group(1)) - 1]
        value = yaml.safe_load(lines[i][4:])
        if "text" in value:  # a key point or a quotation: its words are the paragraph's
            bare = re.sub("[\u201c\u201d\"]", "", source)
            assert re.sub("[\u201c\u201d\"]", "", value["text"]).rstrip(".,") in bare
        if "label" in value:
            shown = yaml.safe_load(lines[i + 1][4:])["value"]
            assert shown in source or shown.replace("%", " percent") in source


# ---- bad input: one line, exit 1, nothing written ---------------------------------------------


BAD = {
    "empty.txt": (b"  \n\n", "is empty: there is no article to draft from"),
    "picture.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20,
                    "is not text, Markdown or HTML (it holds binary data)"),
    "latin1.txt": ("Caf\u00e9 news\n\nThe caf\u00e9 opened.".encode("latin-1"),
                   "is not UTF-8 text (byte 4 is not UTF-8): save the article as UTF-8"),
    "page.html": (b"<html><head><title>Site</title></head><body><nav><a href='/'>Home</a> | "
                  b"<a href='/w'>World</a></nav><footer>Terms | Privacy</footer></body></html>",
                  "holds no article text (no paragraph of sentences was found)"),
    "headline.txt": (b"Only a headline here\n", "holds no article text (no paragraph of "
                                                 "sentences was found)"),
    "bomb.html": (b"<html><body>" + b"<div>" * 200_000 + b"x" + b"</div>" * 200_000 +
                  b"</body></html>", "holds no article text: no main text was found in the page"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_article_one_line_and_output_kept(name: str, capsys: pytest.CaptureFixture[str],
                                              tmp_path: Path) -> None:
    data, message = BAD[name]
    article = tmp_path / name
    article.write_bytes(data)
    target = tmp_path / "facts.yaml"
    target.write_text("kept\n", encoding="utf-8")
    code, out, err = cli(capsys, article, "-o", target)
    assert (code, out, err) == (1, "", f"error: {article}: {message}\n")
    assert target.read_text(encoding="utf-8") == "kept\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "facts.yaml"])


def test_too_large_and_missing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"Words words words.\n\n" * 300_000)
    code, out, err = cli(capsys, big)
    assert (code, out) == (1, "")
    assert err == (f"error: {big}: is 5.7 MB; an article may be at most 5 MB (give the "
                   "article's own text)\n")
    code, out, err = cli(capsys, tmp_path / "nowhere.txt")
    assert (code, out, err) == (1, "", f"error: {tmp_path / 'nowhere.txt'}: cannot read: no "
                                       "such file or directory\n")


def test_output_onto_the_article_is_refused(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Headline\n\nThe council met and said so.\n", encoding="utf-8")
    code, out, err = cli(capsys, article, "-o", article)
    assert (code, out) == (1, "")
    assert err == (f"error: {article}: -o names the article itself: give another file for the "
                   "facts\n")
    assert article.read_text(encoding="utf-8").startswith("Headline")


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, CORPUS / "us-jobless-2011.txt", "--date", "2011-13-01")
    assert code == 2 and out == ""
    assert "'2011-13-01' is not a date as YYYY-MM-DD" in err


def test_a_long_text_is_cut_and_still_validates(capsys: pytest.CaptureFixture[str],
                                                tmp_path: Path) -> None:
    sentences = "\n\n".join(f"The council met for session {n} and {n + 2} people attended, "
                            "officials said." for n in range(40_000))
    facts = drafted(capsys, tmp_path, "A long story\n\n" + sentences)
    text = (tmp_path / "story.yaml").read_text(encoding="utf-8")
    assert "# The article was long: the draft is made from its first" in text
    assert len(facts["figures"]) == 15


def test_no_quotes_no_dates_gives_a_smaller_draft(capsys: pytest.CaptureFixture[str],
                                                  tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, "Council keeps the old bridge\n\nThe council decided to "
                    "keep the old bridge open to walkers and cyclists.\n\nEngineers will "
                    "inspect it again before the winter rains arrive in the valley.\n")
    assert facts["title"] == "Council keeps the old bridge"
    assert "quotes" not in facts and "timeline" not in facts and "date" not in facts
    assert facts["summary"].startswith("The council decided")


# ---- what it finds ------------------------------------------------------------------------------


def test_split_quote_pronoun_and_partial_quote(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Mayor warns of floods\n\n"
        "City Mayor Ana Ruiz spoke on Monday.\n\n"
        "\u201cWe are ready,\u201d she said, \u201cbut the river is still rising.\u201d\n\n"
        "Ruiz called the forecast \u201cdeeply worrying\u201d and asked residents to stay home.\n\n"
        "\u201cThe water is at its highest since 1998,\u201d said Tom Berg, a hydrologist at "
        "the river authority.\n"), "story.txt", "--date", "2024-03-06")
    assert [(q["text"], q["speaker"]) for q in facts["quotes"]] == [
        ("We are ready but the river is still rising.", "Ana Ruiz"),
        ("deeply worrying", "Ana Ruiz"),
        ("The water is at its highest since 1998", "Tom Berg")]
    assert facts["quotes"][0]["role"] == "City Mayor"
    assert [str(e["date"]) for e in facts["timeline"]] == ["2024-03-04"]


def test_quote_continued_in_the_next_paragraph(capsys: pytest.CaptureFixture[str],
                                               tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Minister on the budget\n\n"
        "\u201cWe will balance the books by 2027,\u201d Finance Minister Karl Lind said.\n\n"
        "\u201cNo one should doubt it. The plan is funded.\u201d\n"))
    assert [(q["speaker"], q["text"]) for q in facts["quotes"]] == [
        ("Karl Lind", "We will balance the books by 2027"),
        ("Karl Lind", "No one should doubt it. The plan is funded.")]
    assert [e["date"] for e in facts.get("timeline", [])] == []  # a date inside a quotation


def test_loose_and_relative_dates(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Port history\n\n"
        "Trade through the port began in the late 1970s. The harbour was dredged in 2014. "
        "A new quay opened last Tuesday. The port plans to double its capacity by 2030. "
        "The board met at the end of last year.\n"), "story.txt", "--date", "2024-05-16")
    # the first sentence is the summary (a later dated sentence ends it)
    assert facts["summary"] == "Trade through the port began in the late 1970s."
    assert [str(e["date"]) for e in facts["timeline"]] == [
        "late 1970s", "2014", "2024-05-14", "by 2030", "late 2023"]


def test_figures_money_percent_counts(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Budget passes\n\n"
        "Parliament approved a $4.2 billion budget on Friday, with 212 votes in favour. "
        "Spending on schools rises 3.5 percent, and at least seven people were hurt in protests "
        "outside, where 1,200 police officers stood guard for 10 hours.\n"))
    assert [(f["value"], f["label"]) for f in facts["figures"]] == [
        ("$4.2 billion", "Budget"), ("212", "Votes"),
        ("3.5 percent", "Spending on schools rises"), ("1,200", "Police officers stood guard")]


def test_web_page_leaves_out_navigation_and_comments(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, CORPUS / "ecuador-earthquake-2016.html")
    assert (code, err) == (0, "")
    facts = yaml.safe_load(out)
    assert facts["title"] == "Ecuador Earthquake Death Toll Rises to 654"
    assert str(facts["date"]) == "2016-04-24"  # the page's own date
    assert facts["sources"] == [{"id": "article", "title": facts["title"],
                                 "publisher": "VOA News", "date": facts["date"]}]
    assert "reader42" not in out and "Terrible news" not in out and "$5 million" not in out
    assert "Breaking News" not in out and "Privacy" not in out


def test_url_option_goes_into_the_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, CORPUS / "us-jobless-2011.txt", "--url",
                         "https://www.voanews.com/a/us-jobless-rate")
    assert code == 0
    assert yaml.safe_load(out)["sources"][0]["url"] == "https://www.voanews.com/a/us-jobless-rate"


def test_place_line_and_a_title_for_a_site_name(capsys: pytest.CaptureFixture[str]) -> None:
    """"WASHINGTON -- " is where the story was filed, not its first words; a page whose site
    name is its title again gets no publisher rather than a wrong one."""
    code, out, err = cli(capsys, CORPUS / "nasa-holdren-statement-2012.html")
    facts = yaml.safe_load(out)
    assert facts["summary"].startswith("Following Tuesday's launch of SpaceX's Falcon 9")
    assert "publisher" not in facts["sources"][0]
    assert facts["quotes"][0]["speaker"] == "John P. Holdren"


def test_markdown_headline_and_byline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, CORPUS / "us-unemployment-2011.md", "--date", "2011-12-02")
    facts = yaml.safe_load(out)
    assert facts["title"] == "US Unemployment Rate Drops"
    assert facts["summary"].startswith("The U.S. economy received a boost")
    assert "*" not in out and "VOA News" not in out


def test_more_attributions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A described speaker resolved to the person with that role, an appositive between the
    quotation and the verb, "according to", a name with "von der", accented names."""
    facts = drafted(capsys, tmp_path, (
        "Talks resume\n\n"
        "Police spokesman John Ode spoke in the capital.\n\n"
        "\u201cWe have arrested two men,\u201d the spokesman said.\n\n"
        "\u201cThe market will recover,\u201d Anna Berg, the bank's chief economist, said.\n\n"
        "\u201cPrices rose sharply,\u201d according to Mar\u00eda L\u00f3pez, an analyst.\n\n"
        "European Commission President Ursula von der Leyen said the deal was "
        "\u201ca turning point for Europe.\u201d\n\n"
        "\u201cNothing is decided,\u201d a senior official told reporters.\n"))
    assert [(q["text"], q["speaker"]) for q in facts["quotes"]] == [
        ("We have arrested two men", "John Ode"),
        ("The market will recover", "Anna Berg"),
        ("Prices rose sharply", "Mar\u00eda L\u00f3pez"),
        ("a turning point for Europe.", "Ursula von der Leyen"),
        ("Nothing is decided", "Senior official")]


def test_british_single_quotes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Minister stands firm\n\n"
        "Prime Minister Keir Starmer spoke in London.\n\n"
        "\u2018We will not back down,\u2019 he said. \u2018This is about fairness.\u2019\n"))
    assert [(q["text"], q["speaker"]) for q in facts["quotes"]] == [
        ("We will not back down", "Keir Starmer"), ("This is about fairness.", "Keir Starmer")]


def test_pronoun_after_a_surname_and_a_future_weekday(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    facts = drafted(capsys, tmp_path, (
        "Talks in Geneva\n\n"
        "Secretary of State Anna Holt met Foreign Minister Ivan Petrov on Friday.\n\n"
        "\u201cWe made progress,\u201d Holt told reporters.\n\n"
        "Petrov agreed that the meetings had helped.\n\n"
        "\u201cOur experts will continue next week,\u201d he said.\n\n"
        "The storm will make landfall Thursday, with winds of 130 mph.\n"),
        "story.txt", "--date", "2018-09-11")
    assert [q["speaker"] for q in facts["quotes"]] == ["Anna Holt", "Ivan Petrov"]
    assert [str(e["date"]) for e in facts["timeline"]] == ["2018-09-07", "2018-09-13"]
    assert [(f["value"], f["label"]) for f in facts["figures"]] == [("130 mph", "Winds")]
