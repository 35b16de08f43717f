"""bench/terminal.py: a program timed in a real terminal (tmux) until given texts show."""
from __future__ import annotations

import shutil
import sys

import pytest

from salesterm.bench import terminal
from salesterm.bench.startup_child import MINIMAL_FIRST, MINIMAL_SECOND
from salesterm.domain.errors import UserError

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def test_a_key_pressed_at_first_sight_switches_the_minimal_app():
    steps = [terminal.Step("first", (MINIMAL_FIRST,), key="2"), terminal.Step("second", (MINIMAL_SECOND,))]
    with terminal.Terminal() as term:
        run = term.run([sys.executable, "-m", "salesterm.bench.startup_child", "minimal-tty"], steps)
    assert 0 < run.ms["first"] < run.ms["second"]
    assert MINIMAL_SECOND in run.screen and run.rss_mb > 10


def test_a_text_that_never_shows_fails_with_what_the_screen_showed():
    with terminal.Terminal() as term, pytest.raises(UserError) as raised:
        term.run(["sh", "-c", "echo hello there; sleep 30"], [terminal.Step("never", ("goodbye",))],
                 timeout=2)
    assert "no never within 2 s" in str(raised.value) and "hello there" in str(raised.value)
