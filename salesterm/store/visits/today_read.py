"""What Today's screen reads: the day's agenda, the reps to choose from, the cycle week, and a
configured rep this database does not know. A store function of its own (not the screen's): the
app starts it before the screen exists (salesterm/early_read.py), with no Textual involved.

`load_agenda` reads the agenda's first FIRST_ROWS rows only (a screenful: every planned visit
and revisit of the day, then as many more as fit) and says whether that is all of it; when it is
not, the screen shows them and reads the whole agenda after (`load_whole`). At 100k for every
rep the agenda has 1,749 rows, and reading them all held a usable Today ~100 ms after the first
paint."""
from __future__ import annotations

FIRST_ROWS = 60  # the rows read first: a screen of 40 lines shows about 33


def load_agenda(day, rep):
    """(the agenda's first rows, whether they are all of it, the reps, the cycle week, a rep
    name this database does not know)."""
    from salesterm.store import reps
    from salesterm.store.visits import agenda, plan

    names = reps.rep_names()
    problem = None
    if rep and rep not in names:  # a rep name in the config that is not in this database
        problem, rep = rep, None
    week = plan.cycle_week_on(day, rep)
    items, whole = agenda.agenda_start(day=day, rep=rep, rows=FIRST_ROWS)
    return items, whole, names, week, problem


def load_whole(day, rep):
    """The whole agenda of DAY for REP (a rep load_agenda found)."""
    from salesterm.store.visits import agenda

    return agenda.agenda(day=day, rep=rep)
