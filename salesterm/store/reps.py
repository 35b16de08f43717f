"""Finding a rep someone named (on the command line, in a filter): one rule for every report."""
from __future__ import annotations

from salesterm.domain.errors import UserError
from salesterm.store.models import Rep


def existing_rep_id(rep) -> str | None:
    """The id of the live rep REP names (by name, spaces tidied, or by id); None when REP is
    empty. An unknown rep is refused, never created: a typo must not make an empty report."""
    if rep is None or rep == "":
        return None
    if isinstance(rep, Rep):
        return rep.id
    text = " ".join(str(rep).split())
    found = Rep.get_or_none(((Rep.name == text) | (Rep.id == text)) & Rep.deleted_at.is_null())
    if found is None:
        raise UserError("reps.no_called_name", name=text)
    return found.id
