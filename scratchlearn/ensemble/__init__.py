"""Ensembles: many trees (or other models) combined by averaging or by boosting."""
