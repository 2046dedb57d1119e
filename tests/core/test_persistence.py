"""scratchlearn.save / load: every registered estimator round-trips bit for bit,
and no file can make load run code or build anything but a registered class."""

import io
import json
import pickle
import subprocess
import sys
import warnings
import zipfile

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scratchlearn
from scratchlearn import load, save
from scratchlearn.core.persistence import FORMAT_VERSION
from scratchlearn.datasets import load_diabetes, load_iris, load_wine

METHODS = ("predict", "predict_proba", "predict_log_proba", "decision_function", "transform",
           "score_samples")


def fitted(name, cls):
    """``name`` fitted on bundled data suited to its kind, and the X to predict on."""
    estimator = cls()
    kind = getattr(estimator, "_estimator_type", None)
    if kind == "classifier":
        X, y = load_wine(return_X_y=True)
        X = X / X.max(axis=0)  # non-negative and of one scale, for every classifier
    elif kind == "regressor":
        X, y = load_diabetes(return_X_y=True)
    else:
        X, y = load_iris(return_X_y=True)
        y = None
    if name == "SimpleLinearRegression":
        X = X[:, 2:3]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if hasattr(estimator, "random_state"):
            estimator.set_params(random_state=0)
        estimator.fit(X, y) if y is not None else estimator.fit(X)
    return estimator, X


def assert_same_state(a, b, where="model"):
    assert type(a) is type(b), where
    if isinstance(a, np.ndarray):
        assert a.dtype == b.dtype and a.shape == b.shape, where
        if a.dtype == object:
            for k, (u, v) in enumerate(zip(a.ravel(), b.ravel())):
                assert_same_state(u, v, f"{where}[{k}]")
        else:
            np.testing.assert_array_equal(a, b, err_msg=where)
    elif isinstance(a, list | tuple):
        assert len(a) == len(b), where
        for k, (u, v) in enumerate(zip(a, b)):
            assert_same_state(u, v, f"{where}[{k}]")
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), where
        for key in a:
            assert_same_state(a[key], b[key], f"{where}[{key!r}]")
    elif hasattr(a, "__dict__") and not isinstance(a, type):
        assert_same_state(vars(a), vars(b), where)
    elif isinstance(a, float) and np.isnan(a):
        assert np.isnan(b), where
    else:
        assert a == b, where


@pytest.mark.parametrize("name, cls", scratchlearn.all_estimators(),
                         ids=[name for name, _ in scratchlearn.all_estimators()])
def test_every_registered_estimator_round_trips_bit_for_bit(name, cls, tmp_path):
    estimator, X = fitted(name, cls)
    path = save(estimator, tmp_path / "model.npz")
    loaded = load(path)
    assert_same_state(vars(estimator), vars(loaded))
    assert_same_state(loaded.get_params(deep=False), estimator.get_params(deep=False))
    compared = 0
    for method in METHODS:
        if hasattr(estimator, method):
            ours, theirs = getattr(estimator, method)(X), getattr(loaded, method)(X)
            assert ours.dtype == theirs.dtype
            np.testing.assert_array_equal(ours, theirs)
            compared += 1
    # Clusterers without predict (DBSCAN, agglomerative) are their labels_,
    # compared with the rest of the fitted state above.
    assert compared >= 1 or hasattr(loaded, "labels_")


def test_an_unfitted_estimator_with_nested_parameters_round_trips(tmp_path):
    base = scratchlearn.DecisionTreeClassifier(max_depth=3, criterion="entropy")
    bagging = scratchlearn.BaggingClassifier(estimator=base, n_estimators=7, random_state=2)
    loaded = load(save(bagging, tmp_path / "bagging.npz"))
    assert type(loaded.estimator) is scratchlearn.DecisionTreeClassifier
    assert loaded.estimator.get_params() == base.get_params()
    assert loaded.n_estimators == 7 and not hasattr(loaded, "estimators_")


def test_string_labels_keep_their_dtype(tmp_path):
    X, y = load_iris(return_X_y=True)
    for labels in (np.array(["setosa", "versicolor", "virginica"])[y],
                   np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]):
        model = scratchlearn.GaussianNaiveBayes().fit(X, labels)
        loaded = load(save(model, tmp_path / "nb.npz"))
        assert loaded.classes_.dtype == model.classes_.dtype
        np.testing.assert_array_equal(loaded.predict(X), model.predict(X))


def test_a_100_tree_forest_file_is_no_larger_than_its_pickle(tmp_path):
    X, y = load_wine(return_X_y=True)
    forest = scratchlearn.RandomForestClassifier(n_estimators=100, random_state=0).fit(X, y)
    path = save(forest, tmp_path / "forest.npz")
    assert path.stat().st_size <= 1.1 * len(pickle.dumps(forest))
    np.testing.assert_array_equal(load(path).predict_proba(X), forest.predict_proba(X))


