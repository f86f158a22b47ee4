"""Images checked and shrunk with Pillow. Pillow decodes untrusted files: every open goes
through `_opened`, which refuses anything over MAX_PIXELS before decoding a single pixel."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from pathlib import Path

from audit_engine.domain.errors import InvalidInput

MAX_PIXELS = 60_000_000  # a 48/50-megapixel phone photo at full size fits; 200 MP does not
IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".jpe", ".png", ".gif", ".webp", ".heic",
                            ".heif", ".tif", ".tiff", ".bmp"})
JPEG_QUALITY = 80


@dataclass(frozen=True)
class ImageFacts:
    width: int
    height: int
    format: str  # Pillow's name: JPEG, PNG, HEIF, ...


def is_image_name(name: str) -> bool:
    return Path(name).suffix.lower() in IMAGE_SUFFIXES


def check_image(path: Path, name: str) -> ImageFacts:
    """Refuse (InvalidInput, one line naming the file) what is not an image Pillow can read,
    or is larger than MAX_PIXELS, or does not decode to the end (a truncated or forged file).
    Decodes at a reduced size where the format allows (JPEG), so a 12 MP photo is cheap."""
    with _opened(path, name) as image:
        try:  # every chunk and checksum (PNG), before any pixel: a forged file stops here
            image.verify()
        except (OSError, ValueError, SyntaxError) as error:
            raise InvalidInput(f"file {name!r} is not a readable image ({error})") from None
    with _opened(path, name) as image:
        facts = ImageFacts(image.width, image.height, image.format or "?")
        try:
            image.draft("RGB", (256, 256))  # JPEG: every block read, at 1/8 size
            image.load()
        except (OSError, ValueError, SyntaxError) as error:
            raise InvalidInput(f"file {name!r} is not a readable image ({error})") from None
    return facts


def thumbnail_jpeg(path: Path, box: int, name: str = "") -> bytes:
    """A JPEG at most `box` pixels on its longer side, upright (EXIF orientation applied),
    with no metadata (EXIF, GPS, XMP, ICC) copied from the original."""
    from PIL import ImageOps

    with _opened(path, name or path.name) as image:
        image.draft("RGB", (box, box))  # JPEG: decoded at 1/2, 1/4 or 1/8 size, >= box
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((box, box))
        return _jpeg(upright)


def _jpeg(image) -> bytes:
    from PIL import Image

    if image.mode in ("RGBA", "LA", "P"):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)  # no exif=, no icc_profile=
    return out.getvalue()


class _opened:
    """`with _opened(path, name) as image`: Pillow's lazy open (header only), refused when not
    an image or over the pixel limit; closed after."""

    def __init__(self, path: Path, name: str) -> None:
        self.path, self.name, self.image = path, name, None

    def __enter__(self):
        from PIL import Image, UnidentifiedImageError

        _register_heif()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                self.image = Image.open(self.path)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
                raise _too_large(self.name, None, str(bomb)) from None
            except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
                raise InvalidInput(f"file {self.name!r} is not a readable image") from None
        width, height = self.image.size
        if width * height > MAX_PIXELS:
            self.image.close()
            raise _too_large(self.name, (width, height))
        return self.image

    def __exit__(self, *exc) -> None:
        if self.image is not None:
            self.image.close()


def _too_large(name: str, size: tuple[int, int] | None, said: str = "") -> InvalidInput:
    """Pillow itself refuses far too large images before telling their size; its message
    still says how many pixels the file declares."""
    limit = f"at most {MAX_PIXELS // 1_000_000} megapixels"
    if size is None:
        import re

        found = re.search(r"\((\d+) pixels\)", said)
        declared = f"{int(found.group(1)) / 1e6:.0f} megapixels" if found else "too many pixels"
        return InvalidInput(f"file {name!r} declares {declared} (a decompression bomb?); "
                            f"{limit}")
    width, height = size
    return InvalidInput(f"file {name!r} is {width} x {height} pixels "
                        f"({width * height / 1e6:.0f} megapixels); {limit}")


_HEIF: list[bool] = []


def _register_heif() -> None:
    """pillow-heif teaches Pillow HEIC/HEIF (iPhone photos); registered at first use, not at
    import time."""
    if not _HEIF:
        from pillow_heif import register_heif_opener

        register_heif_opener()
        _HEIF.append(True)
