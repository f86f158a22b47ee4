"""The Five Step Risk Assessment (MSC 2.1): a yearly record per facility, its rated threats and
vulnerabilities, its action plan as corrective actions, and its link to the next audit.

Modules:
- `assessments`: Risk assessment use cases: open, record a step, rate an item, plan an action,
  complete.
- `record_text`: The completed assessment as a plain Markdown record (the evidence file kept for MSC
  2.1).
- `records`: Loading assessments by the ids people type, and the record kept as evidence for 2.1.
- `views`: Read models of risk assessments, and the reads every page, report and command shares.

- `risk_work`: What the risk pages offer the signed-in person beyond reading.
"""
