"""医考报名指南 validator: pure-Python checks for photos, scans, form fields,
probation time and eligibility.

Standard library only; nothing is read or computed at import time. The rule
set (thresholds, Chinese messages, sources) is compiled from ``content/`` at
build time and passed in explicitly, or loaded on demand with
:func:`validator.ruleset.load_default`.
"""

__version__ = "0.1.0"
