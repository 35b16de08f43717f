"""Reps by name: the one rule for finding the rep someone named, and the names pickers offer.

A rep is named by a `Rep`, its id, or its name (surrounding and repeated spaces do not count).
Reports and filters refuse an unknown name (a typo must not make an empty report); writes that
record who did something (imports, payments, visits) may create the rep on first use.
"""
from __future__ import annotations

from salesterm.domain.errors import UserError
from salesterm.store.models import Rep, new_id


def tidy_name(name) -> str:
    """A rep's name as stored: no surrounding spaces, inner runs of spaces made one."""
    return " ".join(str(name or "").split())


def rep_names() -> list[str]:
    """Every live rep's name, in name order (for pickers and filters)."""
    return [n for (n,) in Rep.live(Rep.name).order_by(Rep.name).tuples()]


def lookup(rep) -> Rep | None:
    """The live rep REP names (a Rep, an id or a name), or None: nothing named, nobody so called."""
    if isinstance(rep, Rep):
        return rep
    text = tidy_name(rep)
    if not text:
        return None
    return Rep.get_or_none(((Rep.name == text) | (Rep.id == text)) & Rep.deleted_at.is_null())


def find_rep(rep) -> Rep:
    """The live rep REP names; an unknown name is refused, never created, with the closest
    existing names (by spelling, pinyin or initials) when there are any."""
    found = lookup(rep)
    if found is None:
        raise unknown_rep(tidy_name(rep))
    return found


def unknown_rep(name: str) -> UserError:
    """The refusal of a rep called NAME who does not exist, naming the closest existing reps."""
    from salesterm.domain.rep_match import closest

    near = closest(name, rep_names())
    if near:
        return UserError("team.unknown_rep_close", name=name, choices=near)
    return UserError("reps.no_such_rep", name=name)


def rep_id(rep, *, default: str | None = None, create: bool = False) -> str | None:
    """The id of the live rep REP names; DEFAULT when REP is empty. An unknown name is created
    when CREATE (who paid, visited or owns a customer), else refused (reports and filters)."""
    if isinstance(rep, Rep):
        return rep.id
    text = tidy_name(rep)
    if not text:
        return default
    found = (lookup(text) or create_rep(text)) if create else find_rep(text)
    return found.id


def create_rep(name: str) -> Rep:
    """The rep called NAME, created unless it exists: safe when another salesterm creates the
    same rep at the same moment (the insert then does nothing and the other's row is used)."""
    text = tidy_name(name)
    Rep.insert(id=new_id(), name=text).on_conflict_ignore().execute()
    return lookup(text) or Rep.get(Rep.name == text)
