"""The pattern rules behind most info-point kinds: one regular expression each over one or
more sections, in the court's fixed phrasing, grouped by the part of the judgment they read
(procedure, criminal, civil, closing). `rule.py` says what a rule is."""
