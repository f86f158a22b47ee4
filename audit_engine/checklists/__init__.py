"""The YAML checklist adapter: the only home of `yaml`. See docs/checklist-format.md."""

from audit_engine.checklists.loader import (
    checklist_files,
    expand_paths,
    load_all,
    load_catalog_file,
    load_files,
    validate_paths,
)
from audit_engine.checklists.yaml_source import MAX_FILE_BYTES, ChecklistError

__all__ = [
    "MAX_FILE_BYTES",
    "ChecklistError",
    "checklist_files",
    "expand_paths",
    "load_all",
    "load_catalog_file",
    "load_files",
    "validate_paths",
]
