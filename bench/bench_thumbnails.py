"""Thumbnails of phone photos: audit_engine.imaging against bare Pillow.

A 12-megapixel JPEG (4000 x 3000, with an EXIF orientation, as a phone takes it) is made once.
Timed, best of N: the upload check (`check_image`: header, pixel limit, a decode at reduced
size), our thumbnail (`thumbnail_jpeg`: the same decode, EXIF orientation applied, no metadata
copied), a thumbnail served from the content-hash cache, and the floor: bare Pillow's
`Image.open` + `thumbnail` + `save` (Pillow's thumbnail already decodes a JPEG at reduced
size). Prints milliseconds and ratios to the floor.
Aim: our thumbnail within 1.5x bare Pillow; from the cache under 1 ms.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PIL import Image  # noqa: E402

from audit_engine.imaging import thumbnails  # noqa: E402
from audit_engine.imaging.pictures import check_image, thumbnail_jpeg  # noqa: E402
from audit_engine.storage.picture_store import FolderPictures  # noqa: E402

N = int(os.environ.get("BENCH_THUMB_N", "15"))


def photo(path: Path) -> None:
    """A 12 MP JPEG with texture (a flat colour would decode unrealistically fast)."""
    small = Image.effect_noise((500, 375), 60).convert("RGB")
    big = small.resize((4000, 3000), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x0112] = 6  # rotated: the thumbnail must turn it upright
    big.save(path, "JPEG", quality=88, exif=exif.tobytes())


def bare_pillow(path: Path) -> bytes:
    with Image.open(path) as image:
        image.thumbnail((160, 160))
        out = io.BytesIO()
        image.convert("RGB").save(out, "JPEG", quality=80)
        return out.getvalue()


def best(call) -> float:
    times = []
    for _ in range(N):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-thumbs-") as folder:
        path = Path(folder) / "photo.jpg"
        photo(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
        cache = Path(folder) / "cache"
        floor = best(lambda: bare_pillow(path))
        rows = [
            ("bare Pillow open+thumbnail+save", floor),
            ("upload check (check_image)", best(lambda: check_image(path, "photo.jpg"))),
            ("thumbnail_jpeg (upright, no metadata)", best(lambda: thumbnail_jpeg(path, 160))),
        ]
        kept = FolderPictures(cache)
        thumbnails.cached_picture(kept, lambda: path, sha, "photo.jpg", "image/jpeg", "thumb")
        rows.append(("thumbnail from the cache", best(lambda: thumbnails.cached_picture(
            kept, lambda: path, sha, "photo.jpg", "image/jpeg", "thumb"))))
        rows.append(("preview 1024 px (thumbnail_jpeg)", best(lambda: thumbnail_jpeg(path, 1024))))
        size = path.stat().st_size / 1e6
        print(f"== 12 MP JPEG (4000 x 3000, {size:.1f} MB), best of {N}")
        for name, ms in rows:
            print(f"   {name:<40}{ms:>8.1f} ms{ms / floor:>8.2f}x")
        ours = rows[2][1] / floor
        print(f"   aim: thumbnail within 1.5x bare Pillow: {'met' if ours <= 1.5 else 'MISSED'}"
              f" ({ours:.2f}x)")


if __name__ == "__main__":
    main()
