"""audience: audiences as data (`extends` chains ending at `default`), checked with file and field,
and `select` keeping each limited list's most important items by priority, then file order."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import yaml

from briefgen.design.audience import DEFAULT_AUDIENCE, Audience, audience_files, load_audience
from briefgen.design.audience_file import AUDIENCE, FILE_KEYS, HEADER_FIELDS
from briefgen.design.environment import BUILTIN_DIR
from briefgen.design.selection import LIMITED, select
from briefgen.design.theme import THEME
from briefgen.errors import TemplateError
from briefgen.input.facts import load_facts

BUILTIN = [BUILTIN_DIR]
BUILTIN_AUDIENCES = ("default", "executive", "analyst", "press")


def builtin_file(name: str) -> dict:
    return yaml.safe_load((BUILTIN_DIR / "audiences" / f"{name}.yaml").read_text("utf-8"))


def user_folder(tmp_path: Path, files: dict[str, str]) -> list[Path]:
    """A user template folder with these audience files, in front of the built-in one."""
    folder = tmp_path / "mine"
    (folder / "audiences").mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / "audiences" / f"{name}.yaml").write_text(text, encoding="utf-8")
    return [folder, BUILTIN_DIR]


def problems(name: str, folders: list[Path]) -> list:
    with pytest.raises(TemplateError) as info:
        load_audience(name, folders)
    return list(info.value.problems)


# ---- the built-in audiences ---------------------------------------------------------------------


def test_builtin_audiences_are_found():
    assert set(audience_files(BUILTIN)) == set(BUILTIN_AUDIENCES)


@pytest.mark.parametrize("name", BUILTIN_AUDIENCES)
def test_builtin_audience_loads_as_its_file_says(name):
    audience = load_audience(name, BUILTIN)
    own, base = builtin_file(name), builtin_file(DEFAULT_AUDIENCE)
    assert audience.name == name
    assert audience.file == str(BUILTIN_DIR / "audiences" / f"{name}.yaml")
    assert audience.description and audience.description == own["description"]
    # scalars: the audience's own value, else the default's
    for key in ("label", "headline", "date_label", "recommendation", "sources", "prepared_by"):
        expected = own[key] if key in own else base.get(key)  # default has no recommendation
        assert getattr(audience, key) == expected, key
    assert list(audience.header) == own.get("header", base["header"])
    assert list(audience.sections) == own.get("sections", base["sections"])
    # mappings: merged key by key, the audience's own keys winning
    assert audience.titles == {**base["titles"], **own.get("titles", {})}
    assert audience.limits == {**base["limits"], **own.get("limits", {})}
    assert audience.theme == {**base["theme"], **own.get("theme", {})}
    marks = own.get("classifications", base["classifications"])
    assert audience.classifications == (None if marks is None else tuple(marks))


def test_executive_follows_the_conventions():
    executive = load_audience("executive", BUILTIN)
    assert executive.label == "BRIEFING MEMO"
    assert executive.header == ("to", "from", "date", "subject")
    assert executive.limits["key_points"] == 3 and executive.limits["quotes"] == 1
    assert executive.recommendation.startswith("For information only")
    assert executive.sources == "line"
    assert executive.theme["body_size"] == 12
    assert executive.titles["key_points"] == "Key points"  # inherited from default
    assert executive.classifications is None


def test_analyst_follows_the_conventions():
    analyst = load_audience("analyst", BUILTIN)
    assert analyst.label == "ANALYTICAL BRIEF"
    assert analyst.recommendation is None and "recommendation" not in analyst.sections
    assert analyst.sources == "numbered" and analyst.prepared_by
    assert analyst.limits["quotes"] == 3 and analyst.limits["timeline"] == 10
    assert analyst.favour == ("timeline", "quotes")  # cut last when items must go


def test_press_follows_the_conventions():
    press = load_audience("press", BUILTIN)
    assert press.label == "MEDIA BRIEF" and press.headline
    assert press.header == ("date",) and press.date_label == "AS OF"
    assert not {"to", "from", "cc", "reference"} & set(press.header)
    assert press.recommendation is None and "recommendation" not in press.sections
    assert not press.prepared_by
    assert press.classifications == (None, "PUBLIC", "UNCLASSIFIED", "TLP:CLEAR")


def test_context_is_plain_data_and_only_what_a_template_needs():
    context = load_audience("press", BUILTIN).context()
    assert set(context) == {"name", "label", "headline", "header", "date_label", "sections",
                            "titles", "recommendation", "sources", "prepared_by",
                            "user_sections"}
    assert context["header"] == ["date"] and isinstance(context["sections"], list)
    json.dumps(context)  # strings, numbers, lists, dicts only

    def plain(value):
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return value is None or isinstance(value, (str, int, float, bool))

    assert plain(context)


def test_audience_is_frozen():
    audience = load_audience("default", BUILTIN)
    with pytest.raises(dataclasses.FrozenInstanceError):
        audience.label = "X"  # type: ignore[misc]


def test_unknown_audience_names_the_known_ones():
    (problem,) = problems("board", BUILTIN)
    assert problem.file == "board" and problem.field == "audience"
    for name in BUILTIN_AUDIENCES:
        assert name in problem.message


# ---- extends chains and merging -----------------------------------------------------------------


def test_an_empty_file_is_the_default_audience(tmp_path):
    folders = user_folder(tmp_path, {"blank": "# nothing here\n"})
    blank, default = load_audience("blank", folders), load_audience("default", BUILTIN)
    assert dataclasses.replace(blank, name="default", file=default.file) == default


def test_a_chain_merges_titles_limits_and_theme_key_by_key(tmp_path):
    folders = user_folder(tmp_path, {
        "parent": "extends: executive\nlabel: PARENT\ntitles: {timeline: Then}\n"
                  "limits: {key_points: 2, figures: 4}\ntheme: {accent: '#112233', font: serif}\n",
        "child": "extends: parent\ntitles: {quotes: Said}\nlimits: {figures: 1}\n"
                 "theme: {accent: '#445566'}\nrecommendation: Decide.\n",
    })
    child = load_audience("child", folders)
    executive = load_audience("executive", BUILTIN)
    assert child.name == "child" and child.file.endswith("child.yaml")
    assert child.label == "PARENT"  # from the parent
    assert child.recommendation == "Decide."  # its own
    assert child.sources == "line"  # from executive
    assert child.titles == {**executive.titles, "timeline": "Then", "quotes": "Said"}
    assert child.titles["key_points"] == "Key points"  # from default, three levels up
    assert child.limits == {**executive.limits, "key_points": 2, "figures": 1}
    assert child.theme == {**executive.theme, "accent": "#445566", "font": "serif"}


def test_a_user_audience_of_a_builtin_name_replaces_it(tmp_path):
    folders = user_folder(tmp_path, {"press": "label: OUR PRESS NOTE\n"})
    press = load_audience("press", folders)
    assert press.label == "OUR PRESS NOTE"
    assert press.file == str(folders[0] / "audiences" / "press.yaml")
    assert audience_files(folders)["press"] == folders[0] / "audiences" / "press.yaml"


def test_a_user_default_is_the_base_of_every_audience(tmp_path):
    ours = (BUILTIN_DIR / "audiences" / "default.yaml").read_text("utf-8")
    folders = user_folder(tmp_path, {
        "default": ours.replace("label: BRIEFING MEMO", "label: OUR MEMO")
                       .replace("date_label: DATE", "date_label: DATED"),
        "blank": "",
    })
    assert load_audience("blank", folders).label == "OUR MEMO"
    assert load_audience("analyst", folders).label == "ANALYTICAL BRIEF"  # its own label
    assert load_audience("analyst", folders).date_label == "DATED"  # the user's default's
    assert load_audience("press", folders).date_label == "AS OF"


def test_a_loop_is_refused_naming_the_file_and_the_chain(tmp_path):
    folders = user_folder(tmp_path, {"a": "extends: b\n", "b": "extends: c\n", "c": "extends: a\n"})
    (problem,) = problems("a", folders)
    assert problem.field == "extends"
    assert problem.file == str(folders[0] / "audiences" / "c.yaml")
    assert "a -> b -> c -> a" in problem.message


def test_an_audience_extending_its_own_name_with_nothing_to_replace_is_refused(tmp_path):
    folders = user_folder(tmp_path, {"me": "extends: me\n"})
    (problem,) = problems("me", folders)
    assert problem.field == "extends" and "unknown audience 'me'" in problem.message


def test_a_user_audience_extending_its_own_name_changes_the_builtin_one(tmp_path):
    folders = user_folder(tmp_path, {"executive": "extends: executive\nlabel: FOR THE MINISTER\n"
                                                  "limits: {key_points: 2}\n"})
    builtin = load_audience("executive", [BUILTIN_DIR])
    mine = load_audience("executive", folders)
    assert mine.label == "FOR THE MINISTER"
    assert mine.limits == {**builtin.limits, "key_points": 2}
    assert mine.recommendation == builtin.recommendation and mine.theme == builtin.theme


def test_extending_an_unknown_audience_names_the_file(tmp_path):
    folders = user_folder(tmp_path, {"a": "extends: b\n", "b": "extends: nowhere\n"})
    (problem,) = problems("a", folders)
    assert problem.file == str(folders[0] / "audiences" / "b.yaml")
    assert problem.field == "extends" and "'nowhere'" in problem.message


# ---- what a file may hold -----------------------------------------------------------------------


def test_unknown_key_names_the_file_the_key_and_what_is_allowed(tmp_path):
    folders = user_folder(tmp_path, {"x": "label: X\ncolour: red\n"})
    (problem,) = problems("x", folders)
    assert problem.file == str(folders[0] / "audiences" / "x.yaml")
    assert problem.field == "colour"
    assert "unknown key" in problem.message and "sections" in problem.message


def test_unknown_key_in_a_parent_names_the_parent(tmp_path):
    folders = user_folder(tmp_path, {"x": "extends: y\n", "y": "sectoins: [header]\n"})
    (problem,) = problems("x", folders)
    assert problem.file.endswith("y.yaml") and problem.field == "sectoins"


def test_every_problem_of_an_audience_file_is_reported_in_one_run_at_its_line(tmp_path):
    """Stray keys at every depth (with a "did you mean" and their full path) and bad values,
    the theme's overrides among them, together."""
    text = ("labl: X\n"                      # 1
            "sources: table\n"               # 2
            "fit:\n"                         # 3
            "  tigten: false\n"              # 4
            "limits: {quotes: 300}\n"        # 5
            "theme:\n"                       # 6
            "  acent: '#112233'\n"           # 7
            "  leading: 9\n")                # 8
    folders = user_folder(tmp_path, {"x": text})
    found = sorted((p.line, p.field, p.message) for p in problems("x", folders))
    assert found == [
        (1, "labl", "unknown key 'labl' (did you mean 'label'?; allowed: " + ", ".join(FILE_KEYS)
         + ")"),
        (2, "sources", "sources is one of numbered, line"),
        (4, "fit.tigten", "fit takes only 'tighten' and 'favour' (did you mean 'tighten'?)"),
        (5, "limits.quotes", "limits are a count from 0 to 200 (the most a list of facts holds) "
                             "for key_points, timeline, quotes, figures, outlook, "
                             "recommendations, background, or a user section's id"),
        (7, "theme.acent", "unknown theme setting (did you mean 'accent'?; allowed: "
                           + ", ".join(THEME) + ")"),
        (8, "theme.leading", "must be between 1 and 3 times the font size (got 9)"),
    ]


