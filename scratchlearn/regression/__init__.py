"""Regression: one feature, many features, and a loss that shrugs off outliers."""
