"""A plain progress bar on stderr for batch renders: drawn only on a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO


class ProgressBar:
    """`update()` after each finished item. Silent when the stream is not a terminal."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 width: int = 30) -> None:
        self.total = total
        self.done = 0
        self.failed = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.width = width
        self.started = time.monotonic()

    def update(self, label: str = "", ok: bool = True) -> None:
        self.done += 1
        self.failed += 0 if ok else 1
        if not self.enabled:
            return
        filled = self.width * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (self.width - filled)
        failed = f" {self.failed} failed" if self.failed else ""
        line = f"\r[{bar}] {self.done}/{self.total}{failed} {label[:40]:<40}"
        self.stream.write(line)
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self.done:
            self.stream.write("\n")
            self.stream.flush()
