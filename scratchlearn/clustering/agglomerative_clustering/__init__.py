from scratchlearn.clustering.agglomerative_clustering.model import AgglomerativeClustering

__all__ = ["AgglomerativeClustering"]
