"""Parsed stylesheets kept between starts (salesterm/css_cache.py): rules read back from the
cache are the rules Textual parses, per theme; broken CSS and a damaged file are never used."""
from __future__ import annotations

import pickle

import pytest
from textual.css.stylesheet import Stylesheet, StylesheetParseError

from salesterm import css_cache
from salesterm.app import SalesTermApp  # installs the cache, as every start does


def _sheet(variables: dict) -> Stylesheet:
    sheet = Stylesheet(variables=variables)
    sheet.read_all(SalesTermApp.CSS_PATH if isinstance(SalesTermApp.CSS_PATH, list) else [SalesTermApp.CSS_PATH])
    return sheet


def _rules_css(sheet: Stylesheet) -> list[str]:
    sheet.parse()
    return [rule.css for rule in sheet.rules]


def test_rules_from_the_cache_are_the_rules_textual_parses_for_each_theme(tmp_path):
    app = SalesTermApp(db=str(tmp_path / "css.db"), lang="en")
    for theme in ("textual-dark", "textual-light"):
        app.theme = theme
        variables = app.get_css_variables()
        first = _rules_css(_sheet(variables))  # parsed (or already kept by an earlier start)
        sources = _sheet(variables).source.items()
        keys = [css_cache._key((css, where, *rest), variables) for where, (css, *rest) in sources]
        assert keys and all(k in css_cache._entries for k in keys)
        # what Textual itself makes of the same sources, bypassing the cache
        fresh = []
        for where, (css, default, tie, scope) in _sheet(variables).source.items():
            fresh += [r.css for r in css_cache._state["original"](Stylesheet(variables=variables), css, where,
                                                                 default, tie, scope)]
        assert _rules_css(_sheet(variables)) == first == fresh


def test_css_with_errors_is_never_kept():
    sheet = Stylesheet(variables={})
    sheet.add_source("Screen { colour: red; }", read_from=("broken.tcss", ""))
    before = dict(css_cache._entries)
    with pytest.raises(StylesheetParseError):  # Textual reports the error, as without the cache
        sheet.parse()
    assert css_cache._entries.keys() == before.keys()


def test_a_damaged_or_foreign_file_gives_no_entries(tmp_path):
    path = tmp_path / "css.pickle"
    assert css_cache.load(path) == {}
    path.write_bytes(b"\x80\x05not a pickle")
    assert css_cache.load(path) == {}
    path.write_bytes(pickle.dumps(["a list"]))
    assert css_cache.load(path) == {}
