"""The brief's language: `language:` in the facts, an audience's `language:` and `--language`
set every word the brief adds (masthead, labels, titles, notes, footer, page numbers), the
punctuation (the label colon, quotation marks), the label column, the PDF's /Lang and the DOCX's
language. Read back from the PDF (pdftotext, pypdf), the DOCX (python-docx, its XML) and, for the
label column, the DOCX as LibreOffice lays it out."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pypdf
import pytest
from conftest import (
    FACTS_DIR,
    SEED,
    docx_header_footer,
    docx_text,
    pdf_pages,
    pdf_text,
    soffice_to_pdf,
    words,
)

import briefgen
from briefgen.compose.languages import language
from briefgen.design.audience import load_audience
from briefgen.design.environment import BUILTIN_DIR
from briefgen.edge.cli import run
from briefgen.input.language_codes import SUPPORTED as CODES

SUPPORTED = "en, fr, de, es, it, pt, nl, pl, ru, uk, ja, zh, ko, ar, he"
# per language: masthead, the TO label with its colon, the REF label, the key points' title, the
# note under the timeline, the footer's start, the quotation marks. Typed here, not read from
# briefgen's catalogue, so a wrong or missing word there fails.
EXPECTED = {
    "en": ("BRIEFING MEMO", "TO:", "REF:", "Key points", "Dates in italics are approximate.",
           "Prepared by Regional Security Desk on", "“", "”"),
    "fr": ("NOTE DE SYNTHÈSE", "DESTINATAIRE\u00a0:", "RÉF.\u00a0:", "Points clés",
           "Les dates en italique sont approximatives.", "Établi par Regional Security Desk le",
           "«\u00a0", "\u00a0»"),
    "de": ("VERMERK", "AN:", "AKTENZEICHEN:", "Die wichtigsten Punkte",
           "Kursiv gesetzte Daten sind ungefähre Angaben.",
           "Erstellt von Regional Security Desk am", "„", "“"),
    "es": ("NOTA INFORMATIVA", "PARA:", "REF.:", "Puntos clave",
           "Las fechas en cursiva son aproximadas.", "Elaborado por Regional Security Desk el",
           "«", "»"),
    "it": ("APPUNTO", "DESTINATARIO:", "RIF.:", "Punti chiave",
           "Le date in corsivo sono approssimative.", "Redatto da Regional Security Desk il",
           "«", "»"),
    "pt": ("NOTA INFORMATIVA", "PARA:", "REF.:", "Pontos principais",
           "As datas em itálico são aproximadas.", "Elaborado por Regional Security Desk em",
           "“", "”"),
    "nl": ("NOTITIE", "AAN:", "KENMERK:", "Belangrijkste punten",
           "Cursief gedrukte data zijn bij benadering.",
           "Opgesteld door Regional Security Desk op", "‘", "’"),
    "pl": ("NOTATKA INFORMACYJNA", "DO:", "ZNAK:", "Kluczowe kwestie",
           "Daty zapisane kursywą są przybliżone.", "Opracowanie: Regional Security Desk,",
           "„", "”"),
    "ru": ("ИНФОРМАЦИОННАЯ СПРАВКА", "КОМУ:", "ИСХ. №:", "Ключевые моменты",
           "Даты, выделенные курсивом, приблизительны.", "Подготовлено: Regional Security Desk,",
           "«", "»"),
    "uk": ("ІНФОРМАЦІЙНА ДОВІДКА", "КОМУ:", "ВИХ. №:", "Ключові моменти",
           "Дати, виділені курсивом, приблизні.", "Підготовлено: Regional Security Desk,",
           "«", "»"),
    "ja": ("説明メモ", "宛先：", "文書番号：", "主なポイント", "斜体の日付はおおよその時期です。",
           "作成：Regional Security Desk（", "「", "」"),
    "zh": ("简报", "收件人：", "文号：", "要点", "斜体日期为大致日期。",
           "Regional Security Desk编制于", "“", "”"),
    "ko": ("브리핑 메모", "수신:", "문서번호:", "주요 내용", "기울임꼴 날짜는 대략적인 날짜입니다.",
           "작성: Regional Security Desk,", "“", "”"),
}
ENGLISH = ("BRIEFING MEMO", "SUBJECT:", "Key points", "Dates in italics", "Prepared by", "FROM:")
QUOTE = "Today’s Ukraine might be tomorrow’s Asia"


def squeezed(text: str) -> str:
    """Text with every space gone and case folded: CJK text has no spaces, headings print in
    capitals, and each reader breaks lines in its own places."""
    return re.sub(r"\s+", "", text).casefold()


def cli(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = run([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample facts with a reference, so the REF label and the footer's reference print."""
    text = (FACTS_DIR / SEED).read_text(encoding="utf-8")
    text = text.replace("  # reference: RSD/2025/001", "  reference: RSD/2025/001")
    path = tmp_path_factory.mktemp("facts") / "seed.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(facts: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """The sample brief in every language, as PDF and DOCX files."""
    out = tmp_path_factory.mktemp("languages")
    made = {}
    for code in EXPECTED:
        outputs = briefgen.build(facts, language=code)
        pdf, docx = out / f"{code}.pdf", out / f"{code}.docx"
        pdf.write_bytes(outputs["pdf"])
        docx.write_bytes(outputs["docx"])
        made[code] = (pdf, docx)
    return made


@pytest.mark.parametrize("code", EXPECTED)
def test_every_language_builds_one_page_with_its_words(built, code):
    pdf, docx = built[code]
    assert pdf_pages(pdf) == 1
    masthead, to, ref, key_points, note, footer, opening, closing = EXPECTED[code]
    wanted = [masthead, to, ref, key_points, note, footer, opening + QUOTE + closing]
    for name, text in (("PDF", pdf_text(pdf)), ("DOCX", "\n".join(docx_text(docx)))):
        found = squeezed(text)
        for word in wanted:
            assert squeezed(word) in found, f"{code} {name}: {word!r} missing"
        if code != "en":
            for english in ENGLISH:
                assert squeezed(english) not in found, f"{code} {name}: {english!r} printed"


def test_the_french_label_keeps_its_no_break_space_before_the_colon(built):
    text = pdf_text(built["fr"][0])
    assert "DESTINATAIRE\u00a0:" in text or "DESTINATAIRE :" in text
    assert "DESTINATAIRE:" not in text.replace("\u00a0", "")


def test_the_label_column_fits_the_longest_label_in_the_pdf_and_in_libreoffice(built, tmp_path):
    """French DESTINATAIRE, German AKTENZEICHEN and Russian ИСХ. № each print on one line; the
    fixed column of before broke them mid-word."""
    docs = [built[code][1] for code in ("fr", "de", "ru")]
    office = soffice_to_pdf(docs, tmp_path / "office", tmp_path / "profile")
    for code, label in (("fr", "destinataire"), ("de", "aktenzeichen:"), ("ru", "исх.")):
        for what, path in (("PDF", built[code][0]), ("LibreOffice", office[built[code][1]])):
            assert label in words(pdf_text(path)), f"{code} {what}: {label} broken"
            assert pdf_pages(path) == 1, f"{code} {what}"


@pytest.mark.parametrize("code, lang", [("fr", "fr"), ("ja", "ja"), ("en", "en")])
def test_the_pdf_and_the_docx_name_the_language(built, code, lang):
    pdf, docx = built[code]
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    with zipfile.ZipFile(docx) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
        core = archive.read("docProps/core.xml").decode("utf-8")
    (tag,) = re.findall(r"<w:lang [^>]*/>", styles)
    if code == "en":  # unchanged: python-docx's
        assert 'w:val="en-US"' in tag and "<dc:language>" not in core
    elif code == "ja":  # Word files Japanese under w:eastAsia
        assert 'w:eastAsia="ja"' in tag and 'w:val="en-US"' in tag
        assert "<dc:language>ja</dc:language>" in core
    else:
        assert f'w:val="{lang}"' in tag and f"<dc:language>{lang}</dc:language>" in core


def test_a_regional_variant_prints_its_base_words_and_names_itself(facts):
    outputs = briefgen.build(facts, language="fr_CA")
    reader = pypdf.PdfReader(io.BytesIO(outputs["pdf"]))
    assert reader.trailer["/Root"]["/Lang"] == "fr-CA"
    assert "NOTE DE SYNTHÈSE" in reader.pages[0].extract_text()
    with zipfile.ZipFile(io.BytesIO(outputs["docx"])) as archive:
        assert "<dc:language>fr-CA</dc:language>" in archive.read("docProps/core.xml").decode()


# ---- precedence: --language > audience > facts > en --------------------------------------------


@pytest.fixture
def house(tmp_path: Path, facts: Path) -> tuple[Path, Path, Path]:
    """A template folder whose `board` audience is German, French facts and English facts."""
    folder = tmp_path / "house"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "board.yaml").write_text("language: de\n", encoding="utf-8")
    french = tmp_path / "french.yaml"
    french.write_text("language: fr\n" + facts.read_text(encoding="utf-8"), encoding="utf-8")
    return folder, french, facts


@pytest.mark.parametrize("which, audience, option, lang, masthead", [
    ("english", None, None, "en", "BRIEFING MEMO"),
    ("french", None, None, "fr", "NOTE DE SYNTHÈSE"),
    ("french", "board", None, "de", "VERMERK"),
    ("english", "board", None, "de", "VERMERK"),
    ("french", "board", "ja", "ja", "説明メモ"),
    ("french", None, "es", "es", "NOTA INFORMATIVA"),
])
def test_the_option_wins_over_the_audience_which_wins_over_the_facts(
        capsys, house, tmp_path, which, audience, option, lang, masthead):
    folder, french, english = house
    out = tmp_path / "out"
    args = ["build", french if which == "french" else english, "-t", folder, "-o", out,
            "-f", "pdf"]
    args += ["-a", audience] if audience else []
    args += ["--language", option] if option else []
    code, _, err = cli(capsys, *args)
    assert code == 0, err
    (pdf,) = out.glob("*.pdf")
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == lang
    assert pdf_text(pdf).splitlines()[2] == masthead  # after the two banners


# ---- errors --------------------------------------------------------------------------------------


def test_an_unknown_language_in_the_facts_is_its_line_and_field(capsys, facts, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("language: klingon\n" + facts.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, err = cli(capsys, "build", bad, "-o", out)
    assert code == 1 and stdout == "" and not out.exists()
    assert err == (f"error: {bad}:1: language: unknown or unsupported language 'klingon' "
                   f"(supported: {SUPPORTED}, and their regional variants such as fr-CA, "
                   "pt-BR, zh-TW)\n")


@pytest.mark.parametrize("value", ["fa", "fr-XX", "en_", "de DE"])
def test_a_language_briefgen_has_no_words_for_is_refused(capsys, facts, tmp_path, value):
    bad = tmp_path / "bad.yaml"
    bad.write_text(facts.read_text(encoding="utf-8") + f"language: '{value}'\n",
                   encoding="utf-8")
    code, _, err = cli(capsys, "check", bad)
    assert code == 1 and "Traceback" not in err
    assert re.fullmatch(rf"error: {re.escape(str(bad))}:\d+: language: unknown or unsupported "
                        rf"language {re.escape(repr(value))} \(supported: {SUPPORTED}, .*\)\n", err)


@pytest.mark.parametrize("command", ["build", "check"])
def test_an_unknown_language_option_is_a_usage_error(capsys, facts, tmp_path, command):
    code, stdout, err = cli(capsys, command, facts, "--language", "xx", *(
        ["-o", tmp_path / "out"] if command == "build" else []))
    assert code == 2 and stdout == "" and not (tmp_path / "out").exists()
    assert "Invalid value for '--language': unknown or unsupported language 'xx' " \
           f"(supported: {SUPPORTED}," in err


def test_the_library_refuses_an_unknown_language(facts):
    with pytest.raises(ValueError, match=f"unknown or unsupported language 'xx' "
                                         rf"\(supported: {SUPPORTED}"):
        briefgen.build(facts, language="xx")
    with pytest.raises(TypeError, match="language must be a code"):
        briefgen.build(facts, language=3)  # type: ignore[arg-type]


@pytest.mark.parametrize("text, line, field, message", [
    ("language: xx\n", 1, "language", "unknown or unsupported language 'xx'"),
    ("words:\n  xx: {Timeline: T}\n", 2, "words.xx", "unknown or unsupported language 'xx'"),
    ("words:\n  fr: [Timeline]\n", 2, "words.fr", "is a mapping of English texts"),
    ("words:\n  fr: {Timeline: \"\\uE000\"}\n", 2, "words.fr", "cannot print"),
    ("words:\n  fr: {\"Prepared on {date}\": \"Établi le {jour}\"}\n", 2, "words.fr",
     "'Établi le {jour}' must hold the placeholders of 'Prepared on {date}' ({date}), each once"),
])
def test_an_audience_language_or_word_it_cannot_use_is_its_line(capsys, facts, tmp_path, text,
                                                                line, field, message):
    folder = tmp_path / "house"
    (folder / "audiences").mkdir(parents=True)
    audience = folder / "audiences" / "board.yaml"
    audience.write_text(text, encoding="utf-8")
    code, _, err = cli(capsys, "build", facts, "-t", folder, "-a", "board", "-o", tmp_path / "o")
    assert code == 1 and not (tmp_path / "o").exists() and "Traceback" not in err
    assert err.startswith(f"error: {audience}:{line}: {field}: {message}"), err
    assert len(err.splitlines()) == 1


# ---- an audience's own words ---------------------------------------------------------------------


def test_an_audience_gives_its_own_words_and_a_title_without_one_prints_as_written(
        capsys, facts, tmp_path):
    folder = tmp_path / "house"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "board.yaml").write_text(
        "language: fr\ntitles:\n  key_points: Risks\n"
        "words:\n  fr:\n    Timeline: Déroulé des faits\n  fr-CA:\n    BRIEFING MEMO: NOTE\n",
        encoding="utf-8")
    out = tmp_path / "out"
    assert cli(capsys, "build", facts, "-t", folder, "-a", "board", "-o", out, "-f", "pdf")[0] == 0
    text = squeezed(pdf_text(next(out.glob("*.pdf"))))
    assert squeezed("Déroulé des faits") in text and squeezed("Chronologie") not in text
    assert squeezed("Risks") in text and squeezed("NOTE DE SYNTHÈSE") in text
    assert cli(capsys, "build", facts, "-t", folder, "-a", "board", "-o", out, "-f", "pdf",
               "--language", "fr-CA")[0] == 0
    lines = pdf_text(next(out.glob("*.pdf"))).splitlines()
    assert lines[2] == "NOTE"  # the fr-CA word, over the fr one


# ---- page numbers, init-template, English untouched ----------------------------------------------


def test_a_longer_brief_numbers_its_pages_in_its_language(tmp_path):
    outputs = briefgen.build(FACTS_DIR / "crowded.yaml", pages=2, language="fr")
    pdf, docx = tmp_path / "c.pdf", tmp_path / "c.docx"
    pdf.write_bytes(outputs["pdf"])
    docx.write_bytes(outputs["docx"])
    assert pdf_pages(pdf) == 2
    text = pdf_text(pdf)
    assert "Page 1 sur 2" in text and "Page 2 sur 2" in text and "Page 1 of" not in text
    footer = docx_header_footer(docx)[1]
    assert re.search(r"Page\s*2\s*sur\s*2", footer), footer


def test_init_template_scaffolds_an_audience_in_the_language(capsys, facts, tmp_path):
    folder = tmp_path / "ministry"
    code, _, err = cli(capsys, "init-template", folder, "--language", "fr")
    assert code == 0, err
    assert "\nlanguage: fr " in (folder / "audiences" / "board.yaml").read_text(encoding="utf-8")
    out = tmp_path / "out"
    assert cli(capsys, "build", facts, "-t", folder, "-a", "board", "-o", out, "-f", "pdf")[0] == 0
    pdf = next(out.glob("*.pdf"))
    text = squeezed(pdf_text(pdf))
    for word in ("NOTE AU CONSEIL", "DESTINATAIRE", "En une phrase", "Établi le"):
        assert squeezed(word) in text, word
    assert pypdf.PdfReader(pdf).trailer["/Root"]["/Lang"] == "fr"
    code, _, err = cli(capsys, "init-template", tmp_path / "x", "--language", "tlh")
    assert code == 2 and "unknown or unsupported language 'tlh'" in err


@pytest.mark.parametrize("language, loaded", [(None, False), ("en", False), ("fr", True),
                                              ("fr-CA", True)])
def test_babel_is_imported_only_for_a_language_other_than_english(facts, language, loaded):
    script = ("import sys, briefgen; briefgen.build(sys.argv[1], formats=['pdf'], "
              "language=None if sys.argv[2] == '-' else sys.argv[2]); "
              "print('babel' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script, str(facts), language or "-"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(loaded)


@pytest.mark.parametrize("audience, wanted", [
    ("press", ("NOTE DE PRESSE", "EN DATE DU\u00a0:", "Faits essentiels",
               "Déclarations officielles", "À jour au")),
    ("executive", ("NOTE DE SYNTHÈSE", "L’essentiel\u00a0: ce qui vous concerne",
                   "Pour information",
                   "Pour information uniquement\u00a0; aucune suite n’est requise.")),
    ("analyst", ("NOTE D’ANALYSE", "Évaluation", "Chronologie")),
])
def test_every_built_in_audience_prints_its_words_in_french(facts, tmp_path, audience, wanted):
    outputs = briefgen.build(facts, audience=audience, language="fr")
    pdf, docx = tmp_path / "b.pdf", tmp_path / "b.docx"
    pdf.write_bytes(outputs["pdf"])
    docx.write_bytes(outputs["docx"])
    for name, text in (("PDF", pdf_text(pdf)), ("DOCX", "\n".join(docx_text(docx)))):
        for word in wanted:
            assert squeezed(word) in squeezed(text), f"{audience} {name}: {word!r}"


def test_an_english_audience_may_change_briefgens_english_words(capsys, facts, tmp_path):
    folder = tmp_path / "house"
    (folder / "audiences").mkdir(parents=True)
    (folder / "audiences" / "board.yaml").write_text(
        "words:\n  en:\n    Key points: Highlights\n    SUBJECT: RE\n", encoding="utf-8")
    out = tmp_path / "out"
    assert cli(capsys, "build", facts, "-t", folder, "-a", "board", "-o", out, "-f", "pdf")[0] == 0
    text = squeezed(pdf_text(next(out.glob("*.pdf"))))
    assert "highlights" in text and "re:japanopens" in text and "keypoints" not in text


def test_words_the_fonts_cannot_print_are_refused_at_the_language_line(capsys, facts, tmp_path,
                                                                       monkeypatch):
    """Without the CJK font, a Japanese brief is an error naming the characters, at the facts
    file's `language`, and nothing is written; a French one still builds."""
    from briefgen.layout import font_files

    find = font_files.Finder.find
    monkeypatch.setattr(font_files.Finder, "find",
                        lambda self, name: None if "wqy" in name.lower() else find(self, name))
    briefgen.clear_caches()  # the chain is found again, without WenQuanYi
    try:
        japanese = tmp_path / "ja.yaml"
        japanese.write_text(facts.read_text(encoding="utf-8") + "language: ja\n",
                            encoding="utf-8")
        line = len(japanese.read_text(encoding="utf-8").splitlines())
        out = tmp_path / "out"
        code, _, err = cli(capsys, "build", japanese, "-o", out)
        assert code == 1 and not out.exists() and "Traceback" not in err
        assert err.startswith(f"error: {japanese}:{line}: language: the words of the ja brief: "
                              "cannot print '"), err
        assert "build in another language than ja" in err
        assert cli(capsys, "build", facts, "--language", "fr", "-o", out)[0] == 0
    finally:
        briefgen.clear_caches()


