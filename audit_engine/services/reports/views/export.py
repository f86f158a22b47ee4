"""The audit as machine-readable JSON: what the final report carries inside its PDF. Pure.

Deterministic on purpose (sorted keys, ISO dates, no "now"), so the attachment, and with it the
final PDF, is the same every time a closed audit is rendered.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from audit_engine.services.reports.views.audit import category_scores, failed_musts, score
from audit_engine.services.reports.views.models import ReportAudit

EXPORT_FORMAT = "audit-engine/audit-report@1"


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def audit_export(audit: ReportAudit) -> dict[str, Any]:
    body = asdict(audit)
    body["facility"].pop("language", None)  # the data stays language-neutral
    body.pop("extra", None)
    body["format"] = EXPORT_FORMAT
    body["scores"] = {"overall": score(audit.answers), "by_category": category_scores(audit),
                      "failed_must": [a.criterion_id for a in failed_musts(audit.answers)]}
    return _plain(body)


def audit_export_json(audit: ReportAudit) -> bytes:
    return json.dumps(audit_export(audit), sort_keys=True, indent=1, ensure_ascii=False).encode()
