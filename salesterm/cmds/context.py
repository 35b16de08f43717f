"""What every command gets: the database URL, today, the rep, the language, the config."""
from __future__ import annotations

import codecs
import json
import sys
from dataclasses import dataclass
from datetime import date

from salesterm import clock, i18n
from salesterm import config as config_mod


@dataclass
class Context:
    db_url: str
    today: date
    rep: str | None
    lang: str
    theme: str | None
    config: config_mod.Config
    rep_given: bool = False  # --rep was on the command line (not only in the config)

    @classmethod
    def from_args(cls, args, today: date | None) -> Context:
        cfg = config_mod.load()
        clock.set_today(today)
        lang = i18n.detect(args.lang, cfg.get("lang"))
        i18n.set_language(lang)
        return cls(
            db_url=config_mod.resolve_db(args.db, cfg),
            today=clock.today(),
            rep=args.rep or cfg.get("rep"),
            lang=lang,
            theme=args.theme or cfg.get("theme"),
            config=cfg,
            rep_given=bool(args.rep),
        )

    def open_db(self, *, migrate: bool = True, create: bool = True):
        from salesterm.store.db import open_database
        from salesterm.store.sync.capture import after_open

        db = open_database(self.db_url, migrate=migrate, create=create)
        if migrate:
            after_open(db)  # a team-sync replica's capture follows an upgraded schema
        return db

    def session_rep(self, db) -> str | None:
        """Who works: on a team server the login's rep, else --rep or the config's (store/team/identity)."""
        from salesterm.store.team.identity import session_rep

        return session_rep(db, self.rep, explicit=self.rep_given)


def print_json(value, *, flush: bool = False) -> None:
    """The one JSON writer of the commands (every ``--json``): one value on one line, in UTF-8 with
    Chinese as itself (never as ``\\u`` escapes), whatever encoding the terminal or pipe announces;
    control characters still go out escaped (cmds.safe_output)."""
    from salesterm.cmds.safe_output import unfiltered
    from salesterm.domain.safe_text import escaped

    line = json.dumps(value, ensure_ascii=False) + "\n"
    out = sys.stdout
    raw = unfiltered(out)
    binary = getattr(raw, "buffer", None)
    if binary is None or codecs.lookup(getattr(raw, "encoding", None) or "utf-8").name == "utf-8":
        out.write(line)
    else:  # an ASCII or Latin-1 stream would fail or mangle the names: its bytes get UTF-8
        raw.flush()
        binary.write(escaped(line).encode("utf-8"))
    if flush:
        out.flush()
