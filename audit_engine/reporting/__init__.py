"""Rendering documents: Jinja templates and WeasyPrint PDFs, in worker processes with
bounded time and memory.

Modules:
- `constant_words`: Marked texts translated when a template is compiled (one language per
  environment).
- `files`: Writing report files so that no partial PDF ever sits under the output name.
- `jobs`: What a render worker does: the jobs it takes and how it runs them.
- `loader`: A Jinja loader that stays inside its folders, and an environment that bounds its output.
- `pages`: Jinja2 for the web pages: the package's page templates, overridable from the user's
  folder.
- `pool`: Warm render workers for one document at a time: web downloads, e-mail, single reports.
- `progress`: A plain progress bar on stderr for batch renders: drawn only on a terminal.
- `renderer`: WeasyRenderer: templates and PDFs, both rendered in capped worker processes.
- `safe_open`: Reading a file inside a template folder with no window for a symlink swap.
- `templates`: Jinja2 side of reporting: the template search path and a sandboxed, strict
  environment.
- `weasy`: WeasyPrint itself: a restricted URL fetcher and one HTML-to-PDF call.
- `worker`: Render PDFs in worker processes with a wall-clock limit and a memory cap.
"""
