"""数助决策 services: what the court's data does for the city beyond the court.

- push models (YAML, `pushmodel`) select canonical data in the models' SQL sandbox, scoped to the
  sending court's tree, and send only their declared fields, masked as declared (`masks`), to a
  receiving body on a schedule (`scheduler`), as signed, deduplicated batches (`push`,
  `channels`) whose every delivery is logged;
- query services for outside bodies (`agency`): is a person barred from work with minors
  (`minors`), the litigation record of a small or micro enterprise (`enterprise`) with its letter
  (`letters`);
- thematic reports (决策参考, `reports`) and the per-court counts of the board (`counts`).

docs/SERVICES.md describes each, with the commands that show it.
"""
