"""Model mining (模型挖掘): proposing new scenario models from what went wrong in past cases.

A target (courtqc.mining.targets) labels past cases — reversed on appeal, a review defect, a
helpful warning, pending past the time limit, a user's selection; features
(courtqc.mining.features) describe each case from its parties, lawyers, events, documents and
the party graph; decision trees, association rules, clustering and regression find where the
target concentrates; each finding becomes a draft model in the lifecycle's first state
(courtqc.mining.proposals), backtested on held-back years. docs/MINING.md.
"""

from courtqc.mining.methods import METHOD_ZH, METHODS
from courtqc.mining.run import MiningResult, mine
from courtqc.mining.targets import TARGETS, Selection, Target, for_selection, get

__all__ = [
    "METHODS",
    "METHOD_ZH",
    "TARGETS",
    "MiningResult",
    "Selection",
    "Target",
    "for_selection",
    "get",
    "mine",
]
