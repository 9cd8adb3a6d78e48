"""Domain primitives: court tree, case numbers, ID numbers, credit codes, Chinese numerals,
money, dates and durations. Pure functions, no I/O."""
