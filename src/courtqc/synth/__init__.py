"""The synthetic city court system: a deterministic Shanghai court caseload with planted
anomalies and their ground truth (docs/SYNTH.md, docs/ANOMALIES.md)."""

from courtqc.synth.generate import GenerationStats, SynthError, generate

__all__ = ["GenerationStats", "SynthError", "generate"]
