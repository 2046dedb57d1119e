from scratchlearn.clustering.gaussian_mixture.model import GaussianMixture

__all__ = ["GaussianMixture"]