# ---------------------------------------------------------------------------
# What save refuses, before writing anything
# ---------------------------------------------------------------------------

def test_save_refuses_what_it_cannot_store_and_writes_nothing(tmp_path):
    path = tmp_path / "model.npz"
    with pytest.raises(ValueError, match="generator"):
        save(scratchlearn.RandomForestClassifier(random_state=np.random.default_rng(0)), path)
    with pytest.raises(ValueError, match="scratchlearn estimator"):
        save(object(), path)

    class Unregistered(scratchlearn.MultipleLinearRegression):
        pass

    with pytest.raises(ValueError, match="not a registered"):
        save(Unregistered(), path)
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------
# What load refuses: hostile and broken files
# ---------------------------------------------------------------------------

class _Marker:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (str(self.path), "w"))


def write_archive(path, meta, arrays=None, raw_members=None):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("model.json", json.dumps(meta))
        for key, array in (arrays or {}).items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=True)
            zf.writestr(f"{key}.npy", buffer.getvalue())
        for name, data in (raw_members or {}).items():
            zf.writestr(name, data)
    return path


def saved_meta(tmp_path, estimator=None):
    estimator = estimator or scratchlearn.MultipleLinearRegression().fit(
        *load_diabetes(return_X_y=True))
    path = save(estimator, tmp_path / "good.npz")
    with zipfile.ZipFile(path) as zf:
        meta = json.loads(zf.read("model.json"))
        members = {name: zf.read(name) for name in zf.namelist() if name != "model.json"}
    return meta, members


def test_a_pickle_is_refused_and_its_payload_never_runs(tmp_path):
    marker = tmp_path / "code-ran"
    path = tmp_path / "model.npz"
    path.write_bytes(pickle.dumps(_Marker(marker)))
    with pytest.raises(ValueError, match="pickle"):
        load(path)
    assert not marker.exists()


def test_an_object_array_is_refused_and_its_payload_never_runs(tmp_path):
    marker = tmp_path / "code-ran"
    meta, _ = saved_meta(tmp_path)
    meta["model"]["attributes"]["coef_"] = {"array": "evil", "dtype": "|O", "offset": 0,
                                            "shape": [1]}
    payload = np.array([_Marker(marker)], dtype=object)
    path = write_archive(tmp_path / "evil.npz", meta, {"evil": payload},
                         raw_members={k: v for k, v in saved_meta(tmp_path)[1].items()})
    with pytest.raises(ValueError, match="dtype object"):
        load(path)
    assert not marker.exists()


@pytest.mark.parametrize("name", ["os.system", "system", "LinearRegression", "SVC",
                                  "_ArrayReader", "Tree", "BaseEstimator", "__import__"])
def test_a_forged_class_name_is_refused(tmp_path, name):
    meta, members = saved_meta(tmp_path)
    meta["model"]["estimator"] = name
    path = write_archive(tmp_path / "forged.npz", meta, raw_members=members)
    with pytest.raises(ValueError, match="not a registered scratchlearn estimator"):
        load(path)


@pytest.mark.parametrize("section, key", [("params", "__class__"), ("params", "__init__"),
                                          ("params", "no_such_parameter"),
                                          ("attributes", "__class__"),
                                          ("attributes", "__dict__"),
                                          ("attributes", "predict"),
                                          ("attributes", "fit_intercept"),
                                          ("attributes", "plain")])
def test_an_unknown_parameter_or_attribute_is_refused(tmp_path, section, key):
    meta, members = saved_meta(tmp_path)
    meta["model"][section][key] = 1
    path = write_archive(tmp_path / "forged.npz", meta, raw_members=members)
    with pytest.raises(ValueError, match="has no"):
        load(path)


def test_a_forged_data_holder_type_is_refused(tmp_path):
    meta, members = saved_meta(tmp_path)
    meta["model"]["attributes"]["extra_"] = {"object": "Path", "attributes": {}}
    path = write_archive(tmp_path / "forged.npz", meta, raw_members=members)
    with pytest.raises(ValueError, match="not a type a model file may hold"):
        load(path)


def test_an_array_of_the_wrong_dtype_or_shape_is_refused(tmp_path):
    meta, members = saved_meta(tmp_path)
    tag = meta["model"]["attributes"]["coef_"]
    wrong_dtype = dict(members)
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.zeros(64, dtype=np.float32))
    wrong_dtype[f"{tag['array']}.npy"] = buffer.getvalue()
    with pytest.raises(ValueError, match="records dtype <f8"):
        load(write_archive(tmp_path / "dtype.npz", meta, raw_members=wrong_dtype))
    tag["shape"] = [tag["shape"][0] + 1000]
    with pytest.raises(ValueError, match="declares shape"):
        load(write_archive(tmp_path / "shape.npz", meta, raw_members=members))
    tag["shape"], tag["offset"] = [10], -1
    with pytest.raises(ValueError, match="malformed"):
        load(write_archive(tmp_path / "offset.npz", meta, raw_members=members))


