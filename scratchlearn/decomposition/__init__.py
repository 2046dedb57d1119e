"""Decomposition: learning a few directions that summarise many features, without labels."""
