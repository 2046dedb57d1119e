from scratchlearn.decomposition.pca.model import PCA

__all__ = ["PCA"]
