"""Text from users and files, made harmless to show on a terminal.

A customer name imported from a spreadsheet can hold escape sequences: ESC [31m colours the
screen, OSC 2 sets the window title, OSC 52 writes the clipboard, BEL rings; the C1 controls
(U+0080-U+009F, U+009B is a one-character CSI) do the same on terminals that read them, and
the bidi overrides and isolates (U+202A-U+202E, U+2066-U+2069, and the marks U+200E/U+200F)
make text read in another order than it is stored. Such a character is

- refused where text comes in (`control_in`, used by the customer rules and the importers;
  a one-line field refuses every control character, tab and newline included, while a
  free-text field allows tab and line breaks), and
- neutralised where stored text goes out, for data that came in before the rule:
  `shown_text` for the TUI (one placeholder character per control character, so widths and
  offsets stay right) and `escaped` for the command line (``\\u001b``: readable, and inside a
  JSON string the same value as before).
"""
from __future__ import annotations

import re

PLACEHOLDER = "\ufffd"  # �
_BIDI = (0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
CONTROL_CODEPOINTS = frozenset((*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), *_BIDI))
LINE_BREAKS = "\t\n\r"  # what a free-text field may hold

# for text on the screen: tab and newline kept (a widget lays them out), a carriage return
# dropped (a CRLF line end), every other control character one placeholder
DISPLAY_TABLE: dict[int, str | None] = {cp: PLACEHOLDER for cp in CONTROL_CODEPOINTS if chr(cp) not in "\t\n\r"}
DISPLAY_TABLE[ord("\r")] = None
_ONE_LINE_TABLE: dict[int, str | None] = {**DISPLAY_TABLE, ord("\t"): " ", ord("\n"): " "}


def _class(codepoints) -> str:
    return "[" + "".join(f"\\u{cp:04x}" for cp in sorted(codepoints)) + "]"


_ANY_CONTROL = re.compile(_class(CONTROL_CODEPOINTS))
_CONTROL_NOT_BREAK = re.compile(_class(cp for cp in CONTROL_CODEPOINTS if chr(cp) not in LINE_BREAKS))
_CONTROL_NOT_TAB_NEWLINE = re.compile(_class(cp for cp in CONTROL_CODEPOINTS if chr(cp) not in "\t\n"))


def control_in(text: str, *, multiline: bool = False) -> str | None:
    """The first control character of TEXT as ``U+001B``, or None when it holds none.
    A MULTILINE (free-text) field may hold tabs and line breaks."""
    match = (_CONTROL_NOT_BREAK if multiline else _ANY_CONTROL).search(text)
    return None if match is None else f"U+{ord(match[0]):04X}"


def shown_text(text: object, *, one_line: bool = False) -> str:
    """TEXT fit for the screen: each control character replaced by one placeholder (�);
    with ONE_LINE a tab or newline becomes a space too."""
    return ("" if text is None else str(text)).translate(_ONE_LINE_TABLE if one_line else DISPLAY_TABLE)


def escaped(text: str) -> str:
    """TEXT fit for a terminal's standard output: each control character but tab and
    newline written as ``\\u001b``."""
    if not _CONTROL_NOT_TAB_NEWLINE.search(text):
        return text
    return _CONTROL_NOT_TAB_NEWLINE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
