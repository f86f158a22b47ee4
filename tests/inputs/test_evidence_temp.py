"""Killed evidence uploads leave temporary files; the next write removes them (and only them)."""

from __future__ import annotations

import signal
import subprocess
import sys

from audit_engine.storage.folder_store import FolderStore

# A writer as the store starts one: temporary file made and locked, then it works on (sleeps).
WRITER = """
import sys, tempfile, time
from audit_engine.storage.folder_store import TMP_PREFIX, _hold
fd, name = tempfile.mkstemp(dir=sys.argv[1], prefix=TMP_PREFIX)
_hold(name)
print(name, flush=True)
time.sleep(600)
"""


def start_writer(tmp_dir) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_dir)],
                               stdout=subprocess.PIPE, text=True)
    return process, process.stdout.readline().strip()


def test_temp_files_of_killed_writers_go_at_the_next_write_and_live_ones_stay(tmp_path):
    store = FolderStore(tmp_path / "evidence", 1024 * 1024)
    tmp_dir = tmp_path / "evidence" / ".tmp"
    tmp_dir.mkdir(parents=True)
    killed, killed_file = start_writer(tmp_dir)
    alive, alive_file = start_writer(tmp_dir)
    try:
        killed.send_signal(signal.SIGKILL)
        killed.wait()
        source = tmp_path / "proof.pdf"
        source.write_bytes(b"%PDF-1.4 proof\n")
        store.put(source)
        assert sorted(p.name for p in tmp_dir.iterdir()) == [alive_file.rsplit("/", 1)[1]]
        assert killed_file.rsplit("/", 1)[1] not in {p.name for p in tmp_dir.iterdir()}
    finally:
        alive.kill()
        alive.wait()
        killed.stdout.close()
        alive.stdout.close()
