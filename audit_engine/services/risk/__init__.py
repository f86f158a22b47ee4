"""The Five Step Risk Assessment (MSC 2.1): a yearly record per facility, its rated threats and
vulnerabilities, its action plan as corrective actions, and its link to the next audit."""
