"""Loading and validating every shipped and configured checklist, against bare YAML parsing.

Floor: yaml.load with CSafeLoader of the same files (no validation, no domain values).
Cold: nothing cached (first run after a file changed). Warm (disk): a new process with the
on-disk cache filled. Warm (memory): the same process loading again.
Aim: well under 100 ms in every case; it runs on every command that needs the catalog.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

import yaml

from audit_engine.bootstrap.settings import load_settings
from audit_engine.checklists import cache, checklist_files, load_all

RUNS = 20
AIM_MS = 100.0


def median_ms(action, before=lambda: None) -> float:
    samples = []
    for _ in range(RUNS):
        before()
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    settings = load_settings()
    shipped, extra = settings.shipped_checklists_dir, settings.checklist_dirs
    files = checklist_files(shipped, extra)
    size = sum(p.stat().st_size for p in files)
    print(
        f"{len(files)} checklist files, {size / 1024:.0f} KiB "
        f"({sum(len(c.criteria) for c in load_all(shipped, extra))} criteria)"
    )

    def floor() -> None:
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)

    with tempfile.TemporaryDirectory() as folder:
        cache_dir = Path(folder)
        results = {
            "yaml.CSafeLoader only (floor)": median_ms(floor),
            "cold (no cache)": median_ms(lambda: load_all(shipped, extra), cache.clear_memory),
        }
        load_all(shipped, extra, cache_dir)  # fill the disk cache
        results["warm (disk cache, new process)"] = median_ms(
            lambda: load_all(shipped, extra, cache_dir), cache.clear_memory
        )
        results["warm (in process)"] = median_ms(lambda: load_all(shipped, extra, cache_dir))
    base = results["yaml.CSafeLoader only (floor)"]
    for name, ms in results.items():
        verdict = "within" if ms < AIM_MS else "OVER"
        print(
            f"{name:<34} {ms:7.2f} ms  ratio {ms / base:5.2f}x  {verdict} the {AIM_MS:.0f} ms aim"
        )


if __name__ == "__main__":
    main()
