from scratchlearn.regression.elastic_net.model import ElasticNetRegression, enet_path

__all__ = ["ElasticNetRegression", "enet_path"]