def test_a_stray_theme_key_in_an_audience_has_its_full_path_line_and_a_hint(tmp_path):
    from briefgen.design.load import find_templates, load_design

    folders = user_folder(tmp_path, {"x": "label: X\ntheme:\n  colour: '#112233'\n"
                                           "  body_sise: 11\n"})
    with pytest.raises(TemplateError) as info:
        load_design(find_templates(str(folders[0])), "x")
    found = [(p.line, p.field, p.message.split(" (")[0], "did you mean" in p.message)
             for p in info.value.problems]
    assert found == [(3, "theme.colour", "unknown theme setting", False),
                     (4, "theme.body_sise", "unknown theme setting", True)]
    assert "(allowed: page, " in info.value.problems[0].message  # the list: once a file
    assert info.value.problems[1].message.endswith("(did you mean 'body_size'?)")


def test_file_keys_are_the_audience_fields_plus_extends_and_fit():
    """The one definition (AUDIENCE) holds every field of the Audience a file may set."""
    fields = {f.name for f in dataclasses.fields(Audience)}
    assert set(FILE_KEYS) == (fields - {"name", "file", "tighten", "favour", "origins",
                                            "user_sections"}) | \
        {"extends", "fit"}
    assert FILE_KEYS == list(AUDIENCE)


@pytest.mark.parametrize("text, field, words", [
    ("header: [to, fax]\n", "header", "'fax'"),
    ("header: to\n", "header", "wrong type"),
    ("limits: {key_points: -1}\n", "limits.key_points", "count"),
    ("limits: {key_points: two}\n", "limits.key_points", "count"),
    ("limits: {key_points: true}\n", "limits.key_points", "count"),
    ("limits: {sources: 2}\n", "limits.sources", "count"),
    ("sources: table\n", "sources", "numbered"),
    ("fit: {tighten: true, squeeze: 1}\n", "fit.squeeze", "tighten"),
    ("label: [A]\n", "label", "wrong type"),
    ("headline: 'yes'\n", "headline", "wrong type"),
    ("all_sources: 'yes'\n", "all_sources", "wrong type"),
    ("fit: {favour: [timeline, bogus]}\n", "fit.favour", "a list of key_points, timeline"),
    ("fit: {favour: timeline}\n", "fit.favour", "a list of key_points, timeline"),
    ("sections: header\n", "sections", "wrong type"),
    ("titles: [a]\n", "titles", "mapping"),
    ("limits: [1]\n", "limits", "mapping"),
    ("theme: dark\n", "theme", "mapping"),
    ("fit: {tighten: 'no'}\n", "fit.tighten", "true or false"),
    ("classifications: PUBLIC\n", "classifications", "wrong type"),
])
def test_bad_value_names_the_file_and_field(tmp_path, text, field, words):
    folders = user_folder(tmp_path, {"x": text})
    found = problems("x", folders)
    assert [p.field for p in found] == [field]
    assert found[0].file == str(folders[0] / "audiences" / "x.yaml")
    assert words in found[0].message


