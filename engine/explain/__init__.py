"""What the engine tells of a decision: its explanation, what-ifs, counterfactuals, and
warnings on a case."""
