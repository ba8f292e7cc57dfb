"""Start-up as a player feels it: `petrograd play scenes` in an 80x24 pty, from spawning to the title menu on screen.

    .venv/bin/python bench/bench_start_pty.py 9 . /tmp/other-checkout ".|PETROGRAD_CACHE=off"

Each argument after the run count is a checkout (optionally ``|NAME=VALUE`` for one environment
variable); runs alternate between them, after one warm-up each. Prints the median and minimum wall
time, and the median CPU time of the game process by then (from /proc: Linux only).
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import statistics
import struct
import sys
import tempfile
import termios
import time

NEEDLE = b"New game"


def once(target: str) -> tuple[float, float] | None:
    """(wall seconds, CPU seconds) to the title menu, or None if it did not show within 15 s."""
    folder, _, env = target.partition("|")
    saves = tempfile.mkdtemp(prefix="petrograd-bench-saves-")
    pid, fd = pty.fork()
    if pid == 0:
        os.chdir(folder)
        os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
        if env:
            name, _, value = env.partition("=")
            os.environ[name] = value
        os.execv(sys.executable, [sys.executable, "-m", "game", "play", "scenes", "--saves", saves])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    began = time.perf_counter()
    seen = b""
    result = None
    while time.perf_counter() - began < 15:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            seen += os.read(fd, 65536)
        except OSError:
            break
        if NEEDLE in seen:
            wall = time.perf_counter() - began
            fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
            result = (wall, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
            break
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)
    return result


def main() -> None:
    runs, targets = int(sys.argv[1]), sys.argv[2:]
    found: dict[str, list[tuple[float, float]]] = {t: [] for t in targets}
    for target in targets:
        once(target)  # warm the file and bytecode caches, and the compiled story
    for _ in range(runs):
        for target in targets:
            got = once(target)
            if got is not None:
                found[target].append(got)
    for target, rows in found.items():
        if not rows:
            print(f"{target}: the title menu never showed")
            continue
        walls, cpus = [w for w, _ in rows], [c for _, c in rows]
        print(f"{target}: median {statistics.median(walls) * 1000:.0f} ms, min {min(walls) * 1000:.0f} ms "
              f"({len(rows)}/{runs} runs); CPU median {statistics.median(cpus) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
