"""What Today's screen reads: the day's agenda, the reps to choose from, the cycle week, and a
configured rep this database does not know. A store function of its own (not the screen's): the
app starts it before the screen exists (salesterm/early_read.py), with no Textual involved."""
from __future__ import annotations


def load_agenda(day, rep):
    from salesterm.store import reps
    from salesterm.store.visits import agenda, plan

    names = reps.rep_names()
    problem = None
    if rep and rep not in names:  # a rep name in the config that is not in this database
        problem, rep = rep, None
    week = plan.cycle_week_on(day, rep)
    return agenda.agenda(day=day, rep=rep), names, week, problem
