"""The estimator contract and the validation layer, directly."""

import pickle
import warnings

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError as SklearnNotFittedError

from scratchlearn import MultipleLinearRegression, StandardScaler
from scratchlearn.core import (
    NotFittedError,
    check_random_state,
    check_sample_weight,
    encode_class_labels,
)
from scratchlearn.core.base import DataConversionWarning
from scratchlearn.core.validation import check_array


def test_get_set_params_and_clone_round_trip():
    model = MultipleLinearRegression(solver="gd", learning_rate=0.5)
    params = model.get_params()
    assert params["solver"] == "gd" and params["learning_rate"] == 0.5
    assert model.set_params(max_iter=7) is model and model.max_iter == 7
    copy = clone(model)
    assert copy.get_params() == model.get_params() and copy is not model
    with pytest.raises(ValueError, match="Invalid parameter 'alpha'"):
        model.set_params(alpha=1.0)


def test_repr_shows_only_changed_parameters():
    assert repr(MultipleLinearRegression()) == "MultipleLinearRegression()"
    assert repr(MultipleLinearRegression(solver="sgd", batch_size=8)) == \
        "MultipleLinearRegression(batch_size=8, solver='sgd')"


def test_not_fitted_error_is_both_kinds_and_pickles():
    model = MultipleLinearRegression()
    with pytest.raises(NotFittedError, match="not fitted yet") as info:
        model.predict([[1.0]])
    error = info.value
    assert isinstance(error, ValueError) and isinstance(error, AttributeError)
    assert isinstance(error, SklearnNotFittedError)  # sklearn is loaded in this test
    restored = pickle.loads(pickle.dumps(error))
    assert isinstance(restored, NotFittedError) and str(restored) == str(error)


@pytest.mark.parametrize("X, error, message", [
    ([[1.0, np.nan]], ValueError, "NaN"),
    ([[1.0, np.inf]], ValueError, "infinity"),
    ([[1 + 2j, 3.0]], ValueError, "Complex data not supported"),
    ([1.0, 2.0], ValueError, "Reshape your data"),
    (np.zeros((2, 2, 2)), ValueError, "dim 3"),
    (np.zeros((0, 3)), ValueError, "0 sample"),
    (np.zeros((3, 0)), ValueError, "0 feature"),
    ([["a", "b"]], ValueError, "numbers only"),
    (np.array([[{"a": 1}, 2.0]], dtype=object), TypeError, "argument must be .* string.* number"),
])
def test_check_array_rejects_bad_input_clearly(X, error, message):
    with pytest.raises(error, match=message):
        check_array(X)


def test_check_array_rejects_sparse():
    from scipy import sparse

    with pytest.raises(TypeError, match="[Ss]parse"):
        check_array(sparse.csr_matrix(np.eye(3)))


def test_check_array_converts_lists_ints_and_dataframes():
    import pandas as pd

    for X in ([[1, 2], [3, 4]], np.array([[1, 2], [3, 4]], dtype=np.int32),
              pd.DataFrame({"a": [1, 3], "b": [2, 4]})):
        out = check_array(X)
        assert out.dtype == np.float64
        np.testing.assert_array_equal(out, [[1, 2], [3, 4]])


def test_fit_errors_name_the_problem():
    model = MultipleLinearRegression()
    with pytest.raises(ValueError, match="requires y to be passed"):
        model.fit([[1.0], [2.0]], None)
    with pytest.raises(ValueError, match="inconsistent numbers of samples"):
        model.fit([[1.0], [2.0]], [1.0, 2.0, 3.0])
    model.fit([[1.0, 0.0], [2.0, 1.0], [3.0, 5.0]], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="X has 1 features, but MultipleLinearRegression is "
                                         "expecting 2 features as input"):
        model.predict([[1.0]])


def test_column_vector_y_warns_and_is_used():
    X = np.arange(6.0).reshape(3, 2)
    with pytest.warns(DataConversionWarning, match="column-vector y"):
        MultipleLinearRegression().fit(X, np.array([[1.0], [2.0], [3.0]]))


