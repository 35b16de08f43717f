"""salesterm demo [--customers N] [--seed S] [--force]: realistic demo data, deterministic."""
from __future__ import annotations

import time

from salesterm.cmds.options import LARGEST_SEED, whole_number
from salesterm.cmds.transfer import StepProgress
from salesterm.i18n import _


def add_parser(sub) -> None:
    p = sub.add_parser("demo", help="fill the database with realistic demo data (same seed, same data)",
                       description="Fill the database with a distributor's sales team: reps, customers, "
                                   "deals, visits, receivables, notes, scripts and targets, around --today.")
    p.add_argument("--customers", type=whole_number(1, 1_000_000, command_checks_low=True), default=300,
                   metavar="N", help="how many customers (default 300)")
    p.add_argument("--seed", type=whole_number(-LARGEST_SEED, LARGEST_SEED), default=1, metavar="S",
                   help="the random seed (default 1)")
    p.add_argument("--force", action="store_true", help="replace everything in a database that holds customers")
    p.set_defaults(run=run)


def run(args, ctx) -> int:
    from salesterm.store import demo

    db = ctx.open_db()
    if args.force:
        from salesterm.store.sync import replica

        replica.leave_before_replacing()  # refuses while changes wait to be pushed
    progress = StepProgress("")
    start = time.perf_counter()
    try:
        counts = demo.generate(customers=args.customers, seed=args.seed, force=args.force, progress=progress)
    finally:
        progress.close()
    seconds = time.perf_counter() - start
    shown = _(", ").join(f"{_(table)} {count:,}" for table, count in counts.items())
    print(_("demo data written to {db} in {seconds} s (today {today}, seed {seed}): {counts}",
            db=db.salesterm_target.describe(), seconds=f"{seconds:.1f}", today=ctx.today, seed=args.seed,
            counts=shown))
    return 0
