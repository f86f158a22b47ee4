"""Say in one line which system libraries WeasyPrint needs and this machine lacks."""

import ctypes.util
import shutil
import sys

NEEDED = {
    "pango-1.0": "libpango-1.0-0",
    "pangoft2-1.0": "libpangoft2-1.0-0",
    "harfbuzz": "libharfbuzz0b",
    "fontconfig": "libfontconfig1",
}

# Optional: without it WeasyPrint embeds fonts the slow way (0.3 s per document instead of 0.03).
RECOMMENDED = {"harfbuzz-subset": "libharfbuzz-subset0"}

slow = [package for lib, package in RECOMMENDED.items() if ctypes.util.find_library(lib) is None]
if slow:
    print(f"note: PDF rendering is faster with: sudo apt-get install {' '.join(slow)}",
          file=sys.stderr)

# The report tests read PDFs back with their layout and save pages as PNG (poppler).
if not (shutil.which("pdftotext") and shutil.which("pdftoppm")):
    print("note: the report tests need pdftotext and pdftoppm: sudo apt-get install poppler-utils",
          file=sys.stderr)

missing = [package for lib, package in NEEDED.items() if ctypes.util.find_library(lib) is None]
if missing:
    print(
        "error: WeasyPrint needs Pango and friends; install them with: "
        f"sudo apt-get install {' '.join(missing)}",
        file=sys.stderr,
    )
    sys.exit(2)
