"""Neural networks: the multi-layer perceptron, trained by backpropagation."""
