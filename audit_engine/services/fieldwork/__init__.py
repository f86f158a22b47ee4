"""Fieldwork: auditors answer the criteria and attach evidence.

- `answers`: `record_answer` (fieldwork only), `list_answers`, `audit_scorecard`.
- `answers_bulk`: many answers of one audit in one transaction, all or none.
- `answer_rest`: the unanswered rest of a category at once.
- `evidence`: `add_evidence`, `list_evidence` (files into the content-addressed store).
- `evidence_files`: one evidence file to hand out, for someone who may read it.
- `evidence_out`: `save_evidence` (a stored file under its original name, SHA-256 checked).
- `carry_forward`: `carry_evidence` from the facility's previous audit into a new one.
- `workbook_export`, `workbook_import` (+ `workbook_apply`): the audit workbook (XLSX) out to
  fill offline and back in, all or nothing.

- `evidence_links`: A file already in the audit linked to one more criterion (no second upload), and
  a link removed while fieldwork is open.
- `evidence_pictures`: Pictures of evidence for the fieldwork pages.
"""