def test_all_bad_values_are_reported_together(tmp_path):
    folders = user_folder(tmp_path, {"x": "header: [fax]\nsources: table\nlimits: {quotes: -2}\n"})
    assert {p.field for p in problems("x", folders)} == {"header", "sources", "limits.quotes"}


def test_every_limited_list_and_header_field_is_accepted(tmp_path):
    limits = ", ".join(f"{name}: {n}" for n, name in enumerate(LIMITED))
    folders = user_folder(tmp_path, {"x": f"limits: {{{limits}}}\n"
                                          f"header: [{', '.join(HEADER_FIELDS)}]\n"})
    audience = load_audience("x", folders)
    assert audience.limits == {name: n for n, name in enumerate(LIMITED)}
    assert audience.header == HEADER_FIELDS


def test_invalid_yaml_names_the_file_and_line(tmp_path):
    folders = user_folder(tmp_path, {"x": "label: X\nsections: [header\n"})
    (problem,) = problems("x", folders)
    assert problem.file.endswith("x.yaml") and problem.line is not None and problem.line >= 2
    assert "YAML" in problem.message


def test_a_file_that_is_not_a_mapping_is_refused(tmp_path):
    folders = user_folder(tmp_path, {"x": "- header\n- footer\n"})
    (problem,) = problems("x", folders)
    assert problem.file.endswith("x.yaml") and "mapping" in problem.message