def test_feature_names_are_recorded_and_checked():
    import pandas as pd

    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 1.0, 5.0]})
    model = StandardScaler().fit(X)
    np.testing.assert_array_equal(model.feature_names_in_, ["a", "b"])
    with pytest.raises(ValueError, match="same order"):
        model.transform(X[["b", "a"]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.transform(X)


def test_encode_class_labels_any_label_type():
    classes, index = encode_class_labels(np.array(["b", "a", "b", "c"]))
    np.testing.assert_array_equal(classes, ["a", "b", "c"])
    np.testing.assert_array_equal(index, [1, 0, 1, 2])
    with pytest.raises(ValueError, match="Unknown label type: continuous"):
        encode_class_labels(np.array([0.5, 1.0, 1.5]))
    with pytest.raises(ValueError, match="at least 2 classes"):
        encode_class_labels(np.array([1, 1, 1]))


def test_sample_weight_checks():
    np.testing.assert_array_equal(check_sample_weight(None, 3), [1.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="zero"):
        check_sample_weight([0.0, 0.0], 2)
    with pytest.raises(ValueError, match="shape"):
        check_sample_weight([1.0, 2.0], 3)
    with pytest.raises(ValueError, match="Negative"):
        check_sample_weight([1.0, -2.0], 2)


def test_random_state_is_reproducible():
    a = check_random_state(3).normal(size=4)
    b = check_random_state(3).normal(size=4)
    np.testing.assert_array_equal(a, b)
    with pytest.raises(ValueError, match="random_state"):
        check_random_state("seed")


def test_number_kind_predicates():
    from scratchlearn.core.validation import is_float, is_integer, is_real

    assert is_integer(3) and is_integer(np.int64(3)) and not is_integer(True)
    assert not is_integer(3.0) and not is_integer("3")
    assert is_real(0.5) and is_real(np.float32(2)) and is_real(4) and not is_real(False)
    assert is_float(0.5) and is_float(1.0) and not is_float(1) and not is_float(np.int32(1))


def test_huge_finite_values_pass_validation_without_warnings():
    # Their sum overflows, which the fast finiteness check must not report.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = check_array([[1e308, 1e308], [1e308, -1e308]])
    assert np.isfinite(out).all()


def test_cluster_mixin_fit_predict_returns_the_fitted_labels():
    from scratchlearn.core import BaseEstimator, ClusterMixin

    class FirstFeatureSign(ClusterMixin, BaseEstimator):
        def fit(self, X, y=None):
            self.labels_ = (np.asarray(X)[:, 0] > 0).astype(int)
            return self

    X = np.array([[-1.0], [2.0], [3.0], [-4.0]])
    model = FirstFeatureSign()
    np.testing.assert_array_equal(model.fit_predict(X), [0, 1, 1, 0])
    assert model._estimator_type == "clusterer"


def test_html_representation_lists_changed_parameters_then_fitted_shapes():
    from scratchlearn import HuberRegression

    model = HuberRegression(epsilon=2.0)
    unfitted = model._repr_html_()
    assert "HuberRegression</strong> (not fitted)" in unfitted
    assert "<code>epsilon</code></td><td><code>2.0</code>" in unfitted
    assert "alpha" not in unfitted
    X = np.arange(20.0).reshape(10, 2)
    fitted = model.fit(X, X @ [1.0, -2.0])._repr_html_()
    assert "(fitted)" in fitted
    assert "<code>coef_</code></td><td>array of shape (2,), float64" in fitted
    assert "<code>n_features_in_</code></td><td>2</td>" in fitted
    assert HuberRegression()._repr_html_().count("all parameters at their defaults") == 1


def test_html_representation_of_a_pipeline_says_whether_its_steps_are_fitted():
    from scratchlearn.pipeline import make_pipeline

    pipeline = make_pipeline(StandardScaler(), MultipleLinearRegression())
    assert "Pipeline</strong> (not fitted)" in pipeline._repr_html_()
    X = np.arange(20.0).reshape(10, 2)
    assert "Pipeline</strong> (fitted)" in pipeline.fit(X, X[:, 0] ** 2)._repr_html_()
