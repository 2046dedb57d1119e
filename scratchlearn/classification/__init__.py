"""Classification: linear classifiers, kernels, naive Bayes and more."""
