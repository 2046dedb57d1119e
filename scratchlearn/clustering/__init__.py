"""Clustering: learning groups without labels."""
