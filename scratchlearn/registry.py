"""The learning path: one line per model folder, in the order a learner reads them.

The CLI (``list``, ``demo``, ``notes``, ``tour``), the top-level imports and
the contract tests are all driven by ``STAGES``. Adding a model means adding
its folder and one line here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    name: str
    package: str
    family: str
    estimators: tuple
    summary: str

    @property
    def demo_module(self):
        return f"{self.package}.demo"


STAGES = (
    Stage("linear_regression", "scratchlearn.regression.linear_regression", "regression",
          ("SimpleLinearRegression",),
          "One feature, y = w·x + b: the closed form and gradient descent on the MSE"),
    Stage("multiple_linear_regression", "scratchlearn.regression.multiple_linear_regression",
          "regression", ("MultipleLinearRegression",),
          "Many features: least squares by a stable solve, GD and SGD, why scaling matters"),
    Stage("huber_regression", "scratchlearn.regression.huber_regression", "regression",
          ("HuberRegression",),
          "A loss that is quadratic near zero and linear in the tails, with a learned scale"),
    Stage("ridge_regression", "scratchlearn.regression.ridge_regression", "regression",
          ("RidgeRegression",),
          "An L2 penalty: the SVD closed form shrinks each direction by σ²/(σ² + α)"),
    Stage("lasso_regression", "scratchlearn.regression.lasso_regression", "regression",
          ("LassoRegression",),
          "An L1 penalty sets weights exactly to zero: coordinate descent and soft-thresholding"),
    Stage("elastic_net", "scratchlearn.regression.elastic_net", "regression",
          ("ElasticNetRegression",),
          "L1 plus L2: sparse like the lasso, keeps correlated features together like ridge"),
    Stage("polynomial_regression", "scratchlearn.regression.polynomial_regression",
          "regression", ("PolynomialRegression",),
          "Polynomial features then least squares or ridge: over-fitting, bias and variance"),
    Stage("bayesian_linear_regression", "scratchlearn.regression.bayesian_linear_regression",
          "regression", ("BayesianLinearRegression",),
          "A posterior over the weights, error bars on predictions, precisions from the evidence"),
    Stage("model_selection", "scratchlearn.model_selection", "model_selection", (),
          "Honest scores: k-fold CV, stratification, pipelines against leakage, grid search"),
    Stage("logistic_regression", "scratchlearn.classification.logistic_regression",
          "classification", ("LogisticRegression",),
          "Log-odds linear in x: the sigmoid, log-loss, and Newton's method (IRLS) vs GD"),
    Stage("svm", "scratchlearn.classification.svm", "classification", ("LinearSVM",),
          "The widest margin: hinge loss, the dual, and SMO with an unpenalised bias"),
    Stage("perceptron", "scratchlearn.classification.perceptron", "classification",
          ("Perceptron",),
          "Rosenblatt's rule: learn from mistakes only; Novikoff's bound on separable data"),
    Stage("softmax_regression", "scratchlearn.classification.softmax_regression",
          "classification", ("SoftmaxRegression",),
          "Many classes at once: softmax, cross-entropy and a Newton solver on all classes"),
    Stage("kernel_svm", "scratchlearn.classification.kernel_svm", "classification",
          ("KernelSVM",),
          "The SVM dual with kernels, solved by SMO as libsvm does: RBF, polynomial, one-vs-one"),
    Stage("gaussian_process", "scratchlearn.regression.gaussian_process", "regression",
          ("GaussianProcessRegressor",),
          "A distribution over functions: condition a joint Gaussian, fit the kernel by the "
          "marginal likelihood"),
    Stage("naive_bayes", "scratchlearn.classification.naive_bayes", "classification",
          ("GaussianNaiveBayes", "MultinomialNaiveBayes", "BernoulliNaiveBayes"),
          "Bayes' rule with independent features: Gaussian, multinomial and Bernoulli, by counting"),
    Stage("discriminant_analysis", "scratchlearn.classification.discriminant_analysis",
          "classification", ("LinearDiscriminantAnalysis", "QuadraticDiscriminantAnalysis"),
          "Full-covariance Gaussians and Bayes' rule: linear (shared Σ) and quadratic boundaries, "
          "Fisher's projection"),
    Stage("decision_tree", "scratchlearn.trees.decision_tree", "trees",
          ("DecisionTreeClassifier", "DecisionTreeRegressor"),
          "CART: greedy axis-aligned splits by Gini, entropy or squared error, grown level by level"),
    Stage("knn", "scratchlearn.neighbors.knn", "neighbors", ("KNNClassifier", "KNNRegressor"),
          "No training, just memory: vote or average the k nearest points, found by brute force"),
    Stage("bagging", "scratchlearn.ensemble.bagging", "ensemble",
          ("BaggingClassifier", "BaggingRegressor"),
          "Average models fitted on bootstrap resamples: less variance, out-of-bag scores"),
    Stage("random_forest", "scratchlearn.ensemble.random_forest", "ensemble",
          ("RandomForestClassifier", "RandomForestRegressor"),
          "Bagged trees that draw features at every split, so their errors decorrelate"),
    Stage("adaboost", "scratchlearn.ensemble.adaboost", "ensemble", ("AdaBoostClassifier",),
          "Reweight the mistakes, vote by log-odds of accuracy: SAMME from exponential loss"),
    Stage("gradient_boosting", "scratchlearn.ensemble.gradient_boosting", "ensemble",
          ("GradientBoostingClassifier", "GradientBoostingRegressor"),
          "Trees fitted to negative gradients: gradient descent in function space"),
    Stage("mlp", "scratchlearn.neural_network.mlp", "neural_network",
          ("MLPClassifier", "MLPRegressor"),
          "Layers of units trained by backpropagation: the chain rule, SGD, momentum and Adam"),
    Stage("pca", "scratchlearn.decomposition.pca", "decomposition", ("PCA",),
          "Directions of largest variance by the SVD: projection, reconstruction, whitening"),
    Stage("kmeans", "scratchlearn.clustering.kmeans", "clustering", ("KMeans",),
          "K centres without labels: Lloyd's alternating steps on the inertia, k-means++ seeds"),
    Stage("gaussian_mixture", "scratchlearn.clustering.gaussian_mixture", "clustering",
          ("GaussianMixture",),
          "Soft clusters as a density: EM on a lower bound, four covariance shapes, BIC"),
    Stage("dbscan", "scratchlearn.clustering.dbscan", "clustering", ("DBSCAN",),
          "Clusters as dense regions: core points, reachability, noise, any shape"),
    Stage("agglomerative_clustering", "scratchlearn.clustering.agglomerative_clustering",
          "clustering", ("AgglomerativeClustering",),
          "Merge the closest pair, repeat: four linkages, Lance-Williams, the dendrogram"),
)

# Estimators that are not a stage of the path but follow the same contract.
# (OneHotEncoder takes categories, not numeric features: it is importable from
# scratchlearn.core and tested against scikit-learn's encoder on its own.)
TRANSFORMERS = (
    ("StandardScaler", "scratchlearn.core.preprocessing"),
    ("PolynomialFeatures", "scratchlearn.core.preprocessing"),
)


# Plain data holders that fitted estimators keep and a model file may rebuild
# (scratchlearn.save / load): nothing outside this list and the estimators can
# be named in a model file.
PERSISTED_TYPES = (
    ("Tree", "scratchlearn.trees.decision_tree.model"),
)


def stage_names():
    return [stage.name for stage in STAGES]


def find_stage(name):
    for stage in STAGES:
        if stage.name == name:
            return stage
    return None


def estimator_locations():
    """``{class name: module}`` for every public estimator, models first."""
    locations = {name: stage.package for stage in STAGES for name in stage.estimators}
    locations.update(dict(TRANSFORMERS))
    return locations
