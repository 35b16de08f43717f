"""salesterm search QUERY|--stdin [--limit N] [--json]

Finds customers the way the jump box does: Chinese names and parts of them, full pinyin and
initials of every reading, contacts, phone fragments, codes, gapped characters, one typo (also
early in a full pinyin spelling: a close spelling, store/search/fuzzy.py).
`--stdin` reads one query a line and writes one JSON array a line, in order, flushed at once,
so scripts can keep it running and pipe queries to it.
"""
from __future__ import annotations

import sys

from salesterm.cmds.context import print_json
from salesterm.cmds.options import LARGEST, whole_number


def add_parser(sub) -> None:
    p = sub.add_parser("search", help="find customers by name, pinyin, initials, contact, phone or code")
    p.add_argument("query", nargs="?", metavar="QUERY", help="what to look for")
    p.add_argument("--stdin", action="store_true", help="read one query a line; write one JSON array a line")
    p.add_argument("--limit", type=whole_number(1, LARGEST), default=20, metavar="N",
                   help="at most N customers (default 20)")
    p.add_argument("--json", action="store_true", help="JSON: [{id, name, score, city, grade, phone, matched}]")
    p.set_defaults(run=run, parser=p)


def run(args, ctx) -> int:
    if args.stdin and args.query:
        args.parser.error("give either a QUERY or --stdin, not both")
    if not args.stdin and args.query is None:
        args.parser.error("what should I search for? give a QUERY (or --stdin to read queries)")
    import gc

    from salesterm.store import search

    if not args.stdin:  # one answer, then the process ends: nothing to collect meanwhile
        gc.disable()
        search.answer_once()
    ctx.open_db()
    search.warm()
    if args.stdin:
        return _stream(args.limit)
    hits = search.search(args.query, limit=args.limit)
    if args.json:
        print_json([h.to_json() for h in hits])
        return 0
    _print(hits)
    return 0


def _stream(limit: int) -> int:
    from salesterm.store import search

    for line in sys.stdin:
        query = line.rstrip("\r\n")
        hits = search.search(query, limit=limit)
        print_json([h.to_json() for h in hits], flush=True)
    return 0


def _print(hits) -> None:
    from salesterm.cmds.textable import print_table
    from salesterm.i18n import _

    if not hits:
        print(_("No customer matches."))
        return
    labels = {"name": _("name"), "pinyin": _("pinyin"), "initials": _("initials"), "contact": _("contact"),
              "phone": _("phone"), "code": _("code"), "gapped": _("gapped"), "typo": _("one typo"),
              "fuzzy": _("close spelling"), "merged": _("merged file")}
    print_table(
        [_("Score"), _("Customer"), _("City"), _("Grade"), _("Phone"), _("Code"), _("Matched by")],
        [[str(h.score), h.name, h.city, h.grade, h.phone, h.code, labels.get(h.matched, h.matched)]
         for h in hits],
        right={0},
    )
