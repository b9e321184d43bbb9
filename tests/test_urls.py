"""Web addresses: what is no URL is refused where it is written (one located line, nothing
written); every link target, in every format, is ASCII (the host in IDNA, the rest
percent-encoded UTF-8), while the printed address stays as written."""

from __future__ import annotations

import json
import re
import subprocess
import zipfile

import pytest
from conftest import pdf_text, tool
from test_html_browser import VNU, _required
from test_writer_markdown import cli

from briefgen.input.nodes import show
from briefgen.input.urls import link_target

# (as written, its ASCII target)
LINKS = [
    ("https://example.org/a|b^c`d{e}[f]", "https://example.org/a%7Cb%5Ec%60d%7Be%7D%5Bf%5D"),
    ("https://Bücher.example:8080/straße?q=ü#frag#x",
     "https://xn--bcher-kva.example:8080/stra%C3%9Fe?q=%C3%BC#frag%23x"),
    ('https://example.org/"x"<y>', "https://example.org/%22x%22%3Cy%3E"),
    ("https://ja.wikipedia.org/wiki/日本", "https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC"),
    ("https://пример.рф/путь", "https://xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"),
    ("https://example.org/a%20b?x=1&y=%C3%BC", "https://example.org/a%20b?x=1&y=%C3%BC"),
]


def _facts(path, urls) -> None:
    rows = "".join(f"  - id: s{n}\n    title: Source {n}\n    url: {json.dumps(url)}\n"
                   for n, url in enumerate(urls))
    ids = ", ".join(f"s{n}" for n in range(len(urls)))
    path.write_text("title: Links\ndate: 2025-02-03\nsummary: Links.\nkey_points:\n"
                    f"  - text: A point.\n    sources: [{ids}]\nsources:\n{rows}", "utf-8")


@pytest.mark.parametrize("url, message", [
    ("https://example.org\\\\evil.com/x", "must not hold a backslash (\\); a web address uses /"),
    ("https://good.example.org@evil.example/",
     "must not hold a user name or password before the host (user:pass@)"),
    ("https://user:pass@example.org/",
     "must not hold a user name or password before the host (user:pass@)"),
    ("https://example.org/%zz", "has a % not followed by two hexadecimal digits "
                                "(write a percent sign as %25)"),
    ("https://example.org/100%", "has a % not followed by two hexadecimal digits "
                                 "(write a percent sign as %25)"),
    (f"https://{'ü' * 70}.example/", "has a host that is no internet name (each part of it "
                                     "1 to 63 letters, long)"),
])
def test_what_is_no_url_is_refused_at_its_line(tmp_path, url, message):
    facts = tmp_path / "links.yaml"
    facts.write_text("title: Links\ndate: 2025-02-03\nsummary: Links.\nsources:\n"
                     f"  - id: a\n    title: A\n    url: \"{url}\"\n", "utf-8")
    code, out, err = cli(str(facts), "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    value = url.replace("\\\\", "\\")  # as the YAML reads it
    assert err == f"error: {facts}:7: sources[0].url: url {message}, not {show(value)}\n"
    assert not (tmp_path / "out").exists()


def test_a_template_link_that_is_no_url_is_the_template_s_error(tmp_path):
    folder = tmp_path / "house"
    folder.mkdir()
    (folder / "brief.xml.j2").write_text(
        '{% extends "builtin/brief.xml.j2" %}{% block outlook %}\n<section title="More">'
        '<p><a href="https://u:p@example.org/">site</a></p></section>{% endblock %}\n', "utf-8")
    facts = tmp_path / "f.yaml"
    _facts(facts, ["https://example.org/"])
    code, out, err = cli(str(facts), "-t", str(folder), "-o", str(tmp_path / "out"))
    assert (code, out) == (1, "")
    assert err == (f"error: {folder / 'brief.xml.j2'}:2: markup: link 'https://u:p@example.org/' "
                   "must not hold a user name or password before the host (user:pass@)\n")


@pytest.mark.parametrize("written, target", LINKS)
def test_a_link_target_is_ascii_and_stable(written, target):
    assert link_target(written) == target
    assert target.isascii() and link_target(target) == target


def test_every_format_links_to_the_ascii_target_and_prints_the_address_as_written(tmp_path):
    facts = tmp_path / "links.yaml"
    _facts(facts, [w for w, _ in LINKS])
    out = tmp_path / "out"
    code, _, err = cli(str(facts), "-o", str(out), "-a", "analyst",
                       "-f", "pdf", "-f", "docx", "-f", "html", "-f", "md")
    assert code == 0, err
    targets = [t for _, t in LINKS]
    pdf = out / "links-analyst.pdf"
    shown = subprocess.run([tool("pdfinfo"), "-url", str(pdf)], capture_output=True,
                           text=True, check=True).stdout.splitlines()[1:]
    assert [line.split()[-1] for line in shown] == targets
    printed = " ".join(pdf_text(pdf).split())
    assert "https://Bücher.example:8080/straße?q=ü#frag#x" in printed
    assert "https://пример.рф/путь" in printed
    with zipfile.ZipFile(out / "links-analyst.docx") as docx:
        rels = docx.read("word/_rels/document.xml.rels").decode("utf-8")
    assert re.findall(r'Target="(http[^"]*)"', rels) == \
        [t.replace("&", "&amp;") for t in targets]
    html = (out / "links-analyst.html").read_text("utf-8")
    assert [h for h in re.findall(r'href="([^"#][^"]*)"', html)] == \
        [t.replace("&", "&amp;") for t in targets]
    markdown = (out / "links-analyst.md").read_text("utf-8")
    assert re.findall(r"\]\((http[^)]*)\)", markdown) == targets
    done = subprocess.run([tool("java"), "-jar", str(_required(VNU)), "--format", "json",
                           str(out / "links-analyst.html")], capture_output=True, text=True,
                          timeout=300, check=False)
    assert json.loads(done.stderr or done.stdout)["messages"] == []
