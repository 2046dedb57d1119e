"""Pipeline: transformers and a final estimator fitted and applied as one.

``fit`` runs ``fit_transform`` of each transformer on the output of the one
before, then fits the final step on the result (eq. 1 of the notes);
prediction runs ``transform`` through the fitted transformers and the final
step's method. Because the whole chain is one estimator, cross-validation
refits the scaler on each training fold only — the cure for the leakage that
scaling before splitting causes.

Parameters of steps are reached as ``<step>__<parameter>``; a whole step is
replaced with ``set_params(<step>=new_estimator)``.
"""

from scratchlearn.core.base import BaseEstimator, DelegatedMethod

__all__ = ["Pipeline", "make_pipeline"]


class Pipeline(BaseEstimator):
    """A chain of ``(name, estimator)`` steps: transformers, then any estimator."""

    predict = DelegatedMethod("predict")
    predict_proba = DelegatedMethod("predict_proba")
    predict_log_proba = DelegatedMethod("predict_log_proba")
    decision_function = DelegatedMethod("decision_function")
    transform = DelegatedMethod("transform")

    def __init__(self, steps):
        self.steps = steps

    # -- parameters: the steps themselves and their parameters -------------

    def get_params(self, deep=True):
        params = {"steps": self.steps}
        if not deep:
            return params
        for name, step in self.steps:
            params[name] = step
            if hasattr(step, "get_params"):
                for key, value in step.get_params(deep=True).items():
                    params[f"{name}__{key}"] = value
        return params

    def set_params(self, **params):
        if "steps" in params:
            self.steps = params.pop("steps")
        if not params:
            return self
        names = [name for name, _ in self.steps]
        nested = {}
        for key, value in params.items():
            name, _, sub_key = key.partition("__")
            if name not in names:
                raise ValueError(f"Invalid parameter {key!r} for Pipeline: it has no step "
                                 f"{name!r}. Valid parameters are: "
                                 f"{sorted(self.get_params(deep=True))}.")
            if sub_key:
                nested.setdefault(name, {})[sub_key] = value
            else:
                # Replacing a step keeps its position; rebuild the list so the
                # caller's original list is not modified.
                self.steps = [(n, value if n == name else s) for n, s in self.steps]
        for name, sub_params in nested.items():
            dict(self.steps)[name].set_params(**sub_params)
        return self

    # -- fitting --------------------------------------------------------------

    def fit(self, X, y=None):
        """Fit each transformer on the previous one's output, then the final step."""
        self._validate_steps()
        Xt = X
        for _, transformer in self.steps[:-1]:
            Xt = (transformer.fit_transform(Xt, y) if hasattr(transformer, "fit_transform")
                  else transformer.fit(Xt, y).transform(Xt))
        self._final_estimator.fit(Xt, y)
        return self

    @property
    def fit_transform(self):
        """Fit, then transform ``X``: exists only when the final step transforms."""
        if not hasattr(self._final_estimator, "transform"):
            raise AttributeError("The final step of this Pipeline has no transform method.")

        def fit_transform(X, y=None):
            return self.fit(X, y).transform(X)

        return fit_transform

    def score(self, X, y=None):
        """The final step's ``score`` on the transformed ``X``."""
        return self._transform_then("score", X, y)

    # -- what the final step provides ---------------------------------------

    @property
    def _final_estimator(self):
        return self.steps[-1][1]

    @property
    def _estimator_type(self):
        return getattr(self._final_estimator, "_estimator_type", None)

    @property
    def classes_(self):
        return self._final_estimator.classes_

    @property
    def n_features_in_(self):
        return self.steps[0][1].n_features_in_

    @property
    def named_steps(self):
        return dict(self.steps)

    def __len__(self):
        return len(self.steps)

    def __getitem__(self, index):
        """``pipe[i]`` or ``pipe["name"]`` is a step; ``pipe[a:b]`` a sub-pipeline
        sharing the same (fitted) step objects."""
        if isinstance(index, slice):
            return Pipeline(self.steps[index])
        if isinstance(index, str):
            return self.named_steps[index]
        return self.steps[index][1]

    def __sklearn_is_fitted__(self):
        """Fitted when the final step is (scikit-learn's check_is_fitted asks)."""
        final = self._final_estimator
        if hasattr(final, "__sklearn_is_fitted__"):
            return final.__sklearn_is_fitted__()
        return any(key.endswith("_") and not key.startswith("__") for key in vars(final))

    def _delegate_target(self):
        return self._final_estimator

    def _delegate(self, method, X):
        return self._transform_then(method, X)

    def _transform_then(self, method, X, *args):
        Xt = X
        for _, transformer in self.steps[:-1]:
            Xt = transformer.transform(Xt)
        return getattr(self._final_estimator, method)(Xt, *args)

    def _validate_steps(self):
        if not isinstance(self.steps, list | tuple) or len(self.steps) == 0:
            raise ValueError(f"steps must be a non-empty list of (name, estimator) pairs, "
                             f"got {self.steps!r}.")
        names = []
        for step in self.steps:
            if not isinstance(step, tuple | list) or len(step) != 2 or not isinstance(step[0],
                                                                                      str):
                raise ValueError(f"Each step must be a (name, estimator) pair, got {step!r}.")
            names.append(step[0])
        if len(set(names)) != len(names):
            raise ValueError(f"Step names must be unique, got {names}.")
        bad = [n for n in names if "__" in n or n == "steps"]
        if bad:
            raise ValueError(f"Step names must not contain '__' or be 'steps', got {bad}.")
        for name, transformer in self.steps[:-1]:
            if not (hasattr(transformer, "fit") and hasattr(transformer, "transform")):
                raise TypeError(f"Step {name!r} ({transformer!r}) is not the last step, so it "
                                "must be a transformer with fit and transform.")
        if not hasattr(self._final_estimator, "fit"):
            raise TypeError(f"The last step {self._final_estimator!r} has no fit method.")


def make_pipeline(*estimators):
    """A Pipeline whose step names are the lower-cased class names (numbered
    when a class appears more than once, as scikit-learn does)."""
    names = [type(estimator).__name__.lower() for estimator in estimators]
    counts = {name: names.count(name) for name in names}
    seen = {}
    steps = []
    for name, estimator in zip(names, estimators, strict=True):
        if counts[name] > 1:
            seen[name] = seen.get(name, 0) + 1
            name = f"{name}-{seen[name]}"
        steps.append((name, estimator))
    return Pipeline(steps)