def test_a_huge_declared_shape_is_refused_without_allocating(tmp_path):
    meta, members = saved_meta(tmp_path)
    tag = meta["model"]["attributes"]["coef_"]
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                  "shape": (10 ** 12,)})
    members[f"{tag['array']}.npy"] = header.getvalue() + b"\0" * 64
    with pytest.raises(ValueError, match="declares shape"):
        load(write_archive(tmp_path / "huge.npz", meta, raw_members=members))


def test_random_bytes_truncation_and_a_newer_format_are_refused(tmp_path):
    noise = tmp_path / "noise.npz"
    noise.write_bytes(np.random.default_rng(0).bytes(4096))
    with pytest.raises(ValueError, match="not a scratchlearn model file"):
        load(noise)
    good = save(scratchlearn.GaussianNaiveBayes().fit(*load_iris(return_X_y=True)),
                tmp_path / "good.npz")
    truncated = tmp_path / "truncated.npz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(ValueError, match="truncated or corrupted"):
        load(truncated)
    meta, members = saved_meta(tmp_path)
    meta["format"] = FORMAT_VERSION + 1
    with pytest.raises(ValueError, match=f"format {FORMAT_VERSION + 1}"):
        load(write_archive(tmp_path / "newer.npz", meta, raw_members=members))


def test_another_library_version_loads_with_a_warning_naming_both(tmp_path):
    meta, members = saved_meta(tmp_path)
    meta["version"] = "0.0.1"
    path = write_archive(tmp_path / "old.npz", meta, raw_members=members)
    with pytest.warns(UserWarning, match=rf"0\.0\.1.*{scratchlearn.__version__}"):
        model = load(path)
    X, _ = load_diabetes(return_X_y=True)
    assert model.predict(X).shape == (len(X),)


GOOD_MODEL = scratchlearn.DecisionTreeClassifier(max_depth=3, random_state=0).fit(
    *load_iris(return_X_y=True))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_corrupted_bytes_give_a_refusal_or_a_correct_model(tmp_path, data):
    original = save(GOOD_MODEL, tmp_path / "tree.npz").read_bytes()
    corrupted = bytearray(original)
    for _ in range(data.draw(st.integers(1, 8))):
        position = data.draw(st.integers(0, len(corrupted) - 1))
        corrupted[position] = data.draw(st.integers(0, 255))
    if data.draw(st.booleans()):
        corrupted = corrupted[: data.draw(st.integers(0, len(corrupted)))]
    path = tmp_path / "corrupted.npz"
    path.write_bytes(bytes(corrupted))
    X, _ = load_iris(return_X_y=True)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = load(path)
    except ValueError:
        return
    np.testing.assert_array_equal(model.predict(X), GOOD_MODEL.predict(X))


def test_predict_from_the_command_line(tmp_path):
    X, y = load_iris(return_X_y=True)
    model = scratchlearn.KNNClassifier(n_neighbors=3).fit(X, y)
    path = save(model, tmp_path / "knn.npz")
    data = tmp_path / "flowers.csv"
    np.savetxt(data, X[::10], delimiter=",", header="a,b,c,d", comments="")
    result = subprocess.run([sys.executable, "-m", "scratchlearn", "predict", str(path),
                             str(data)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [str(v) for v in model.predict(X[::10])]
    bad = subprocess.run([sys.executable, "-m", "scratchlearn", "predict", str(data),
                          str(data)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "not a scratchlearn model file" in bad.stderr


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-2 ** 70, 2 ** 70) | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["<f8", "|O", "a0", "Tree", "__class__"]),
    lambda children: st.lists(children, max_size=3)
    | st.dictionaries(st.sampled_from(["array", "dtype", "offset", "shape", "estimator",
                                       "params", "attributes", "object", "tuple", "dict",
                                       "scalar", "value", "float", "object_array"]),
                      children, max_size=4),
    max_leaves=10)


def json_paths(node, path=()):
    yield path
    children = node.items() if isinstance(node, dict) else enumerate(node) \
        if isinstance(node, list) else ()
    for key, child in children:
        yield from json_paths(child, (*path, key))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_tampered_model_json_is_refused_or_loads_never_crashes(tmp_path, data):
    meta, members = saved_meta(tmp_path, GOOD_MODEL)
    paths = list(json_paths(meta["model"]))[1:]
    path = data.draw(st.sampled_from(paths))
    parent = meta["model"]
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = data.draw(JSON_VALUES)
    archive = write_archive(tmp_path / "tampered.npz", meta, raw_members=members)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load(archive)
    except ValueError:
        pass
