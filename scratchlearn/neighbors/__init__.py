"""Neighbours: models that predict from the training points nearest to a query."""
