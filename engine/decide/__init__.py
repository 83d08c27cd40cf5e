"""Deciding a case: the compiled form of a rule base, the three evaluators (reference,
durable_rules, generated) and the trace they return."""
