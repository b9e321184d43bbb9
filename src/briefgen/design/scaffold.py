"""The starting point `briefgen init-template DIR` writes: a custom template folder that builds at
once and shows, with comments, each thing a user can change.

In: the folder to create. Out: {path: text} of the files to write (the CLI writes them).
"""

from __future__ import annotations

from pathlib import Path

from briefgen.errors import Problem, TemplateError
from briefgen.input.language_codes import base

THEME = """\
# Your theme: any setting here replaces the built-in one (`briefgen templates --show theme.yaml`
# prints them all). Lengths are in points (72 to an inch).
page: {paper}{pad}# letter or a4 (`build --paper` overrides it)
font: serif             # serif (Times / Times New Roman) or sans (Helvetica / Arial), or
                        # a font family's name: "DejaVu Serif" (installed, or .ttf files here)
# heading_font: sans    # headings and the title, if not in the text font
accent: "#7A1F2B"       # headings, labels and rules
# logo: logo.png        # a PNG or JPEG in this folder, printed top left in the top margin
# logo_height: 28
# body_size: 11         # fitting may shrink text towards min_body_size, never below it
# min_body_size: 9.5
"""

AUDIENCE = """\
# A new audience: build it with `briefgen build FACTS -t {folder} -a board`.
# It extends the built-in `executive` audience and changes only what is written here.
extends: executive
description: "The board: the bottom line, two key points and the figures."
label: BOARD NOTE
titles:
  bottom_line: In one sentence
limits:
  key_points: 2         # keep the 2 most important (by priority, then file order); each
  quotes: 0             # item a limit leaves out is a note: line of the build
# sections: [header, bottom_line, key_points, figures, recommendation, sources, footer]
#                       # a section of the facts' own `sections:` by its id (risks), or all
#                       # those not named with other_sections; `recommendation` prints the
#                       # facts' recommendations, or the text below when they have none
# all_sources: true     # print every source, not only those the items printed cite
# recommendation: That you note the position.
# theme: {body_size: 12}
"""

TEMPLATE = """\
{#- Your template: the built-in brief with its own footer line. -#}
{#- It extends the built-in template and overrides one block; every other block (header,
    bottom_line, background, key_points, timeline, quotes, figures, outlook, other_sections,
    recommendation, recommendations, sources, label) can be overridden the same way. Write only briefgen markup (docs/templates.md, "The markup"). -#}
{% extends "builtin/brief.xml.j2" %}

{% block footer %}
<section key="footer">
  <p role="note">Prepared {% if memo.from %}by {{ memo.from }} {% endif %}on {{ date }}. Questions: contact the author.</p>
</section>
{% endblock %}
"""


# The scaffolded audience's own words in each language (`init-template --language`): its label
# and its title, which briefgen's words do not hold.
OWN_WORDS = {
    "fr": ("NOTE AU CONSEIL", "En une phrase"), "de": ("VORLAGE FÜR DEN VORSTAND", "In einem Satz"),
    "es": ("NOTA PARA EL CONSEJO", "En una frase"), "it": ("NOTA PER IL CONSIGLIO", "In una frase"),
    "pt": ("NOTA AO CONSELHO", "Em uma frase"), "nl": ("NOTITIE VOOR HET BESTUUR", "In één zin"),
    "pl": ("NOTATKA DLA ZARZĄDU", "W jednym zdaniu"),
    "ru": ("СПРАВКА ДЛЯ ПРАВЛЕНИЯ", "В одном предложении"),
    "uk": ("ДОВІДКА ДЛЯ ПРАВЛІННЯ", "Одним реченням"), "ja": ("取締役会向けメモ", "一言で言えば"),
    "zh": ("董事会简报", "一句话概括"), "ko": ("이사회 보고 메모", "한 문장 요약"),
}

LANGUAGE = """language: {tag}            # the brief's language (--language wins over it)
words:                  # your own words in it, by the English text they replace (docs/languages.md)
  {base}:
    BOARD NOTE: "{label}"
    In one sentence: "{title}"
"""

FOOTER = """  <p role="note">{{ words["Prepared on {date}"] | replace("{date}", date) }}</p>"""


def scaffold(folder: Path, paper: str = "a4", language: str | None = None) -> dict[Path, str]:
    """The files of a new template folder, its theme on this paper (a4 or letter), its audience
    in `language` (a tag) if given; refuses a folder that exists and is not empty."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise TemplateError([Problem(str(folder), "already exists and is not an empty folder; "
                                                  "choose a new one")])
    audience, template = AUDIENCE.replace("{folder}", str(folder)), TEMPLATE
    if language is not None and language != "en":
        audience = _in_language(audience, language)
        template = "\n".join(FOOTER if "Questions: contact" in line else line
                             for line in template.split("\n"))
    return {
        folder / "theme.yaml": THEME.replace("{paper}{pad}", f"{paper:<18}"),
        folder / "audiences" / "board.yaml": audience,
        folder / "brief.xml.j2": template,
    }


def _in_language(audience: str, tag: str) -> str:
    """The scaffolded audience with its language and its own words in it, after `extends`."""
    words = base(tag)
    if words not in OWN_WORDS:
        return audience.replace("extends: executive\n", f"extends: executive\nlanguage: {tag}\n")
    label, title = OWN_WORDS[words]
    lines = LANGUAGE.format(tag=tag, base=words, label=label, title=title)
    return audience.replace("extends: executive\n", "extends: executive\n" + lines)
