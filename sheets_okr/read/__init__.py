"""Reading workbooks as people keep them: find the table on each tab (past title blocks,
two-row headers and period bands), tell objectives from key results in a single table,
read KPI lists and KPI logs, and save what was found as a mapping a person can edit.

Detection produces the same model tables as tabs found by their exact headers, so the
calculation core, the linter and both backends work unchanged.
"""
