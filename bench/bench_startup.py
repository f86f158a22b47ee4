"""Start-up of `audit-engine --help` against `python -c pass`, measured side by side in one run.

Aim: under 0.3 s on the 2-core reference machine.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMAND = Path(sys.executable).parent / "audit-engine"
RUNS = 15


def wall_time(argv: list[str]) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    floor = wall_time([sys.executable, "-c", "pass"])
    ours = wall_time([str(COMMAND), "--help"])
    print(f"python -c pass          {floor * 1000:7.1f} ms (floor)")
    print(f"audit-engine --help     {ours * 1000:7.1f} ms  ratio {ours / floor:4.1f}x  "
          f"{'within' if ours < 0.3 else 'OVER'} the 300 ms aim")


if __name__ == "__main__":
    main()
