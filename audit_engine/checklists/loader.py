"""Public entry points: find checklist files, load and validate them, resolve `extends`.

A file with any problem contributes nothing; its problems are reported one line each as
`path:line: field.path: what is wrong`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from audit_engine.checklists import build, cache, tailoring, translations
from audit_engine.checklists.schema import read_document
from audit_engine.checklists.yaml_source import ChecklistError, Problems, compose, read_bytes
from audit_engine.domain.errors import InvalidInput
from audit_engine.domain.rules.catalog import Catalog

SUFFIXES = (".yaml", ".yml")


def checklist_files(shipped_dir: Path, extra_dirs: Iterable[Path] = ()) -> list[Path]:
    """Every *.yaml / *.yml under the shipped folder and each configured company folder."""
    files: list[Path] = []
    for folder in (shipped_dir, *extra_dirs):
        if not folder.is_dir():
            raise InvalidInput(f"checklist folder {folder} does not exist or is not a folder")
        files.extend(sorted(p for p in folder.rglob("*") if p.suffix in SUFFIXES and p.is_file()))
    return files


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; folders replaced by the checklist files under them."""
    result: list[Path] = []
    for path in paths:
        result.extend(checklist_files(path) if path.is_dir() else [path])
    return result


def _parse(path: Path, cache_dir: Path | None) -> Catalog | dict:
    """A standalone Catalog, or the checked document of a file that `extends` a base or
    `translates` a catalog."""
    problems = Problems(str(path))
    data = read_bytes(path, problems)
    problems.raise_if_any()
    digest = hashlib.sha256(data).hexdigest()
    hit = (
        cache.memory_get(digest)
        or cache.disk_get(cache_dir, digest)
        or cache.disk_get_translation(cache_dir, digest)
    )
    if hit is not None:
        cache.memory_put(digest, hit)
        return hit
    root = compose(data, problems)
    problems.raise_if_any()
    if translations.is_translation(root):
        document = translations.read(root, problems)
        problems.raise_if_any()
        document["_digest"] = digest
        cache.disk_put_translation(cache_dir, digest, document)
        cache.memory_put(digest, document)
        return document
    document = read_document(root, problems)
    problems.raise_if_any()
    if "extends" in document:
        result: Catalog | dict = document
    else:
        result = build.standalone(document, problems)
        problems.raise_if_any()
        cache.disk_put(cache_dir, digest, result)
    cache.memory_put(digest, result)
    return result


def load_files(
    files: Sequence[Path], cache_dir: Path | None = None
) -> tuple[dict[Path, Catalog], dict[Path, list[str]]]:
    """Catalogs by file (each with its translations), and problems by file; a translation file
    is only in the second, when it has a problem."""
    loaded: dict[Path, Catalog] = {}
    pending: dict[Path, dict] = {}
    texts: dict[Path, dict] = {}
    errors: dict[Path, list[str]] = {}
    for path in files:
        try:
            parsed = _parse(path, cache_dir)
        except ChecklistError as exc:
            errors[path] = list(exc.errors)
            continue
        if isinstance(parsed, Catalog):
            loaded[path] = parsed
        elif "translates" in parsed:
            texts[path] = parsed
        else:
            pending[path] = parsed
    _resolve_pending(pending, loaded, errors)
    _refuse_duplicates(loaded, errors)
    translations.attach(texts, loaded, errors)
    return loaded, errors


def _resolve_pending(
    pending: dict[Path, dict], loaded: dict[Path, Catalog], errors: dict[Path, list[str]]
) -> None:
    """Resolve `extends` in rounds, so a tailoring may build on another tailoring."""
    progress = True
    while pending and progress:
        progress = False
        for path, document in list(pending.items()):
            base = tailoring.find_base(document["extends"], list(loaded.values()))
            if base is None:
                continue
            del pending[path]
            progress = True
            problems = Problems(str(path))
            catalog = tailoring.resolve(document, base, problems)
            if catalog is None:
                errors[path] = problems.lines
            else:
                loaded[path] = catalog
    for path, document in pending.items():
        extends = document["extends"]
        name = extends["id"] + (f"@{extends['version']}" if "version" in extends else "")
        known = ", ".join(sorted({f"{c.id}@{c.version}" for c in loaded.values()})) or "none"
        errors[path] = [
            f"{path}:{build.line(document, 'extends')}: extends: base catalog {name} is not "
            f"loaded (loaded: {known})"
        ]


def _refuse_duplicates(loaded: dict[Path, Catalog], errors: dict[Path, list[str]]) -> None:
    first: dict[tuple[str, str], Path] = {}
    for path, catalog in list(loaded.items()):
        key = (catalog.id, catalog.version)
        if key in first:
            del loaded[path]
            errors[path] = [
                f"{path}:1: id: catalog {catalog.id}@{catalog.version} is also defined in "
                f"{first[key]}; give this one another id or version"
            ]
        else:
            first[key] = path


def load_all(
    shipped_dir: Path, extra_dirs: Iterable[Path] = (), cache_dir: Path | None = None
) -> list[Catalog]:
    """Every shipped and company catalog; InvalidInput if any file has a problem. Files
    unchanged since a previous call (path, inode, size, modification time) give that call's
    catalogs without being read again."""
    files = checklist_files(shipped_dir, extra_dirs)
    state = cache.folder_state(files, str(cache_dir))
    same = cache.loaded_get(state)
    if same is not None:  # the same objects: what is built from them can be kept by identity
        return list(same)
    loaded, errors = load_files(files, cache_dir)
    if errors:
        raise ChecklistError([line for path in files for line in errors.get(path, ())])
    catalogs = [loaded[path] for path in files if path in loaded]
    cache.loaded_put(state, tuple(catalogs))
    return catalogs


def load_catalog_file(
    path: Path, context_files: Iterable[Path] = (), cache_dir: Path | None = None
) -> Catalog:
    """One file's catalog; `context_files` supply the bases a tailoring file may extend."""
    others = [p for p in context_files if p.resolve() != path.resolve()]
    loaded, errors = load_files([*others, path], cache_dir)
    if path in errors:
        raise ChecklistError(errors[path])
    if path not in loaded:
        raise ChecklistError([f"{path}:1: translates: is a translation, not a catalog"])
    return loaded[path]


def validate_paths(
    paths: Iterable[Path], context_files: Iterable[Path] = (), cache_dir: Path | None = None
) -> list[str]:
    """Problems (one line each) in the given files or folders; [] when all are valid."""
    targets = expand_paths(paths)
    wanted = {p.resolve() for p in targets}
    others = [p for p in context_files if p.resolve() not in wanted]
    _, errors = load_files([*others, *targets], cache_dir)
    return [line for path in targets for line in errors.get(path, ())]
