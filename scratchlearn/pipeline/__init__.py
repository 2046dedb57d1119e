"""Pipelines: transformers and a final estimator as one estimator."""

from scratchlearn.pipeline.pipeline import Pipeline, make_pipeline

__all__ = ["Pipeline", "make_pipeline"]
