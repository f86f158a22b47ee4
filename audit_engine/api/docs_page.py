"""/api/v1/docs: Swagger UI served from this server (no CDN), so it works offline and under the
site's Content-Security-Policy (scripts and styles from 'self' only, no inline script).

The Swagger UI files come from the `swagger-ui-bundle-v2` package (its one home is here); the
page and its small start script are ours.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

INIT_SCRIPT = Path(__file__).resolve().parent / "static" / "docs-init.js"
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>audit-engine API</title>
<link rel="stylesheet" href="docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="docs/assets/swagger-ui-bundle.js"></script>
<script src="docs/init.js"></script>
</body>
</html>
"""


def add_docs(api: FastAPI) -> None:
    """The page at /docs, its start script, and the vendored Swagger UI under /docs/assets."""
    from swagger_ui_bundle import swagger_ui_path

    async def page() -> HTMLResponse:
        return HTMLResponse(PAGE)

    async def init_script() -> FileResponse:
        return FileResponse(INIT_SCRIPT, media_type="text/javascript")

    api.add_api_route("/docs", page, methods=["GET"], include_in_schema=False)
    api.add_api_route("/docs/init.js", init_script, methods=["GET"], include_in_schema=False)
    api.mount("/docs/assets", StaticFiles(directory=swagger_ui_path), name="docs-assets")
