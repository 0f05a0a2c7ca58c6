"""A progress counter with ETA for long commands (the results report, oracle sweeps).

    p = Progress(total=72, label="report")
    for ...:
        ...
        p.step(note="dcgan nvdla-small split")
    p.close()

It writes one self-overwriting line (`report: 12/72 (17%), 0:41 elapsed, ETA 3:25 — note`) to
stderr, at most every half second, and only when stderr is a terminal and the environment has
no `CI` variable: logs of CI runs and of test suites stay free of it. `ACCEL_PROGRESS=1` forces
it on, `ACCEL_PROGRESS=0` off.
"""

import os
import sys
import time
from typing import Optional, TextIO


def enabled_for(stream: TextIO) -> bool:
    forced = os.environ.get("ACCEL_PROGRESS")
    if forced is not None:
        return forced not in ("", "0")
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and "CI" not in os.environ


def _clock(seconds: float) -> str:
    seconds = int(round(seconds))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return "%d:%02d:%02d" % (h, m, s) if h else "%d:%02d" % (m, s)


class Progress:
    def __init__(self, total: int, label: str, stream: Optional[TextIO] = None,
                 enabled: Optional[bool] = None, interval: float = 0.5):
        self.total = max(0, int(total))
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = enabled_for(self.stream) if enabled is None else enabled
        self.interval = interval
        self.done = 0
        self.start = time.monotonic()
        self.last = None
        self.width = 0

    def line(self, note: str = "") -> str:
        elapsed = time.monotonic() - self.start
        text = "%s: %d/%d" % (self.label, self.done, self.total)
        if self.total:
            text += " (%d%%)" % (100 * self.done // self.total)
        text += ", %s elapsed" % _clock(elapsed)
        if 0 < self.done < self.total:
            text += ", ETA %s" % _clock(elapsed / self.done * (self.total - self.done))
        return text + (" — " + note if note else "")

    def step(self, n: int = 1, note: str = "") -> None:
        self.done = min(self.total, self.done + n) if self.total else self.done + n
        if not self.enabled:
            return
        now = time.monotonic()
        if self.last is not None and now - self.last < self.interval and self.done < self.total:
            return
        self.last = now
        text = self.line(note)
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()
        self.width = len(text)

    def message(self, text: str) -> None:
        """Prints a log line above the progress line (plain when the counter is off)."""
        if self.enabled and self.width:
            self.stream.write("\r" + " " * self.width + "\r")
        self.stream.write(text + "\n")
        if self.enabled and self.width:
            self.stream.write(self.line())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.width:
            self.stream.write("\n")
            self.stream.flush()
            self.width = 0
