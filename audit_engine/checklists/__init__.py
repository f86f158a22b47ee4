"""The YAML checklist adapter: the only home of `yaml`. See docs/checklist-format.md."""

from audit_engine.checklists.loader import (
    checklist_files,
    expand_paths,
    load_all,
    load_catalog_file,
    load_files,
    validate_paths,
)
from audit_engine.checklists.profile_writer import check_text, profile_document, write_checked
from audit_engine.checklists.yaml_source import MAX_FILE_BYTES, ChecklistError

__all__ = [
    "MAX_FILE_BYTES",
    "ChecklistError",
    "check_text",
    "checklist_files",
    "expand_paths",
    "load_all",
    "load_catalog_file",
    "load_files",
    "profile_document",
    "validate_paths",
    "write_checked",
]
