"""WeasyPrint itself: a restricted URL fetcher and one HTML-to-PDF call.

Imported only inside the render worker process (weasyprint takes ~1 s to import).
By default WeasyPrint would read any file:// URL (and embed it as a PDF attachment) or fetch
http(s) URLs; the fetcher here serves only files under the template folders and data: URIs and
aborts the render on anything else. A file is read once, by descriptor, with no symlink
followed after the check (safe_open.py): the URL is never opened a second time.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from audit_engine.domain.errors import InvalidInput
from audit_engine.reporting.safe_open import NotReadable, read_below, root_holding

MAX_FILE_BYTES = 64 * 1024 * 1024  # one stylesheet, image or font of a report


class BlockedURL(FatalURLFetchingError):
    """Fatal on purpose: WeasyPrint swallows ordinary fetch errors and renders on."""


class TemplateFolderFetcher(URLFetcher):
    """Serves data: URIs and file:// paths under `roots`; refuses everything else."""

    def __init__(self, roots, log: list | None = None, **kwargs) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, **kwargs)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.log = log if log is not None else []

    def allowed_path(self, url: str) -> tuple[Path, Path] | None:
        """(folder, resolved path) of a file:// URL inside the folders, else None."""
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        root = root_holding(self.roots, path)
        return (root, path) if root is not None else None

    def fetch(self, url, headers=None):
        if urlsplit(url).scheme == "data":
            self.log.append((url[:200], True))
            return super().fetch(url, headers)
        allowed = self.allowed_path(url)
        self.log.append((url[:200], allowed is not None))
        if allowed is None:
            raise BlockedURL(f"report refers to {url[:200]!r}, outside the template folders")
        root, path = allowed
        try:  # read once, by descriptor, the very path checked (never the URL again)
            data = read_below(root, path, MAX_FILE_BYTES)
        except NotReadable as why:
            raise BlockedURL(f"report refers to {url[:200]!r}: {why}") from None
        if len(data) > MAX_FILE_BYTES:
            raise BlockedURL(f"report refers to {url[:200]!r}: over {MAX_FILE_BYTES} bytes")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), data, {"Content-Type": media_type})


def _attachment(item, fetcher):
    return Attachment(string=item.data, url_fetcher=fetcher, name=item.name,
                      description=item.description or None, relationship=item.relationship,
                      created=item.created, modified=item.created)


IMAGE_DPI = 150  # photos (evidence thumbnails) are scaled down to this at their printed size


def render(job) -> bytes:
    """`job` is a worker.RenderJob."""
    # HTML to PDF bytes, the restricted fetcher on the HTML (and so its CSS) and attachments.
    fetcher = TemplateFolderFetcher(job.roots, log=job.fetch_log)
    try:
        document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
        return document.write_pdf(
            attachments=[_attachment(a, fetcher) for a in job.attachments],
            pdf_variant=job.pdf_variant,
            pdf_identifier=job.identifier,
            presentational_hints=False,
            dpi=IMAGE_DPI,
        )
    except BlockedURL as blocked:  # the template's mistake, not ours: bad input (exit 2)
        raise InvalidInput(f"template: {blocked}") from None