def test_empty_mappings_are_empty(tmp_path):
    folders = user_folder(tmp_path, {"x": "extends: executive\ntitles:\nlimits:\ntheme:\n"})
    assert load_audience("x", folders) == dataclasses.replace(
        load_audience("executive", BUILTIN), name="x", file=str(folders[0] / "audiences" / "x.yaml"))


def test_fit_tighten_is_read(tmp_path):
    folders = user_folder(tmp_path, {"x": "fit: {tighten: false}\n"})
    assert load_audience("x", folders).tighten is False
    assert load_audience("default", BUILTIN).tighten is True


# ---- select: limits by priority, then file order ------------------------------------------------


def facts_file(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "facts.yaml"
    path.write_text(yaml.safe_dump({"title": "T", "summary": "S", **data}, allow_unicode=True),
                    encoding="utf-8")
    return path


def limited(tmp_path: Path, limits: dict[str, int]) -> Audience:
    folders = user_folder(tmp_path, {"x": yaml.safe_dump({"limits": limits})})
    return load_audience("x", folders)


def test_select_keeps_priority_first_then_file_order_and_keeps_the_order(tmp_path):
    facts = load_facts(facts_file(tmp_path, {"key_points": [
        {"text": "a", "priority": 2}, {"text": "b", "priority": 3}, {"text": "c", "priority": 1},
        {"text": "d", "priority": 2}, {"text": "e", "priority": 1}, {"text": "f", "priority": 2},
    ]}))
    chosen, _ = select(facts, limited(tmp_path, {"key_points": 4}))
    # priority 1 (c, e), then priority 2 in file order (a, d); printed in file order
    assert [x.text for x in chosen.key_points] == ["a", "c", "d", "e"]
    assert [x.path for x in chosen.key_points] == [
        "key_points[0]", "key_points[2]", "key_points[3]", "key_points[4]"]


def test_select_timeline_keeps_its_oldest_and_newest_events_whatever_the_file_order(tmp_path):
    facts = load_facts(facts_file(tmp_path, {"timeline": [
        {"date": "2024-03-01", "event": "third in time, first in file"},
        {"date": "2020", "event": "first in time, second in file"},
        {"date": "2025-01", "event": "last in time, third in file"},
        {"date": "2022", "event": "second in time, fourth in file"},
    ]}))
    # the facts keep the timeline in date order, each event knowing its place in the file
    assert [e.path for e in facts.timeline] == [
        "timeline[1]", "timeline[3]", "timeline[0]", "timeline[2]"]
    chosen, _ = select(facts, limited(tmp_path, {"timeline": 2}))
    # the oldest and the newest (not the first two in the file), printed in date order
    assert [e.event for e in chosen.timeline] == ["first in time, second in file",
                                                  "last in time, third in file"]


def test_select_timeline_priority_beats_file_order(tmp_path):
    facts = load_facts(facts_file(tmp_path, {"timeline": [
        {"date": "2021", "event": "a", "priority": 2},
        {"date": "2019", "event": "b", "priority": 3},
        {"date": "2023", "event": "c", "priority": 1},
        {"date": "2018", "event": "d", "priority": 2},
    ]}))
    chosen, _ = select(facts, limited(tmp_path, {"timeline": 2}))
    assert [e.event for e in chosen.timeline] == ["a", "c"]
    chosen, _ = select(facts, limited(tmp_path, {"timeline": 3}))
    assert [e.event for e in chosen.timeline] == ["d", "a", "c"]  # date order


def test_select_applies_every_limit_and_leaves_the_rest(tmp_path):
    facts = load_facts(facts_file(tmp_path, {
        "key_points": ["k1", "k2", "k3"],
        "quotes": [{"text": "q1", "speaker": "A"}, {"text": "q2", "speaker": "B", "priority": 1}],
        "figures": [{"label": "f1", "value": "1"}, {"label": "f2", "value": "2"}],
        "outlook": ["o1", "o2"],
        "sources": [{"id": "s", "title": "Source"}],
    }))
    chosen, _ = select(facts, limited(tmp_path, {"quotes": 1, "figures": 0, "outlook": 5}))
    assert [q.text for q in chosen.quotes] == ["q2"]
    assert chosen.figures == ()
    assert chosen.outlook == facts.outlook and chosen.key_points == facts.key_points
    assert chosen.sources == facts.sources and chosen.memo == facts.memo
    assert facts.quotes[0].text == "q1" and len(facts.figures) == 2  # the input is unchanged


def test_a_limit_caps_every_priority_and_notes_each_item_it_removes(tmp_path):
    facts = load_facts(facts_file(tmp_path, {
        "key_points": [{"text": f"point {n}", "priority": 1} for n in range(5)],
        "timeline": [{"date": "2021", "event": "kept", "priority": 1},
                     {"date": "2019", "event": "an event whose words run on past fifty "
                                              "characters", "priority": 2}],
        "quotes": [{"text": "q1", "speaker": "A", "priority": 3}],
        "figures": [{"label": "budget", "value": "$5bn", "priority": 3},
                    {"label": "staff", "value": "12", "priority": 2}],
    }))
    folders = user_folder(tmp_path, {"x": yaml.safe_dump(
        {"limits": {"key_points": 3, "timeline": 1, "quotes": 1, "figures": 1}})})
    chosen, notes = select(facts, load_audience("x", folders))
    assert [x.text for x in chosen.key_points] == ["point 0", "point 1", "point 2"]
    assert [x.event for x in chosen.timeline] == ["kept"]
    assert [x.label for x in chosen.figures] == ["staff"]
    # priority 1 items go too when a cap is full of them; a cap that removes nothing says nothing
    assert notes == (
        "x keeps 3 key points: dropped key_points[3] (priority 1): point 3",
        "x keeps 3 key points: dropped key_points[4] (priority 1): point 4",
        "x keeps 1 timeline event: dropped timeline[1] (priority 2): 2019 an event whose words "
        "run on past fifty cha...",
        "x keeps 1 figure: dropped figures[0] (priority 3): $5bn budget",
    )


def test_a_timeline_limit_spreads_the_highest_priority_over_its_dates(tmp_path):
    facts = load_facts(facts_file(tmp_path, {"timeline": [
        {"date": "2024", "event": "newest", "priority": 2},
        {"date": "2019", "event": "oldest", "priority": 1},
        {"date": "2021", "event": "middle", "priority": 1},
        {"date": "2022", "event": "late", "priority": 1}]}))
    folders = user_folder(tmp_path, {"x": yaml.safe_dump({"limits": {"timeline": 2}})})
    chosen, notes = select(facts, load_audience("x", folders))
    assert [x.event for x in chosen.timeline] == ["oldest", "late"]
    assert [n.split(": dropped ")[1].split(" ")[0] for n in notes] == ["timeline[0]",
                                                                         "timeline[2]"]


def test_select_without_limits_is_the_same_facts(tmp_path):
    facts = load_facts(facts_file(tmp_path, {"key_points": ["a", "b"]}))
    assert select(facts, load_audience("default", BUILTIN)) == (facts, ())
    assert select(facts, load_audience("default", BUILTIN))[0] is facts


# ---- refuses: the release guard -----------------------------------------------------------------


@pytest.mark.parametrize("marking", [None, "PUBLIC", "public", "UNCLASSIFIED", "Unclassified",
                                     "TLP:CLEAR", "tlp:clear"])
def test_press_accepts_public_markings_in_any_case(marking):
    assert not load_audience("press", BUILTIN).refuses(marking)


@pytest.mark.parametrize("marking", ["SECRET", "OFFICIAL", "TLP:AMBER", "CONFIDENTIAL", "",
                                     "PUBLIC ", "UNCLASSIFIED//FOUO"])
def test_press_refuses_other_markings(marking):
    press = load_audience("press", BUILTIN)
    assert press.refuses(marking) is (marking != "")  # "" is no marking at all


def test_a_marking_is_released_explicitly_in_any_case():
    press = load_audience("press", BUILTIN)
    assert not press.refuses("SECRET", ("SECRET",))
    assert not press.refuses("SECRET", ("secret",))
    assert not press.refuses("Official", ("OFFICIAL",))
    assert press.refuses("SECRET", ("OFFICIAL",))


@pytest.mark.parametrize("name", ["default", "executive", "analyst"])
def test_internal_audiences_accept_any_marking(name):
    audience = load_audience(name, BUILTIN)
    assert not any(audience.refuses(m) for m in (None, "SECRET", "TOP SECRET//NOFORN"))


def test_an_audience_that_allows_only_markings_refuses_no_marking(tmp_path):
    folders = user_folder(tmp_path, {"x": "classifications: [PUBLIC]\n"})
    audience = load_audience("x", folders)
    assert audience.refuses(None) and not audience.refuses("public")
    assert not audience.refuses(None, ("none",))  # the way to release unmarked facts
