"""The renderer with each PDF's duration counted for /metrics (when metrics are on)."""

from __future__ import annotations


class TimedRenderer:
    """The renderer, each PDF's duration counted for /metrics (when metrics are on)."""

    def __init__(self, renderer) -> None:
        self._renderer = renderer

    def __getattr__(self, name: str):
        return getattr(self._renderer, name)

    def render_pdf(self, *args, **kwargs) -> bytes:
        from time import perf_counter

        from audit_engine.metrics import observe_render

        started = perf_counter()
        try:
            return self._renderer.render_pdf(*args, **kwargs)
        finally:
            observe_render(perf_counter() - started)
