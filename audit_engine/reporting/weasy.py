"""WeasyPrint itself: a restricted URL fetcher and one HTML-to-PDF call.

Imported only inside the render worker process (weasyprint takes ~1 s to import).
By default WeasyPrint would read any file:// URL (and embed it as a PDF attachment) or fetch
http(s) URLs; the fetcher here serves only files under the template folders and data: URIs and
aborts the render on anything else.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint import HTML, Attachment
from weasyprint.urls import FatalURLFetchingError, URLFetcher


class BlockedURL(FatalURLFetchingError):
    """Fatal on purpose: WeasyPrint swallows ordinary fetch errors and renders on."""


class TemplateFolderFetcher(URLFetcher):
    """Serves data: URIs and file:// paths under `roots`; refuses everything else."""

    def __init__(self, roots, log: list | None = None, **kwargs) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, **kwargs)
        self.roots = tuple(Path(r).resolve() for r in roots)
        self.log = log if log is not None else []

    def allows(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return True
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return False
        path = Path(unquote(parts.path)).resolve()
        return path.is_file() and any(path.is_relative_to(root) for root in self.roots)

    def fetch(self, url, headers=None):
        allowed = self.allows(url)
        self.log.append((url[:200], allowed))
        if not allowed:
            raise BlockedURL(f"report refers to {url[:200]!r}, outside the template folders")
        return super().fetch(url, headers)


def _attachment(item, fetcher):
    return Attachment(string=item.data, url_fetcher=fetcher, name=item.name,
                      description=item.description or None, relationship=item.relationship,
                      created=item.created, modified=item.created)


IMAGE_DPI = 150  # photos (evidence thumbnails) are scaled down to this at their printed size


def render(job) -> bytes:
    """`job` is a worker.RenderJob."""
    # HTML to PDF bytes, the restricted fetcher on the HTML (and so its CSS) and attachments.
    fetcher = TemplateFolderFetcher(job.roots, log=job.fetch_log)
    document = HTML(string=job.html, base_url=job.base_url, url_fetcher=fetcher)
    return document.write_pdf(
        attachments=[_attachment(a, fetcher) for a in job.attachments],
        pdf_variant=job.pdf_variant,
        pdf_identifier=job.identifier,
        presentational_hints=False,
        dpi=IMAGE_DPI,
    )
