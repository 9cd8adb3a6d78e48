"""Party identity resolution: fills `parties.person_key` so that rows of the same real person
or company share one key (resolve.py), with pairwise precision/recall against the synthetic
court's `truth_identities` (evaluate.py)."""

from courtqc.identity.evaluate import PairwiseScores, pairwise_scores
from courtqc.identity.normalize import normalize_address, normalize_party_name, normalize_phone
from courtqc.identity.resolve import ResolutionStats, resolve_parties

__all__ = [
    "PairwiseScores",
    "ResolutionStats",
    "normalize_address",
    "normalize_party_name",
    "normalize_phone",
    "pairwise_scores",
    "resolve_parties",
]