@pytest.mark.parametrize("code", [*(c for c in CODES if c != "en"), "zh-Hant"])
def test_every_word_a_built_in_audience_prints_is_in_every_language(code):
    """A French brief never shows an English title because a built-in audience gained one the
    catalogues lack: every label, date label, title and fixed text of the built-in audiences,
    and every English word of the English catalogue, has a translation."""
    english = language("en").words
    found = language(code).words
    wanted = set(english)
    for name in ("default", "executive", "analyst", "press"):
        audience = load_audience(name, [BUILTIN_DIR])
        wanted |= {audience.label, audience.date_label, *audience.titles.values()}
        wanted |= {audience.recommendation} if audience.recommendation else set()
    assert sorted(w for w in wanted if w not in found) == []


@pytest.mark.parametrize("tag", ["zh-TW", "zh-Hant", "zh-HK"])
def test_chinese_in_traditional_characters_prints_traditional_words(facts, tag):
    """zh-TW is labelled Traditional and printed so: words, quotation marks and dates alike,
    never the Simplified words beside a Traditional date."""
    md = briefgen.build(facts, audience="press", formats=["md"], language=tag)["md"].decode()
    assert "媒體簡報" in md and "主要事實" in md and "「" in md
    assert "媒体简报" not in md and "主要事实" not in md
    simplified = briefgen.build(facts, audience="press", formats=["md"], language="zh")["md"]
    assert "媒体简报" in simplified.decode()



