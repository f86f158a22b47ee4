"""Pictures of evidence: the one home of Pillow and pillow-heif (phone photos in HEIC), and of
poppler's `pdftoppm`/`pdfinfo` for PDF first pages.

- `pictures`: an uploaded image checked (a real image, within the pixel limit: no
  decompression bombs) and turned into a small JPEG (EXIF orientation applied, no metadata
  copied).
- `pdf_pages`: a PDF's page count and its first page as a small JPEG.
- `thumbnails`: either of those cached on disk by content hash and size.

Nothing here touches the database; callers pass paths and get bytes."""
