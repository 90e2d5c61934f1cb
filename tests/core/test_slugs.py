"""Slugs: one function for entry slugs, file names, ids and heading anchors, in any script."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.content.sources import SourceFile
from briefing.content.validate import read_entry
from briefing.render.markdown import make_renderer
from briefing.site.urls import slugify

SHIPPED = Path(__file__).resolve().parents[2] / "content"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Putin calls Macron", "putin-calls-macron"),
        ("Zürich — ça va?", "zurich-ca-va"),
        ("Straße", "strasse"),
        ("Wałęsa meets Støre", "walesa-meets-store"),
        ("Đukanović", "dukanovic"),
        ("Putin Says U.S. Ignored Russia’s Demands – Kremlin",
         "putin-says-us-ignored-russia-demands-kremlin"),
        ("Russia's demands", "russia-demands"),
        ("Путин звонит Макрону", "putin-zvonit-makronu"),
        ("Объявление в Киеве", "obyavlenie-v-kieve"),
        ("Ёлки: «Щит» и Объём", "elki-shchit-i-obem"),
        ("Євросоюз і Україна", "yevrosoyuz-i-ukrayina"),
        ("Αθήνα και Σπάρτη", "athina-kai-sparti"),
        ("مرحبا بالعالم", "mrhb-bllm"),
        ("שלום עולם", "slvm-vlm"),
        ("中国外交部发言", "zhong-guo-wai-jiao-bu-fa-yan"),
        ("ロシアとウクライナ", "roshiatoukuraina"),
        ("東京で首脳会談", "dong-jing-de-shou-nao-hui-tan"),
        ("Zürich €5bn © deal", "zurich-5bn-deal"),
        ("one two three four five six seven eight nine", "one-two-three-four-five-six-seven-eight"),
    ],
)  # fmt: skip
def test_titles_in_every_script_become_ascii_slugs(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_a_title_without_letters_gets_a_fallback_that_differs_from_the_next_one() -> None:
    first, second = slugify("🎉🎉"), slugify("😀")
    assert first.startswith("entry-") and second.startswith("entry-")
    assert first != second
    assert slugify("🎉🎉") == first  # stable: the same title, the same slug
    assert slugify("!!!", empty="actor").startswith("actor-")


# What the hand-written table of the previous version gave for every Cyrillic letter, in
# the middle of a word and at its start: a transliteration library must not change them.
OLD_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "є": "ye", "ї": "yi", "ґ": "g", "ў": "u",
}  # fmt: skip


@pytest.mark.parametrize("letter", sorted(OLD_CYRILLIC))
def test_cyrillic_letters_keep_the_spellings_they_had(letter: str) -> None:
    expected = OLD_CYRILLIC[letter]
    assert slugify(f"x{letter}x") == f"x{expected}x"
    assert slugify(f"x{letter.upper()}x") == f"x{expected}x"


def test_the_cyrillic_names_of_the_shipped_registries_slug_as_before() -> None:
    assert slugify("Владимир Путин") == "vladimir-putin"
    assert slugify("Сергей Лавров") == "sergey-lavrov"
    assert slugify("Эммануэль Макрон") == "emmanuel-makron"
    assert slugify("Беларусь") == "belarus"


def test_every_shipped_entry_keeps_the_slug_of_its_file_name() -> None:
    """The file name gives the slug, whatever the title would slug to now."""
    files = sorted((SHIPPED / "entries").rglob("*.md"))
    assert files
    differing = 0
    for path in files:
        relative = path.relative_to(SHIPPED).as_posix()
        text = path.read_text(encoding="utf-8")
        entry, errors = read_entry(SourceFile(relative, relative, text), include_drafts=True)
        assert [e for e in errors if not e.advisory] == [] and entry is not None
        assert entry.slug == path.stem[len("2022-01-28-") :]
        differing += entry.slug != slugify(entry.title)
    assert differing  # titles alone would have moved these pages


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("## Key points", "key-points"),
        ("## Что сказал Лавров", "chto-skazal-lavrov"),
        ("## Αθήνα", "athina"),
        ("## Russia's reply", "russia-reply"),
    ],
)
def test_heading_anchors_use_the_same_slugs(heading: str, anchor: str) -> None:
    assert f'id="{anchor}"' in make_renderer(False).render(heading)
