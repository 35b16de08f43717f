"""Time a program the way a user sees it: in a real terminal (a tmux pane of 140x40).

Each run starts a detached tmux session (a private server, `tmux -S`, no config file) whose
pane waits on a FIFO; everything the pane prints is copied (`pipe-pane`) into another FIFO that
this process reads as it arrives. The clock starts when the pane is told to go (it then `exec`s
the program), and a moment is recorded the first time a given text reaches the terminal
(escape sequences taken out). A key can be pressed (`send-keys`) the moment a text appears, as a
user would at first sight. The program is hung up (the session killed) once its last text shows.
"""
from __future__ import annotations

import contextlib
import os
import re
import select
import shlex
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

SIZE = (140, 40)
# CSI (cursor moves, colours), OSC (titles, clipboard), and the one-byte and charset escapes
_ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78MDEc]")


@dataclass
class Step:
    """Wait for TEXT (any of them); then press KEY, if given."""

    name: str
    texts: tuple[str, ...]
    key: str | None = None


@dataclass
class Run:
    ms: dict[str, float] = field(default_factory=dict)  # step name -> ms from launch
    rss_mb: float = 0.0  # resident memory of the program at its last step
    screen: str = ""  # the pane's text at the end (for a failed run's message)


def available() -> bool:
    return shutil.which("tmux") is not None


class Terminal:
    """A private tmux server for a series of runs; `with Terminal() as t: t.run(...)`."""

    def __init__(self, size: tuple[int, int] = SIZE) -> None:
        self.size = size
        self.folder = Path(tempfile.mkdtemp(prefix="salesterm-bench-"))
        # the server's socket in this series' own folder: a series never reaches another's server,
        # nor the previous one of this process while it is still going away after `kill-server`
        self.socket = str(self.folder / "tmux")
        self.count = 0

    def __enter__(self) -> Terminal:
        # a session that stays for the whole series: without it the server ends with each run's
        # session, and the next run's may reach it while it is going ("server exited unexpectedly")
        self._tmux("new-session", "-d", "-s", "keep", "cat")
        return self

    def __exit__(self, *exc) -> None:
        self._tmux("kill-server", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)

    def _tmux(self, *args: str, check: bool = True) -> str:
        proc = subprocess.run(["tmux", "-S", self.socket, "-f", os.devnull, *args],
                              capture_output=True, text=True, timeout=30)
        if check and proc.returncode != 0:
            from salesterm.domain.errors import UserError

            raise UserError("bench.startup.run_failed", detail=f"tmux {args[0]}: {proc.stderr.strip()}")
        return proc.stdout

    def run(self, command: list[str], steps: list[Step], env: dict[str, str] | None = None,
            timeout: float = 120.0) -> Run:
        self.count += 1
        name = f"run{self.count}"
        go = self.folder / f"{name}.go"
        stream = self.folder / f"{name}.out"
        os.mkfifo(go)
        os.mkfifo(stream)
        # our own writer keeps the stream open, so reading it blocks instead of seeing an end
        reader = os.open(stream, os.O_RDONLY | os.O_NONBLOCK)
        keep_open = os.open(stream, os.O_WRONLY)
        exports = " ".join(f"{k}={shlex.quote(v)}" for k, v in (env or {}).items())
        shell = f"read x < {shlex.quote(str(go))}; exec env {exports} {shlex.join(command)}"
        width, height = self.size
        self._tmux("new-session", "-d", "-s", name, "-x", str(width), "-y", str(height),
                   "sh", "-c", shell)
        self._tmux("set-option", "-t", name, "status", "off")
        self._tmux("pipe-pane", "-t", name, f"exec cat > {shlex.quote(str(stream))}")
        pid = int(self._tmux("display-message", "-p", "-t", name, "#{pane_pid}").strip())
        result = Run()
        try:
            with open(go, "w") as signal:  # blocks until the pane's shell waits on it
                launched = time.monotonic()
                signal.write("go\n")
            self._follow(reader, launched, steps, name, result, timeout)
            result.rss_mb = _rss_mb(pid)
        finally:
            result.screen = self._tmux("capture-pane", "-p", "-t", name, check=False)
            self._tmux("kill-session", "-t", name, check=False)
            _wait_gone(pid)
            os.close(reader)
            os.close(keep_open)
        if len(result.ms) < len(steps):
            from salesterm.domain.errors import UserError

            missing = steps[len(result.ms)].name
            tail = " | ".join(line.strip() for line in result.screen.splitlines() if line.strip())[-300:]
            raise UserError("bench.startup.run_failed", detail=f"no {missing} within {timeout:.0f} s: {tail}")
        return result

    def _follow(self, reader: int, launched: float, steps: list[Step], name: str, result: Run,
                timeout: float) -> None:
        raw = bytearray()
        pending = list(steps)
        deadline = launched + timeout
        while pending:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            ready, _w, _x = select.select([reader], [], [], left)
            if not ready:
                continue
            chunk = os.read(reader, 1 << 16)
            now = time.monotonic()
            raw += chunk
            text = _ESCAPES.sub(b"", bytes(raw)).decode("utf-8", errors="ignore")
            while pending and any(t in text for t in pending[0].texts):
                step = pending.pop(0)
                result.ms[step.name] = (now - launched) * 1000
                if step.key is not None:
                    self._tmux("send-keys", "-t", name, step.key)
                    raw.clear()  # what comes next is judged on what is printed after the key


def _rss_mb(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _wait_gone(pid: int, seconds: float = 10.0) -> None:
    """Wait for the hung-up program to end (the next run must not share the machine with it)."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except OSError:
            return
        time.sleep(0.01)
    with contextlib.suppress(OSError):
        os.kill(pid, 9)
