"""Which routers make up the web pages."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

STATIC_DIR = Path(__file__).resolve().parent / "static"


def install(http: FastAPI, services) -> None:
    http.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
