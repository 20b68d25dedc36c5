"""Running papertrack as a person at a terminal does: stdout and/or stderr on a pseudo-terminal
of a given size (TIOCSWINSZ, no $COLUMNS), everything the program writes read back as bytes."""

from __future__ import annotations

import fcntl
import os
import re
import select
import struct
import subprocess
import sys
import termios
import time
import tty
from dataclasses import dataclass

from .conftest import SRC

ANSI = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@dataclass
class Run:
    returncode: int
    stdout: bytes
    stderr: bytes

    def screen(self, stream: str = "stdout") -> list[str]:
        """The lines as the terminal shows them: escape codes removed, line ends as `\\n`."""
        data = ANSI.sub(b"", getattr(self, stream)).replace(b"\r\n", b"\n")
        return data.decode("utf-8").splitlines()


def open_terminal(columns: int, lines: int, raw: bool) -> tuple[int, int]:
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
    if raw:  # no `\n` -> `\r\n`: the bytes read are the bytes written
        tty.setraw(slave, termios.TCSANOW)
    return master, slave


def run_in_terminal(*args: str, columns: int = 80, lines: int = 40, stdout_tty: bool = True,
                    stderr_tty: bool = True, raw: bool = False, env: dict | None = None,
                    timeout: float = 120) -> Run:
    """`python -m papertrack ARGS` with the chosen streams on terminals `columns` wide (each its
    own terminal, so the two streams are read apart) and the others on pipes."""
    full_env = {**os.environ, "PYTHONPATH": SRC, "TERM": "xterm-256color", **(env or {})}
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR"):
        if name not in (env or {}):
            full_env.pop(name, None)
    ends: dict[str, tuple[int, int]] = {}
    for name, wanted in (("stdout", stdout_tty), ("stderr", stderr_tty)):
        if wanted:
            ends[name] = open_terminal(columns, lines, raw)
    proc = subprocess.Popen(
        [sys.executable, "-m", "papertrack", *args], stdin=subprocess.DEVNULL, env=full_env,
        stdout=ends["stdout"][1] if stdout_tty else subprocess.PIPE,
        stderr=ends["stderr"][1] if stderr_tty else subprocess.PIPE)
    for _, slave in ends.values():
        os.close(slave)
    readers = {ends[name][0]: name for name in ends}
    readers.update({getattr(proc, name).fileno(): name for name in ("stdout", "stderr") if name not in ends})
    got = {"stdout": b"", "stderr": b""}
    deadline = time.monotonic() + timeout
    while readers:
        if time.monotonic() > deadline:
            proc.kill()
            raise TimeoutError(f"papertrack {' '.join(args)} ran over {timeout} s")
        ready, _, _ = select.select(list(readers), [], [], 0.5)
        for fd in ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the terminal's last writer has gone
                chunk = b""
            if chunk:
                got[readers[fd]] += chunk
            else:
                del readers[fd]
    proc.wait(timeout=timeout)
    for master, _ in ends.values():
        os.close(master)
    return Run(proc.returncode, got["stdout"], got["stderr"])
