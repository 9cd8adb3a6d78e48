"""The party graph (issue 15): parties, companies, their controllers, lawyers and cases as one
graph (networkx, in memory), from which controller groups and litigation rings are read.

Why networkx: the graphs a model asks about are a court's private-lending parties or a case's
context — thousands to a few hundred thousand nodes — where an in-memory library answers in
seconds and is far simpler than recursive SQL; at the scale of a whole province the same
functions would move to a Spark graph library (GraphFrames), reading the same edge list.
"""

from courtqc.graph.party_graph import (
    Relation,
    controller_groups,
    lending_graph,
    party_graph,
    relations,
    rings,
)

__all__ = ["Relation", "controller_groups", "lending_graph", "party_graph", "relations", "rings"]