def test_the_parts_of_an_attribution_and_of_the_sources_are_joined_as_the_language_joins_them(
        facts):
    """Japanese joins a speaker's role and a source's parts with 「、」 and sources run into one
    line with 「；」, French puts a no-break space before its semicolon; English as ever."""
    def md(language):
        return briefgen.build(facts, audience="executive", formats=["md"],
                              language=language)["md"].decode()

    japanese, french, english = md("ja"), md("fr"), md("en")
    assert "**Kanji Yamanouchi**、Japan’s ambassador" in japanese
    assert "」；[2] Japan Institute of International Affairs、「" in japanese
    assert "\u00a0; [2] Japan Institute of International Affairs, «\u00a0" in french
    assert "**Kanji Yamanouchi**, Japan’s ambassador" in english
    assert "”; [2] Japan Institute of International Affairs, “" in english


def test_a_country_code_written_for_a_language_gets_the_language_code(capsys, tmp_path):
    """'jp' is Japan; the error says 'ja' is the language (and so for cn, kr, ua...)."""
    path = tmp_path / "f.yaml"
    path.write_text("title: T\nsummary: S.\nlanguage: jp\n", encoding="utf-8")
    code, _, err = cli(capsys, "check", path)
    assert code == 1 and err == (
        f"error: {path}:3: language: unknown or unsupported language 'jp' (did you mean 'ja'?; "
        f"supported: {SUPPORTED}, and their regional variants such as fr-CA, pt-BR, zh-TW)\n")
