"""The workflows as data: transition tables run by one static `transitions` machine per
workflow.

Modules:
- `diagram`: Mermaid state diagrams generated from the same transition tables the machines run.
- `machines`: One static transitions Machine per workflow; rows are wrapped, never attached.
- `tables`: The three workflows as data: states (from domain enums) and transition tables.
"""
