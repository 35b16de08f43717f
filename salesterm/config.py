"""The user's settings: a TOML file in the platform config dir ($SALESTERM_CONFIG overrides).

    db = "/path/to/salesterm.db"        # or postgresql://user@host:5432/sales
    lang = "zh"                         # zh | en
    theme = "salesterm-dark"
    rep = "王伟"                         # who is using this laptop
    server = "postgresql://wangwei@10.0.0.5/sales"   # the team server `sync` and the app's sync use
    [keys]                              # remap any binding by its id
    "section.customers" = "f2"
    [pipeline]
    template = "handbook"               # or "fmcg"
    [customers]
    code_pattern = "C{seq:06d}"         # the code of a customer typed or imported without one:
                                        # one {seq} (a running number, formatted as in Python:
                                        # {seq:06d} pads to six digits) and any fixed text around it
    [collections]
    mark_moves_down = false             # true: `space` in the queue marks and moves to the next row
    [sync]
    interval_minutes = 10               # the app syncs in the background this often when a team
                                        # server is configured or was joined; 0: only on F5 / the palette
"""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from typing import Any

from salesterm import paths
from salesterm.domain.errors import UserError


@dataclass
class Config:
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def section(self, name: str) -> dict[str, Any]:
        value = self.data.get(name, {})
        return value if isinstance(value, dict) else {}


def load() -> Config:
    path = paths.config_file()
    if not path.exists():
        return Config()
    try:
        return Config(tomllib.loads(path.read_text(encoding="utf-8")))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UserError("config.invalid_toml", path=path, reason=exc) from exc


def resolve_db(cli_value: str | None, config: Config) -> str:
    """--db, else $SALESTERM_DB, else config, else the platform's user data dir."""
    return str(
        cli_value or os.environ.get("SALESTERM_DB") or config.get("db") or paths.default_db_path()
    )
