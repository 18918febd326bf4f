"""What every rule needs: the rule set, the region and one injectable as-of date.

Rules never call ``date.today()``; the CLI and the browser pass the as-of date
(the device clock by default) into :class:`Context`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from validator.ruleset import Param, RuleSet


@dataclass(frozen=True)
class Context:
    rules: RuleSet
    as_of: date
    region: str = "national"

    def param(self, param_id: str) -> Param:
        return self.rules.param(param_id, self.region, self.as_of)

    def value(self, param_id: str):
        return self.param(param_id).value
