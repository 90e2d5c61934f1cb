"""Templates compiled by render/escaping.py write exactly what Jinja's own compiler does."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import pytest
from markupsafe import Markup

from briefing.model import SiteConfig
from briefing.render.escaping import EscapingCode, code_generator
from briefing.render.jinja import environment, template_error


class Html:
    def __html__(self) -> str:
        return "<i>own</i>"


VALUES = [
    "plain",
    '<a href="x">Tom & Jerry\'s</a>',
    "",
    Markup("<b>kept</b>"),
    Markup("a & b").join(["<", ">"]),
    3,
    -12,
    True,
    2.5,
    None,
    dt.date(2022, 1, 28),
    Html(),
    ("<t>", 1),
]

TEMPLATES = [
    "{{ v }}",
    "<p title='{{ v }}'>{{ v }}|{{ v|string }}</p>",
    "{% macro m(x) %}[{{ x }}]{% endmacro %}{{ m(v) }}",
    "{% set block %}<{{ v }}>{% endset %}{{ block }}",
    "{% filter upper %}{{ v }}{% endfilter %}",
    "{% autoescape false %}{{ v }}{% endautoescape %}",
    "{% autoescape flag %}{{ v }}{% endautoescape %}",  # escaping decided at run time
    "{% for i in [v, v] %}{{ i }}{{ loop.index }}{% endfor %}",
    "{{ v ~ v }}",
]


def stock() -> jinja2.Environment:
    return jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)


def ours(tmp_path: Path) -> jinja2.Environment:
    return environment(tmp_path, SiteConfig("Site", "https://example.org/"), {}, None)


@pytest.mark.parametrize("source", TEMPLATES)
def test_every_value_is_written_as_jinja_writes_it(source: str, tmp_path: Path) -> None:
    reference, env = stock(), ours(tmp_path)
    for value in VALUES:
        for flag in (True, False):
            expected = reference.from_string(source).render(v=value, flag=flag)
            assert env.from_string(source).render(v=value, flag=flag) == expected, value


def test_a_shown_value_compiles_to_the_cheaper_escape(tmp_path: Path) -> None:
    if code_generator() is not EscapingCode:
        pytest.skip("markupsafe without its C escape: templates compile as Jinja's")
    code = ours(tmp_path).compile(
        "{{ v }}{% autoescape false %}{{ v }}{% endautoescape %}", raw=True
    )
    assert "environment.escaped(" in code
    assert "str(" in code  # not escaped where autoescape is off


def test_an_undefined_value_is_still_a_template_error_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text("<p>\n{{ nope }}\n</p>\n")
    env = ours(tmp_path)
    with pytest.raises(jinja2.UndefinedError) as caught:
        env.get_template("page.html").render()
    found = template_error(caught.value, tmp_path)
    assert found is not None
    assert str(found).endswith("page.html:2: template: 'nope' is undefined")
