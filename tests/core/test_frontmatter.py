"""Front matter YAML: the values and the problems load_yaml gives, whichever way it builds them."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from yaml.constructor import BaseConstructor

from briefing.content import frontmatter
from briefing.content.frontmatter import YamlProblem, load_yaml


class _Reference(frontmatter._Loader):
    """PyYAML's own constructor for every node: what load_yaml's values must equal."""

    get_single_data = BaseConstructor.get_single_data


def _nested(depth: int) -> Any:
    value: Any = "x"
    for _ in range(depth):
        value = [value]
    return value


VALUES: list[tuple[str, Any]] = [
    ("title: Talks\ndraft: true\nupdated:\n", {"title": "Talks", "draft": True, "updated": None}),
    ("draft: Yes\nslug: ~\n", {"draft": True, "slug": None}),
    ("date: 2022-01-28\n", {"date": "2022-01-28"}),  # timestamps stay text
    ("count: 3\nratio: 1.5\nlate: 1:30\n", {"count": 3, "ratio": 1.5, "late": 90}),
    ("actors: [putin, 'macron']\n", {"actors": ["putin", "macron"]}),
    (
        "sources:\n  - publisher: TASS\n    url: https://x.test/?a=1&b=2\n",
        {"sources": [{"publisher": "TASS", "url": "https://x.test/?a=1&b=2"}]},
    ),
    ("1: a\n'1': b\n", {1: "a", "1": "b"}),
    ("<<: {a: 1}\n", {"<<": {"a": 1}}),
    ("a: !!str 12\nb: !!binary aGk=\n", {"a": "12", "b": b"hi"}),
    ("a: " + "[" * 30 + "x" + "]" * 30 + "\n", {"a": _nested(30)}),  # deeper than front matter
    ("", None),
    ("- a\n- b\n", ["a", "b"]),
]


@pytest.mark.parametrize(("text", "value"), VALUES)
def test_values_are_pyyamls(text: str, value: Any) -> None:
    assert load_yaml(text) == value
    assert load_yaml(text) == yaml.load(text, Loader=_Reference)
    assert repr(load_yaml(text)) == repr(value)  # True is not 1, "12" is not 12


# Plain strings only where a problem is in plain front matter, so that it is found as such.
PROBLEMS = [
    ("a:\n  b: x\n  b: y\n", 4, "duplicate key 'b' (first at line 3)"),
    ("a: x\nb:\n  c: x\n  c: y\na: z\n", 6, "duplicate key 'a' (first at line 2)"),
    ("a: !!python/object:os.system x\n", 2, "YAML: tags that construct objects"),
    ("a: [1, {b: !!set {c}}, !!omap [d: 1]]\nd: !!python/name:os.system\n", 3, "YAML: tags"),
    ("a: &x 1\nb: *x\n", 2, "YAML anchors"),
]


@pytest.mark.parametrize(("text", "line", "message"), PROBLEMS)
def test_problems_are_reported_as_pyyaml_finds_them(text: str, line: int, message: str) -> None:
    with pytest.raises(YamlProblem) as found:
        load_yaml(text, first_line=2)
    assert (found.value.line, found.value.message[: len(message)]) == (line, message)


@pytest.mark.parametrize(
    ("text", "line", "shown"),
    [
        ("title: T\nupdated: 0b_\n", 2, "'0b_' cannot be read as a whole number"),
        ("title: T\ncount: !!int abc\n", 2, "'abc' cannot be read as a whole number"),
        ("draft: !!bool maybe\n", 1, "'maybe' cannot be read as true or false"),
        ("title: T\nsources:\n  - n: !!float x\n", 3, "'x' cannot be read as a number"),
    ],
)
def test_values_pyyaml_cannot_build_are_reported_at_their_line(
    text: str, line: int, shown: str
) -> None:
    """PyYAML resolves these but raises a bare ValueError or KeyError building them."""
    with pytest.raises(YamlProblem) as raised:
        load_yaml(text, first_line=5)
    assert raised.value.line == 4 + line
    assert shown in raised.value.message
