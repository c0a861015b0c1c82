"""Measurement: gold labels, scoring against the pipeline, synthetic defects.

Modules: :mod:`auditor.eval.gold` (reading and locating gold labels),
:mod:`auditor.eval.score` (matching findings to labels, per-rule tables, floors),
:mod:`auditor.eval.render` (what `auditor eval` prints, as text or JSON),
:mod:`auditor.eval.mutate` (planting one known defect into a clean report).
"""
