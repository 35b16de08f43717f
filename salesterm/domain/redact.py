"""Secrets out of anything printed or logged: the password of a URL and libpq's password=.

`redact(text)` masks `scheme://user:SECRET@host`, `password=SECRET` (quoted or not, also
`PGPASSWORD=`, `passwd=`, `pwd=`) and `'password': 'SECRET'` (a dict's repr) with `***`.
It is applied where text leaves the program: every user error's text (domain.errors.Message),
the one line of an unexpected error and everything written to salesterm.log (cmds/errors.py).
Masking a little too much is fine; showing a password is not.
"""
from __future__ import annotations

import re

MASK = "***"

_QUOTED = r"'(?:[^'\\]|\\.)*'?|\"(?:[^\"\\]|\\.)*\"?"
# scheme://user:secret@ : the secret runs to the last @ of the word (a raw @ inside it is masked too)
_URL = re.compile(r"(?P<head>\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@'\"]*):[^\s]*@")
# password=secret, password = 'se cret', PGPASSWORD=..., ?password=x&...
_KEYWORD = re.compile(rf"(?i)(?P<head>\b(?:pg)?(?:password|passwd|pwd)\s*=\s*)(?:{_QUOTED}|[^\s&;,'\")]+)")
# {'password': 'secret'} as a dict's repr or JSON
_MAPPING = re.compile(rf"(?i)(?P<head>['\"](?:pg)?(?:password|passwd|pwd)['\"]\s*:\s*)(?:{_QUOTED}|[^\s,}}]+)")


def redact(text: object) -> str:
    """TEXT with every password it holds replaced by ***."""
    out = "" if text is None else str(text)
    if "@" in out:
        out = _URL.sub(lambda m: f"{m['head']}:{MASK}@", out)
    low = out.lower()
    if "pass" in low or "pwd" in low:
        out = _KEYWORD.sub(lambda m: m["head"] + MASK, out)
        out = _MAPPING.sub(lambda m: m["head"] + f"'{MASK}'", out)
    return out
