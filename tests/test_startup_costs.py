"""What a fresh process spares: a template is parsed again only when it extends another
(`design.environment._extends`). (Pillow and HarfBuzz, loaded only for a brief that uses them:
tests/test_deferred_modules.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefgen.design.environment import _extends, environment


@pytest.mark.parametrize(("source", "extends"), [
    ('{% extends "builtin/brief.xml.j2" %}{% block title %}x{% endblock %}', True),
    ('{%- extends "builtin/brief.xml.j2" -%}', True),
    ('{# a child template {% extends "builtin/brief.xml.j2" %} overrides blocks #}<brief/>', False),
    ("<brief>{% if true %}extends{% endif %}</brief>", False),
])
def test_a_template_is_parsed_again_only_when_it_extends(tmp_path: Path, source: str,
                                                         extends: bool) -> None:
    (tmp_path / "mine.xml.j2").write_text(source, encoding="utf-8")
    env = environment(tmp_path)
    assert _extends(env.get_template("mine.xml.j2")) is extends
