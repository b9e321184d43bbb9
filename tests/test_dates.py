"""Fuzzy dates: every accepted form, its label and span, its order, and every kind of bad input."""

from __future__ import annotations

from datetime import date

import pytest

from briefgen.input.dates import ACCEPTED_FORMS, FuzzyDate, parse_fuzzy_date

D = date

FORMS = [
    # text, label, start, end, approximate
    ("2014", "2014", D(2014, 1, 1), D(2014, 12, 31), False),
    ("2025-01", "Jan 2025", D(2025, 1, 1), D(2025, 1, 31), False),
    ("2024-02", "Feb 2024", D(2024, 2, 1), D(2024, 2, 29), False),
    ("2024-10-17", "17 Oct 2024", D(2024, 10, 17), D(2024, 10, 17), False),
    ("2025-02-03", "3 Feb 2025", D(2025, 2, 3), D(2025, 2, 3), False),
    ("January 2025", "Jan 2025", D(2025, 1, 1), D(2025, 1, 31), False),
    ("Jan 2025", "Jan 2025", D(2025, 1, 1), D(2025, 1, 31), False),
    ("Jan. 2025", "Jan 2025", D(2025, 1, 1), D(2025, 1, 31), False),
    ("Sept 2025", "Sep 2025", D(2025, 9, 1), D(2025, 9, 30), False),
    ("sep 2025", "Sep 2025", D(2025, 9, 1), D(2025, 9, 30), False),
    ("17 October 2024", "17 Oct 2024", D(2024, 10, 17), D(2024, 10, 17), False),
    ("October 17, 2024", "17 Oct 2024", D(2024, 10, 17), D(2024, 10, 17), False),
    ("1990s", "1990s", D(1990, 1, 1), D(1999, 12, 31), True),
    ("late 1970s", "Late 1970s", D(1977, 1, 1), D(1979, 12, 31), True),
    ("mid-1990s", "Mid-1990s", D(1994, 1, 1), D(1996, 12, 31), True),
    ("early 2010s", "Early 2010s", D(2010, 1, 1), D(2013, 12, 31), True),
    ("early 2025", "Early 2025", D(2025, 1, 1), D(2025, 4, 30), True),
    ("mid-2025", "Mid-2025", D(2025, 5, 1), D(2025, 8, 31), True),
    ("mid 2025", "Mid-2025", D(2025, 5, 1), D(2025, 8, 31), True),
    ("late 2025", "Late 2025", D(2025, 9, 1), D(2025, 12, 31), True),
    ("c. 2014", "c. 2014", D(2014, 1, 1), D(2014, 12, 31), True),
    ("circa 2014", "c. 2014", D(2014, 1, 1), D(2014, 12, 31), True),
    ("~2014", "c. 2014", D(2014, 1, 1), D(2014, 12, 31), True),
    ("by 2027", "By 2027", None, D(2027, 12, 31), True),
    ("by June 2027", "By Jun 2027", None, D(2027, 6, 30), True),
    ("2022\u20132027", "2022\u20132027", D(2022, 1, 1), D(2027, 12, 31), False),
    ("2022-2027", "2022\u20132027", D(2022, 1, 1), D(2027, 12, 31), False),
    ("Jan 2024 \u2013 Mar 2025", "Jan 2024\u2013Mar 2025", D(2024, 1, 1), D(2025, 3, 31), False),
    ("  LATE   1970S ", "Late 1970s", D(1977, 1, 1), D(1979, 12, 31), True),
]


@pytest.mark.parametrize(("text", "label", "start", "end", "approximate"), FORMS)
def test_every_form_parses_to_its_label_and_span(
    text: str, label: str, start: date | None, end: date, approximate: bool
) -> None:
    found = parse_fuzzy_date(text)
    assert found == FuzzyDate(text, label, start, end, approximate)


def test_events_sort_by_start_and_a_deadline_by_its_end() -> None:
    texts = ["by 2027", "2025-01", "late 1970s", "mid-2025", "2024-10-17", "1990s", "2025"]
    ordered = sorted((parse_fuzzy_date(t) for t in texts), key=FuzzyDate.sort_key)
    assert [d.label for d in ordered] == [
        "Late 1970s", "1990s", "17 Oct 2024", "Jan 2025", "2025", "Mid-2025", "By 2027",
    ]  # fmt: skip


def test_same_start_sorts_as_a_tie() -> None:
    assert parse_fuzzy_date("2025").sort_key() == parse_fuzzy_date("Jan 2025").sort_key()


def test_accepted_forms_is_the_list_the_contract_shows() -> None:
    assert (
        ACCEPTED_FORMS
        == "2025, 2025-01, January 2025, 1990s, late 1970s, c. 2014, by 2027, 2022-2027"
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Febtember 2025", f"'Febtember 2025' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("next week", f"'next week' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("2025-02-30", "'2025-02-30' is not a real calendar date (Feb 2025 has 28 days)"),
        ("2023-02-29", "'2023-02-29' is not a real calendar date (Feb 2023 has 28 days)"),
        ("31 April 2024", "'31 April 2024' is not a real calendar date (Apr 2024 has 30 days)"),
        ("2025-13", "'2025-13' is not a date: there is no month 13"),
        ("2027-2022", "'2027-2022' is not a date: the range ends before it starts"),
        ("2027\u20132022", "'2027\u20132022' is not a date: the range ends before it starts"),
        ("0000", f"'0000' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("by c. 2014", f"'by c. 2014' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("20250203", f"'20250203' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("2024-10-17T10:00", f"'2024-10-17T10:00' is not a date (accepted: {ACCEPTED_FORMS})"),
        ("   ", f"a date is empty (accepted: {ACCEPTED_FORMS})"),
    ],
)
def test_bad_dates_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date(text)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("late\n\n1970z", "'late\\u000A\\u000A1970z'"),
        ("2025-02-30\r\n", "'2025-02-30\\u000D\\u000A'"),
        ("Febtember " + "x" * 100, "'Febtember " + "x" * 49 + "\u2026'"),
    ],
)
def test_a_bad_date_is_shown_on_one_line_and_shortened(text: str, shown: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_fuzzy_date(text)
    message = str(caught.value)
    assert message.startswith(shown + " is not a")
    assert len(message.splitlines()) == 1
