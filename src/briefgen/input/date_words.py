"""The words of loose dates in each language briefgen prints, beyond what CLDR gives.

In: nothing; this module only declares. Out: one `Phrases` per base language (`PHRASES`), the
phrases CLDR has no pattern for: decades, the early/mid/late part of a year, a decade or a month,
"c." and "by". Month names and the patterns of a year, a month and a day come from CLDR through
Babel (`briefgen.compose.date_labels` prints them, `briefgen.input.date_reading` reads them).

A phrase is a template with placeholders: `{n}` a year's four digits, `{d}` a decade's first year
(1970), `{dd}` and `{c}` the same decade within its century and the century in Roman numerals
(70, XX: Polish writes "lata 70. XX w."), `{x}` the printed date a deadline is before, `{m}` a
month and its year in the early/mid/late part of a month ("mi-{m}": "mi-mars 2023"). The first
template of each form is the one printed; `aliases` are further spellings accepted in facts
files. English is not here: its labels are `FuzzyDate.label`, as they always were.

Dates inside a sentence (a quote's attribution, a source) read best in lower case, so phrases
are lower case except where the language capitalises the word itself (German nouns).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from briefgen.input.language_codes import written_in

LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "ja", "zh", "ko", "ar",
             "he")
PARTS = ("early", "mid", "late")


@dataclass(frozen=True)
class Phrases:
    """How one language says the loose dates CLDR has no pattern for."""

    name: str  # the language's name in English, for messages
    decade: str
    decade_parts: tuple[str, str, str]  # early, mid, late
    year_parts: tuple[str, str, str]
    approx: str
    by: str  # a deadline: before a year ({n}, or {x}: the year as printed)
    examples: str  # accepted forms, as the error message lists them
    by_month: str = ""  # before a month ({x}), where it differs from `by` ("entro gen 2027")
    by_day: str = ""  # before a day, where it differs from `by_month` ("d'ici le 3 févr.")
    # the CLDR pattern of the month after `by_month`, where the word before it needs a case
    # the skeleton does not give ("do maja 2027": the genitive)
    by_month_pattern: str = ""
    month: str = "yMMM"  # the CLDR skeletons of a month and a day (abbreviated: see date_labels)
    day: str = "yMMMd"
    years: str = "{a}\u2013{b}"  # a range of two whole years
    # the early, mid and late part of a month ({m}: the month and year, printed in the CLDR
    # pattern `month_part_pattern`, or in the skeleton `month` where that is empty)
    month_parts: tuple[str, str, str] = ("", "", "")
    month_part_pattern: str = ""
    aliases: tuple[tuple[str, str], ...] = ()  # (form, template): "decade", "late_year", ...
    connectors: tuple[str, ...] = ()  # words that join the two ends of a range
    fillers: tuple[str, ...] = ()  # words a day or month may carry ("3 de febrero de 2025")
    suffixes: tuple[str, ...] = ()  # what may follow a year ("2025 г.", "r.")
    month_prefixes: tuple[str, ...] = ()  # letters joined to a month ("בפברואר": Hebrew's "in")


PHRASES: dict[str, Phrases] = {
    "fr": Phrases(
        "French", "années {d}",
        ("début des années {d}", "milieu des années {d}", "fin des années {d}"),
        ("début {n}", "mi-{n}", "fin {n}"),
        "vers {n}", "d’ici {x}", by_day="d’ici le {x}",  # the typographic apostrophe
        examples="janvier 2025, 3 févr. 2025, années 1990, fin des années 1970, mi-2025, "
                 "vers 2014, d’ici 2027",
        aliases=(("decade", "les années {d}"), ("mid_decade", "mi-années {d}"),
                 ("early_year", "début de {n}"), ("late_year", "fin de {n}"),
                 ("mid_year", "milieu de {n}"), ("mid_year", "mi {n}"),
                 ("approx", "env. {n}"), ("approx", "environ {n}"), ("approx", "autour de {n}"),
                 ("approx", "c. {n}"), ("approx", "ca {n}"), ("by", "d'ici à {x}"),
                 ("by", "d'ici au {x}")),
        month_parts=("début {m}", "mi-{m}", "fin {m}"),
        connectors=("à", "au"), fillers=("le", "du")),
    "de": Phrases(
        "German", "{d}er",
        ("Anfang der {d}er", "Mitte der {d}er", "Ende der {d}er"),
        ("Anfang {n}", "Mitte {n}", "Ende {n}"),
        "ca. {n}", "bis {x}",
        examples="Januar 2025, 3. Februar 2025, 1990er, Ende der 1970er, Mitte 2025, "
                 "ca. 2014, bis 2027",
        aliases=(("early_decade", "Anfang {d}er"), ("mid_decade", "Mitte {d}er"),
                 ("late_decade", "Ende {d}er"), ("approx", "um {n}"), ("approx", "circa {n}"),
                 ("approx", "etwa {n}"), ("approx", "ungefähr {n}"), ("by", "bis zum {x}"),
                 ("by", "bis spätestens {x}"), ("by", "spätestens {x}")),
        month_parts=("Anfang {m}", "Mitte {m}", "Ende {m}"),
        connectors=("bis",), fillers=("am",), suffixes=("jahre", "jahren", "-jahre")),
    "es": Phrases(
        "Spanish", "años {d}",
        ("principios de los años {d}", "mediados de los años {d}", "finales de los años {d}"),
        ("principios de {n}", "mediados de {n}", "finales de {n}"),
        "hacia {n}", "para {x}", by_day="para el {x}",
        examples="enero de 2025, 3 feb 2025, años 1990, finales de los años 1970, "
                 "mediados de 2025, hacia 2014, para 2027",
        aliases=(("decade", "los años {d}"), ("decade", "década de {d}"),
                 ("early_decade", "principios de la década de {d}"),
                 ("mid_decade", "mediados de la década de {d}"),
                 ("late_decade", "finales de la década de {d}"),
                 ("late_decade", "fines de los años {d}"), ("late_year", "fines de {n}"),
                 ("early_year", "comienzos de {n}"), ("approx", "alrededor de {n}"),
                 ("approx", "en torno a {n}"), ("approx", "c. {n}"), ("approx", "ca. {n}"),
                 ("by", "a más tardar en {x}"), ("late_month", "fines de {m}"),
                 ("early_month", "comienzos de {m}")),
        month_parts=("principios de {m}", "mediados de {m}", "finales de {m}"),
        month_part_pattern="MMMM 'de' y",
        connectors=("a",), fillers=("de", "del", "el")),
    "it": Phrases(
        "Italian", "anni {d}",
        ("inizio degli anni {d}", "metà degli anni {d}", "fine degli anni {d}"),
        ("inizio {n}", "metà {n}", "fine {n}"),
        "circa {n}", "entro il {x}", by_month="entro {x}", by_day="entro il {x}",
        examples="gennaio 2025, 3 feb 2025, anni 1990, fine degli anni 1970, metà 2025, "
                 "circa 2014, entro il 2027",
        aliases=(("decade", "gli anni {d}"), ("early_decade", "inizio anni {d}"),
                 ("mid_decade", "metà anni {d}"), ("late_decade", "fine anni {d}"),
                 ("early_year", "inizio del {n}"), ("mid_year", "metà del {n}"),
                 ("late_year", "fine del {n}"), ("approx", "intorno al {n}"),
                 ("approx", "verso il {n}"), ("approx", "c. {n}"), ("approx", "ca. {n}"),
                 ("by", "entro {x}"), ("mid_month", "metà di {m}")),
        month_parts=("inizio {m}", "metà {m}", "fine {m}"), month_part_pattern="MMMM y",
        connectors=("al",), fillers=("il", "del")),
    "pt": Phrases(
        "Portuguese", "anos {d}",
        ("início dos anos {d}", "meados dos anos {d}", "final dos anos {d}"),
        ("início de {n}", "meados de {n}", "final de {n}"),
        "cerca de {n}", "até {x}",
        examples="janeiro de 2025, 3 de fev. de 2025, anos 1990, final dos anos 1970, "
                 "meados de 2025, cerca de 2014, até 2027",
        aliases=(("decade", "década de {d}"), ("late_decade", "fim dos anos {d}"),
                 ("late_decade", "fins dos anos {d}"), ("late_year", "fim de {n}"),
                 ("approx", "por volta de {n}"), ("approx", "em torno de {n}"),
                 ("approx", "c. {n}"), ("approx", "ca. {n}"), ("late_month", "fim de {m}")),
        month_parts=("início de {m}", "meados de {m}", "final de {m}"),
        month_part_pattern="MMMM 'de' y",
        connectors=("a",), fillers=("de",)),
    "nl": Phrases(
        "Dutch", "jaren {d}",
        ("begin jaren {d}", "midden jaren {d}", "eind jaren {d}"),
        ("begin {n}", "medio {n}", "eind {n}"),
        "ca. {n}", "tegen {x}",
        examples="januari 2025, 3 feb 2025, jaren 1990, eind jaren 1970, medio 2025, "
                 "ca. 2014, tegen 2027",
        aliases=(("decade", "de jaren {d}"), ("early_decade", "begin de jaren {d}"),
                 ("late_decade", "eind de jaren {d}"), ("mid_year", "midden {n}"),
                 ("mid_year", "halverwege {n}"), ("approx", "rond {n}"),
                 ("approx", "omstreeks {n}"), ("approx", "circa {n}"), ("by", "uiterlijk {x}"),
                 ("mid_month", "half {m}"), ("mid_month", "midden {m}")),
        month_parts=("begin {m}", "medio {m}", "eind {m}"), month_part_pattern="MMMM y",
        connectors=("tot",)),
    "pl": Phrases(
        "Polish", "lata {dd}. {c}\u00a0w.",
        ("początek lat {dd}. {c}\u00a0w.", "połowa lat {dd}. {c}\u00a0w.",
         "koniec lat {dd}. {c}\u00a0w."),
        ("początek {n}\u00a0r.", "połowa {n}\u00a0r.", "koniec {n}\u00a0r."),
        "ok. {n}\u00a0r.", "do {n}\u00a0r.", by_month="do {x}", by_month_pattern="MMMM y",
        month="yMMMM", day="yMMMMd",  # Polish abbreviations ("3 maj") hide the genitive
        examples="styczeń 2025, 3 lutego 2025, lata 90. XX w., koniec lat 70. XX w., "
                 "połowa 2025 r., ok. 2014 r., do 2027 r.",
        aliases=(("decade", "lata {dd}. {c} wieku"), ("decade", "lata {d}."),
                 ("early_decade", "początek lat {dd}. {c} wieku"),
                 ("mid_decade", "połowa lat {dd}. {c} wieku"),
                 ("late_decade", "koniec lat {dd}. {c} wieku"),
                 ("approx", "około {n}"), ("by", "do {x}"),
                 ("early_month", "na początku {m}"), ("mid_month", "w połowie {m}"),
                 ("late_month", "pod koniec {m}")),
        # the month in the genitive: "połowa marca 2023 r."
        month_parts=("początek {m}\u00a0r.", "połowa {m}\u00a0r.", "koniec {m}\u00a0r."),
        month_part_pattern="MMMM y",
        suffixes=("r.", "roku")),
    "ru": Phrases(
        "Russian", "{d}-е",
        ("начало {d}-х", "середина {d}-х", "конец {d}-х"),
        ("начало {n}\u00a0г.", "середина {n}\u00a0г.", "конец {n}\u00a0г."),
        "около {n}\u00a0г.", "к {n}\u00a0г.", by_month="до {x}", by_day="к {x}",
        by_month_pattern="MMMM y\u00a0'г'.", years="{a}\u2013{b}\u00a0гг.",
        examples="январь 2025 г., 3 февраля 2025 г., 1990-е, конец 1970-х, "
                 "середина 2025 г., около 2014 г., к 2027 г.",
        aliases=(("approx", "ок. {n}"), ("approx", "примерно {n}"), ("by", "к {x}"),
                 ("by", "до {x}"), ("early_month", "в начале {m}"),
                 ("mid_month", "в середине {m}"), ("late_month", "в конце {m}")),
        # the month in the genitive: "середина марта 2023 г."
        month_parts=("начало {m}\u00a0г.", "середина {m}\u00a0г.", "конец {m}\u00a0г."),
        month_part_pattern="MMMM y",
        suffixes=("г.", "гг.", "года", "году", "год", "годы", "годов")),
    "uk": Phrases(
        "Ukrainian", "{d}-ті",
        ("початок {d}-х", "середина {d}-х", "кінець {d}-х"),
        ("початок {n}\u00a0р.", "середина {n}\u00a0р.", "кінець {n}\u00a0р."),
        "близько {n}\u00a0р.", "до {n}\u00a0р.", by_month="до {x}",
        by_month_pattern="MMMM y\u00a0'р'.", years="{a}\u2013{b}\u00a0рр.",
        examples="січень 2025 р., 3 лютого 2025 р., 1990-ті, кінець 1970-х, "
                 "середина 2025 р., близько 2014 р., до 2027 р.",
        aliases=(("approx", "приблизно {n}"), ("approx", "бл. {n}"), ("by", "до {x}"),
                 ("early_month", "на початку {m}"), ("mid_month", "у середині {m}"),
                 ("mid_month", "в середині {m}"), ("late_month", "наприкінці {m}"),
                 ("late_month", "в кінці {m}"), ("late_month", "у кінці {m}")),
        # the month in the genitive: "середина березня 2023 р."
        month_parts=("початок {m}\u00a0р.", "середина {m}\u00a0р.", "кінець {m}\u00a0р."),
        month_part_pattern="MMMM y",
        suffixes=("р.", "рр.", "року", "рік", "роки", "років")),
    "ja": Phrases(
        "Japanese", "{d}年代",
        ("{d}年代初頭", "{d}年代半ば", "{d}年代末"),
        ("{n}年初め", "{n}年半ば", "{n}年末"),
        "{n}年頃", "{x}までに", years="{a}\u2013{b}年",
        examples="2025年1月, 2025年2月3日, 1990年代, 1970年代末, 2025年半ば, 2014年頃, "
                 "2027年までに",
        aliases=(("early_decade", "{d}年代初め"), ("early_decade", "{d}年代前半"),
                 ("late_decade", "{d}年代後半"), ("early_year", "{n}年初頭"),
                 ("approx", "{n}年ごろ"), ("approx", "約{n}年"), ("early_month", "{m}初め"),
                 ("early_month", "{m}初旬"), ("mid_month", "{m}半ば"), ("late_month", "{m}末")),
        month_parts=("{m}上旬", "{m}中旬", "{m}下旬"),
        connectors=("から",)),
    "zh": Phrases(
        "Chinese", "{d}年代",
        ("{d}年代初", "{d}年代中期", "{d}年代末"),
        ("{n}年初", "{n}年中", "{n}年底"),
        "约{n}年", "到{x}", years="{a}\u2013{b}年",
        examples="2025年1月, 2025年2月3日, 1990年代, 1970年代末, 2025年中, 约2014年, 到2027年",
        aliases=(("late_year", "{n}年末"), ("mid_year", "{n}年中期"), ("approx", "{n}年左右"),
                 ("approx", "{n}年前后"), ("approx", "約{n}年"), ("by", "{x}前"),
                 ("by", "{x}之前"), ("early_month", "{m}初"), ("mid_month", "{m}中"),
                 ("late_month", "{m}底"), ("late_month", "{m}末")),
        month_parts=("{m}上旬", "{m}中旬", "{m}下旬"),
        connectors=("至",)),
    "ko": Phrases(
        "Korean", "{d}년대",
        ("{d}년대 초", "{d}년대 중반", "{d}년대 말"),
        ("{n}년 초", "{n}년 중반", "{n}년 말"),
        "{n}년경", "{x}까지", years="{a}\u2013{b}년",
        examples="2025년 1월, 2025년 2월 3일, 1990년대, 1970년대 말, 2025년 중반, 2014년경, "
                 "2027년까지",
        aliases=(("approx", "약 {n}년"), ("approx", "{n}년쯤"), ("early_month", "{m} 초순"),
                 ("late_month", "{m} 하순")),
        month_parts=("{m} 초", "{m} 중순", "{m} 말")),
    # Arabic names a decade by its first year ("عقد 1970": the decade of 1970), which reads
    # for every century, as the names of decades ("السبعينيات") do not
    "ar": Phrases(
        "Arabic", "عقد {d}",
        ("أوائل عقد {d}", "منتصف عقد {d}", "أواخر عقد {d}"),
        ("أوائل {n}", "منتصف {n}", "أواخر {n}"),
        "نحو {n}", "بحلول {x}",
        examples="يناير 2025, 3 فبراير 2025, عقد 1990, أواخر عقد 1970, منتصف 2025, "
                 "نحو 2014, بحلول 2027",
        aliases=(("decade", "عقد ال{d}"), ("approx", "حوالي {n}"), ("approx", "قرابة {n}"),
                 ("approx", "حوالى {n}"), ("by", "بحلول عام {x}"), ("by", "قبل {x}"),
                 ("early_year", "مطلع {n}"), ("late_year", "نهاية {n}"),
                 ("early_month", "مطلع {m}"), ("late_month", "نهاية {m}")),
        month_parts=("أوائل {m}", "منتصف {m}", "أواخر {m}"), month="yMMMM", day="yMMMMd",
        connectors=("إلى", "حتى"), fillers=("في",), suffixes=("م",)),
    # Hebrew writes a decade with its four digits after "the years of" ("שנות ה־1970")
    "he": Phrases(
        "Hebrew", "שנות ה־{d}",
        ("תחילת שנות ה־{d}", "אמצע שנות ה־{d}", "סוף שנות ה־{d}"),
        ("תחילת {n}", "אמצע {n}", "סוף {n}"),
        "בסביבות {n}", "עד {x}",
        examples="ינואר 2025, 3 בפבר׳ 2025, שנות ה־1990, סוף שנות ה־1970, אמצע 2025, "
                 "בסביבות 2014, עד 2027",
        aliases=(("decade", "שנות ה-{d}"), ("early_decade", "תחילת שנות ה-{d}"),
                 ("mid_decade", "אמצע שנות ה-{d}"), ("late_decade", "סוף שנות ה-{d}"),
                 ("approx", "בערך {n}"), ("approx", "לערך {n}"), ("approx", "כ־{n}"),
                 ("by", "עד שנת {x}"), ("by", "לא יאוחר מ־{x}"),
                 ("early_year", "ראשית {n}"), ("late_year", "שלהי {n}")),
        month_parts=("תחילת {m}", "אמצע {m}", "סוף {m}"), month_part_pattern="MMMM y",
        connectors=("עד",), month_prefixes=("ב",)),
}


# Chinese in traditional characters (zh-TW, zh-HK, zh-MO, zh-Hant): the one phrase whose
# character differs ("about": 约 / 約); the rest are written alike in both scripts
PHRASES["zh_Hant"] = dataclasses.replace(
    PHRASES["zh"], approx="約{n}年",
    examples=PHRASES["zh"].examples.replace("约", "約"),
    aliases=(*PHRASES["zh"].aliases, ("approx", "{n}年前後"), ("approx", "约{n}年")))


def phrases_for(language: str) -> Phrases | None:
    """The phrases of a language code ("fr-CA" -> French's), or None for English."""
    if language == "en":  # the common case, at once
        return None
    written = written_in(language)
    return PHRASES["zh_Hant"] if written == "zh-Hant" else PHRASES.get(written)



def roman(number: int) -> str:
    """A century in Roman numerals (XX), as Polish writes it."""
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out, number = out + letters, number - value
    return out
