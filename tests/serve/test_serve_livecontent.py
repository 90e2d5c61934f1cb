"""The preview's in-memory validation reports exactly what `build` reports, file by file."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.engine.pipeline import load_site
from briefing.errors import SourceError
from briefing.serve.livecontent import ContentState, content_kind
from tests.conftest import entry, write_tree
from tests.serve.sitegen import generated_files

BROKEN: dict[str, dict[str, str | None]] = {
    "unknown thread": {"entries/2022/2022-01-20-item-01.md": entry("X", thread="bildup")},
    "bad date and unknown actor": {
        "entries/2022/2022-01-20-item-01.md": entry("X", date="2022-02-30", actors="[nobody]")
    },
    "collision": {
        "entries/2022/2022-01-20-item-00b.md": entry(
            "Twin", date="2022-01-20", extra="slug: item-00\n"
        ),
    },
    "no front matter": {"entries/2022/2022-01-21-item-02.md": "Just text.\n"},
    "thread with errors": {"threads/talks.md": "---\ntitle: Talks\nstatus: paused\n---\n"},
    "registry with errors": {"actors.yaml": "- id: Bad Id\n  name: X\n  kind: person\n"},
    "site.yaml missing": {"site.yaml": None},
    "site.yaml broken": {"site.yaml": "title: [unclosed\n"},
    "draft with errors": {
        "entries/2022/2022-02-09-draft.md": entry(
            "D", date="2022-02-09", thread="nope", extra="draft: true\n"
        ),
    },
    "not utf-8": {"entries/2022/2022-01-22-item-03.md": None},
}


def content_with(tmp_path: Path, changes: dict[str, str | None]) -> Path:
    files: dict[str, str | bytes] = dict(generated_files())
    for relative, text in changes.items():
        if text is None:
            files.pop(relative, None)
        else:
            files[relative] = text
    root = write_tree(tmp_path / "content", files)
    if "entries/2022/2022-01-22-item-03.md" in changes:
        (root / "entries/2022/2022-01-22-item-03.md").write_bytes(b"---\ntitle: \xff\n---\n")
    return root


def build_problems(content: Path, drafts: bool) -> list[SourceError]:
    return sorted(set(load_site(content, include_drafts=drafts)[1]))


@pytest.mark.parametrize("drafts", [True, False])
@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_full_load_reports_what_build_reports(tmp_path: Path, case: str, drafts: bool) -> None:
    content = content_with(tmp_path, BROKEN[case])
    state = ContentState(content, include_drafts=drafts, base_url=None)
    state.load_all()
    assert sorted(set(state.problems())) == build_problems(content, drafts)
    if drafts:
        assert build_problems(content, drafts), "the case must be broken"


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_breaking_and_fixing_one_file_matches_build_each_time(tmp_path: Path, case: str) -> None:
    content = content_with(tmp_path, {})
    state = ContentState(content, include_drafts=True, base_url=None)
    state.load_all()
    assert state.problems() == [] or all(p.warning for p in state.problems())
    originals = {rel: (content / rel).read_bytes() if (content / rel).exists() else None
                 for rel in BROKEN[case]}  # fmt: skip
    broken = content_with(tmp_path / "b", BROKEN[case])
    for relative in BROKEN[case]:
        target = content / relative
        source = broken / relative
        if source.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(source.read_bytes())
        else:
            target.unlink(missing_ok=True)
        state.reload(relative)
    assert sorted(set(state.problems())) == build_problems(content, True)
    for relative, data in originals.items():
        if data is None:
            (content / relative).unlink(missing_ok=True)
        else:
            (content / relative).write_bytes(data)
        state.reload(relative)
    assert sorted(set(state.problems())) == build_problems(content, True)
    site = state.site()
    built = load_site(content, include_drafts=True)[0]
    assert site == built


@pytest.mark.parametrize(
    ("relative", "kind"),
    [
        ("site.yaml", "site"),
        ("actors.yaml", "registry"),
        ("topics.yaml", "registry"),
        ("threads/talks.md", "thread"),
        ("entries/2022/2022-01-20-a.md", "entry"),
        ("entries/x.md", "entry"),
        ("entries/.hidden/x.md", None),
        ("entries/2022/.x.md", None),
        ("entries/2022/notes.txt", None),
        ("images/x.png", None),
        ("README.md", None),
        ("threads/a.md.swp", None),
    ],
)
def test_content_kind(tmp_path: Path, relative: str, kind: str | None) -> None:
    assert content_kind(tmp_path, relative) == kind


def test_files_below_a_linked_folder_are_not_content(tmp_path: Path) -> None:
    (tmp_path / "entries").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "entries" / "linked").symlink_to(tmp_path / "elsewhere")
    assert content_kind(tmp_path, "entries/linked/2022-01-01-x.md") is None
