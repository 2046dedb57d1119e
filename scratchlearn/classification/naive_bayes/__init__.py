from scratchlearn.classification.naive_bayes.model import (
    BernoulliNaiveBayes,
    GaussianNaiveBayes,
    MultinomialNaiveBayes,
)

__all__ = ["BernoulliNaiveBayes", "GaussianNaiveBayes", "MultinomialNaiveBayes"]
