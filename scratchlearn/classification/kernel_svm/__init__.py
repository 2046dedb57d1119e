from scratchlearn.classification.kernel_svm.model import KernelSVM

__all__ = ["KernelSVM"]
