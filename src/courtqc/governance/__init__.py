"""Data governance at intake (MISSION 1.5): values standardised into canonical forms on every
intake path, the raw value kept beside, and a quality report over the store (docs/GOVERNANCE.md)."""
