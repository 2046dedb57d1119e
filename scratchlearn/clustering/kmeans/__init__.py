from scratchlearn.clustering.kmeans.model import KMeans

__all__ = ["KMeans"]
