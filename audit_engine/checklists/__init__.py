"""The YAML checklist adapter: the only home of `yaml`. See docs/checklist-format.md.

Modules:
- `applicability`: Checks and building of `entity_types` / `applicability`, `disputes` and
  `profiles`.
- `build`: From a shape-checked document to domain values: the rules that relate fields to each
  other.
- `cache`: Parsed checklists cached by the sha256 of the file's bytes: in this process, and on disk.
- `loader`: Public entry points: find checklist files, load and validate them, resolve `extends`.
- `nodes`: Typed reading of composed YAML nodes against a field table, with a line for every
  problem.
- `profile_writer`: Write a company checklist that completes one entity profile of a base catalog.
- `schema`: The checklist file format as field tables (each field is documented in
  docs/checklist-format.md).
- `tailoring`: A file with `extends`: a company's own criteria and tailoring on top of a base
  catalog.
- `translations`: Translation files: a catalog's criteria, inspection points and categories in
  another language, checked against the catalog they name.
- `yaml_source`: Read one checklist file into YAML nodes, safely, and report problems as `path:line:
  field: what`.
"""

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
