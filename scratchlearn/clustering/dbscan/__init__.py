from scratchlearn.clustering.dbscan.model import DBSCAN

__all__ = ["DBSCAN"]
