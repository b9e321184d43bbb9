"""Language codes: which the brief accepts, and each as the tag the outputs name.

In: a language code as a user writes it (`fr`, `fr-CA`, `pt_BR`, `zh-Hant-TW`), in a facts
file, an audience or `--language`. Out: its BCP 47 tag (`fr-CA`: the PDF's /Lang and the DOCX's
language), or a ValueError listing the supported languages. Babel parses and checks a code
other than a bare supported one, so an English brief never imports it. The words each language
prints are the compose stage's (`compose/languages.py`).
"""

from __future__ import annotations

from briefgen.caches import memo

SUPPORTED = ("en", "fr", "de", "es", "it", "pt", "nl", "pl", "ru", "uk", "ja", "zh", "ko", "ar",
             "he")
DEFAULT = "en"


# country codes often written for a language code
_MEANT = {"jp": "ja", "cn": "zh", "tw": "zh-TW", "kr": "ko", "ua": "uk", "gb": "en", "us": "en",
          "br": "pt-BR", "se": "sv", "dk": "da", "gr": "el", "cz": "cs", "il": "he", "iw": "he",
         "eg": "ar"}


def unsupported(code: str) -> str:
    """The message for a code that is not one of the supported languages, with the language
    code meant when a country's was written ('jp': 'ja')."""
    meant = _MEANT.get(str(code).strip().lower())
    hint = f"did you mean {meant!r}?; " if meant and base(meant) in SUPPORTED else ""
    return (f"unknown or unsupported language {code!r} ({hint}supported: "
            f"{', '.join(SUPPORTED)}, and their regional variants such as fr-CA, pt-BR, zh-TW)")


@memo("languages.codes")
def parse_language(code: str) -> str:
    """The code as a BCP 47 tag ('fr-CA'); ValueError (`unsupported`) for a code Babel does not
    know or whose language has no words here. `en` and the bare supported codes need no
    Babel."""
    text = code.strip()
    if text in SUPPORTED:
        return text
    if not text or not text.replace("-", "").replace("_", "").isalnum() or len(text) > 35:
        raise ValueError(unsupported(code))
    from babel import Locale, UnknownLocaleError  # only for a code other than a bare one

    try:
        locale = Locale.parse(text.replace("_", "-"), sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError(unsupported(code)) from None
    if locale.language not in SUPPORTED:
        raise ValueError(unsupported(code))
    written = text.lower().replace("_", "-").split("-")  # a script only if the user wrote it
    regions = [part for part in written[1:] if len(part) == 2 or part.isdigit()]
    if regions and regions != [(locale.territory or "").lower()]:  # Babel guessed: fr-ZZ
        raise ValueError(unsupported(code))
    script = locale.script if (locale.script or "").lower() in written else None
    return "-".join(part for part in (locale.language, script, locale.territory) if part)


def base(tag: str) -> str:
    """A tag's language: 'fr' for 'fr-CA' (and for CLDR's 'fr_CA')."""
    return tag.replace("_", "-").split("-")[0].lower()


_TRADITIONAL = {"hant", "tw", "hk", "mo"}  # Chinese written in traditional characters


def written_in(tag: str) -> str:
    """The words a tag prints: its base language's ('fr' for 'fr-CA'), except Chinese in
    traditional characters ('zh-Hant' for zh-TW, zh-HK, zh-MO and zh-Hant, unless it says
    Hans)."""
    tag = tag.replace("_", "-")  # CLDR's form too: zh_Hant_TW
    subtags = set(tag.lower().split("-")[1:])
    if base(tag) == "zh" and subtags & _TRADITIONAL and "hans" not in subtags:
        return "zh-Hant"
    return base(tag)
