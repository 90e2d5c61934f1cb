"""actors.yaml and topics.yaml: lists of records with unique ids (pure once read)."""

from __future__ import annotations

from briefing.content.fields import ID_PATTERN, Fields
from briefing.content.frontmatter import YamlProblem, item_key_lines, load_yaml
from briefing.content.sources import SourceFile
from briefing.errors import SourceError
from briefing.model import ACTOR_KINDS, Actor, Topic

ACTOR_KEYS = ("id", "name", "kind", "aliases", "description")
TOPIC_KEYS = ("id", "name", "description")


def parse_registry(file: SourceFile, kind: str) -> tuple[list[Actor | Topic], list[SourceError]]:
    """actors.yaml or topics.yaml: a list of mappings with unique ids."""
    try:
        data = load_yaml(file.text) if file.text.strip() else []
    except YamlProblem as exc:
        return [], [SourceError(file.shown, exc.line, exc.message)]
    if data is None:
        data = []
    if not isinstance(data, list):
        return [], [SourceError(file.shown, 1, f"{file.relative} must be a list of {kind}s")]
    item_lines = item_key_lines(file.text, 1, 0, 10**9)
    errors: list[SourceError] = []
    records: list[Actor | Topic] = []
    seen: Owners = {}
    for index, item in enumerate(data):
        lines = item_lines[index] if index < len(item_lines) else {}
        if not isinstance(item, dict):
            errors.append(
                SourceError(
                    file.shown, lines.get("-", 1), f"{kind} {index + 1}: expected a mapping"
                )
            )
            continue
        fields = Fields(file.shown, item, lines, lines.get("-", 1), errors)
        record = _actor(fields) if kind == "actor" else _topic(fields)
        if record is not None:
            records.append(record)
            _check_unique(record, lines, file.shown, seen, errors)
    return records, errors + _shared_names(seen, file.shown)


Owners = dict[str, list[tuple[str, int, str]]]  # folded name -> [(record id, line, name)]


def _check_unique(
    record: Actor | Topic,
    lines: dict[str, int],
    shown: str,
    seen: Owners,
    errors: list[SourceError],
) -> None:
    """An id may be used once; names and aliases are gathered for _shared_names."""
    for owner, line, _ in seen.get(record.id.casefold(), []):
        if owner == record.id:
            message = f"id: '{record.id}' is already used on line {line}"
            errors.append(SourceError(shown, lines.get("id", 1), message))
            return
    names = [("id", record.id), ("name", record.name)]
    if isinstance(record, Actor):
        names += [("aliases", alias) for alias in record.aliases]
    for key, name in names:
        owners = seen.setdefault(name.casefold(), [])
        if all(owner != record.id for owner, _, _ in owners):
            owners.append((record.id, lines.get(key, 1), name))


def _shared_names(seen: Owners, shown: str) -> list[SourceError]:
    """One warning per name that several records share.

    Real briefings have two Petrovs: a shared name only does harm when an entry uses it,
    which assemble reports as an error there.
    """
    warnings = []
    for owners in seen.values():
        if len(owners) > 1:
            ids = ", ".join(owner for owner, _, _ in owners)
            name, line = owners[1][2], owners[1][1]
            message = (
                f"'{name}' names {len(owners)} records ({ids}); entries must refer to these by id"
            )
            warnings.append(SourceError(shown, line, message, warning=True))
    return warnings


def record_id(fields: Fields) -> str | None:
    record_id = fields.text("id", required=True)
    if record_id is not None and not ID_PATTERN.fullmatch(record_id):
        fields.error(
            "id", f"id: '{record_id}' must be a lowercase ASCII slug such as 'vladimir-putin'"
        )
        return None
    return record_id


def _actor(fields: Fields) -> Actor | None:
    before = len(fields.errors)
    fields.unknown_keys(ACTOR_KEYS)
    actor = Actor(
        id=record_id(fields) or "",
        name=fields.text("name", required=True) or "",
        kind=fields.choice("kind", ACTOR_KINDS, None) or "",
        aliases=fields.names("aliases"),
        description=fields.text("description") or "",
    )
    if not actor.kind and "kind" not in fields.data:
        fields.error("kind", f"kind: required, one of {', '.join(ACTOR_KINDS)}")
    return actor if len(fields.errors) == before else None


def _topic(fields: Fields) -> Topic | None:
    before = len(fields.errors)
    fields.unknown_keys(TOPIC_KEYS)
    topic = Topic(
        id=record_id(fields) or "",
        name=fields.text("name", required=True) or "",
        description=fields.text("description") or "",
    )
    return topic if len(fields.errors) == before else None


def registry_unchecked(file: SourceFile) -> SourceError:
    """Said once, instead of an "unknown" error in every entry that names a record of it."""
    name = file.relative
    message = f"{name} has errors; references to it not checked"
    return SourceError(file.shown, 1, message, warning=True, advisory=True)
