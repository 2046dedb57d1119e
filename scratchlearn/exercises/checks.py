"""The checks that grade an exercise, and how a mismatch is explained.

A check calls the learner's function and the library's on the same inputs
(each gets its own copy, so one cannot change what the other sees) and
compares what comes back: the type, the number of outputs, each output's
shape, then its values, reporting the first entry that differs. Where the
function returns a loss and its gradient, a second kind of check compares
the learner's gradient with central finite differences of the learner's own
loss, which catches a wrong gradient even when the loss is wrong the same
way.
"""

import ast
import copy
import inspect
import textwrap
from dataclasses import dataclass

import numpy as np

from scratchlearn.core.optim import check_gradient


class Mismatch(Exception):
    """The learner's function gave an answer the check rejects; ``output``
    names the returned value that is wrong, when one is."""

    def __init__(self, message, output=None):
        super().__init__(message)
        self.output = output


class LearnerError(Exception):
    """The learner's function raised; the message says what and where."""


@dataclass(frozen=True)
class Check:
    """One graded property: ``run(learner, reference)`` returns None when it
    holds and raises Mismatch (with the explanation) when it does not."""

    description: str
    run: object
    hint: str = ""


def output_names(reference):
    """Names for the reference's outputs, read from its last ``return``
    statement: ``return loss, grad_w, grad_b`` names three outputs;
    ``return loss, -e`` names them loss and value 2."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(reference)))
    returns = [node for node in ast.walk(tree) if isinstance(node, ast.Return) and node.value]
    if not returns:
        return None
    value = max(returns, key=lambda node: node.lineno).value    # the last in the text
    if not isinstance(value, ast.Tuple):
        return [value.id if isinstance(value, ast.Name) else "the result"]
    # An output returned as an expression is called by its position: its
    # text would show the learner the answer.
    return [item.id if isinstance(item, ast.Name) else f"value {i + 1}"
            for i, item in enumerate(value.elts)]


def call(function, args, kwargs=None):
    """Call the learner's (or the reference's) function on private copies."""
    return function(*copy.deepcopy(args), **copy.deepcopy(kwargs or {}))


def same_output(description, make_args, *, rtol=1e-7, atol=1e-10, hint="", in_place=()):
    """The learner's outputs equal the reference's on ``make_args()``.

    ``in_place`` lists argument positions the function is meant to update in
    place (a weight vector an epoch changes): after the call, the learner's
    copy of each must equal the reference's too."""
    def run(learner, reference):
        args = make_args()
        reference_args, learner_args = copy.deepcopy(args), copy.deepcopy(args)
        expected = reference(*reference_args)
        got = call_learner(learner, learner_args, copied=True)
        compare_outputs(got, expected, output_names(reference), rtol=rtol, atol=atol)
        names = list(inspect.signature(reference).parameters)
        for position in in_place:
            compare_values(learner_args[position], reference_args[position],
                           f"{names[position]} after the call (updated in place)",
                           rtol=rtol, atol=atol)
    return Check(description, run, hint)


def gradient_matches_loss(description, make_args, *, wrt, loss=0, tolerance=1e-5, hint=""):
    """The learner's gradient outputs equal central differences of the
    learner's own loss. ``wrt`` maps an argument position to the position of
    its gradient among the outputs. A loss returned per sample (an array) is
    summed, so the gradient of a pointwise loss is its elementwise derivative."""
    def run(learner, reference):
        args = make_args()
        names = output_names(reference) or []
        for arg_index, grad_index in wrt.items():
            def f(value, arg_index=arg_index):
                changed = list(args)
                changed[arg_index] = value if np.ndim(args[arg_index]) else float(value)
                return float(np.sum(_output(call_learner(learner, changed), loss, "loss")))

            def grad(value, arg_index=arg_index, grad_index=grad_index):
                changed = list(args)
                changed[arg_index] = value if np.ndim(args[arg_index]) else float(value)
                return np.reshape(_output(call_learner(learner, changed), grad_index, "gradient"),
                                  np.shape(value))
            point = np.array(args[arg_index], dtype=float)
            error = check_gradient(f, grad, point)
            if not error <= tolerance:
                name = (names[grad_index] if grad_index < len(names) else None) \
                    or f"output {grad_index + 1}"
                raise Mismatch(f"{name} disagrees with finite differences of your loss "
                               f"(relative error {error:.2g}, a right gradient gives < 1e-7).",
                               output=name)
    return Check(description, run, hint)


def property_holds(description, test, hint=""):
    """A rule the learner's function must obey: ``test(learner)`` raises
    Mismatch when it does not (for checks with no reference output to match,
    or whose reference output is not unique)."""
    def run(learner, reference):
        test(lambda *args, **kwargs: call_learner(learner, args, kwargs=kwargs))
    return Check(description, run, hint)


def call_learner(learner, args, copied=False, kwargs=None):
    try:
        return learner(*args) if copied else call(learner, args, kwargs)
    except (Mismatch, LearnerError):
        raise
    except Exception as error:
        raise LearnerError(describe_exception(error)) from None


def describe_exception(error):
    """'raised ValueError: ... (line 12 of your file)' from the innermost
    frame of the learner's file."""
    line = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_globals.get("__name__") == LEARNER_MODULE:
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f" (line {line} of your file)" if line else ""
    message = str(error)
    message = f": {message[:300]}" if message else ""
    return f"your function raised {type(error).__name__}{message}{where}"


LEARNER_MODULE = "scratchlearn_exercise_under_check"


def _output(value, index, what):
    if isinstance(value, (tuple, list)):
        if index >= len(value):
            raise Mismatch(f"returned {len(value)} values; the {what} should be value "
                           f"{index + 1}.")
        return value[index]
    if index:
        raise Mismatch(f"returned one value; the {what} should be value {index + 1} of a tuple.")
    return value


def compare_outputs(got, expected, names, *, rtol, atol):
    """Raise Mismatch saying how ``got`` differs from ``expected``."""
    if isinstance(expected, tuple):
        if not isinstance(got, (tuple, list)):
            raise Mismatch(f"returned {_kind(got)}; expected a tuple of {len(expected)} "
                           f"values{_listing(names)}.")
        if len(got) != len(expected):
            raise Mismatch(f"returned {len(got)} values; expected {len(expected)}"
                           f"{_listing(names)}.")
        for i, (g, e) in enumerate(zip(got, expected)):
            name = (names[i] if names and len(names) == len(expected) else None) \
                or f"value {i + 1}"
            compare_values(g, e, name, rtol=rtol, atol=atol)
    else:
        name = (names[0] if names and len(names) == 1 else None) or "the result"
        compare_values(got, expected, name, rtol=rtol, atol=atol)


def compare_values(got, expected, name, *, rtol, atol):
    if expected is None:                            # an output that is absent by design
        if got is not None:
            raise Mismatch(f"{name}: got {_kind(got)}; expected None.", output=name)
        return
    expected = np.asarray(expected)
    if got is None:
        raise Mismatch(f"{name}: got None (a missing return?); expected {_shape_text(expected)}.")
    try:
        got = np.asarray(got)
    except Exception:
        raise Mismatch(f"{name}: got {_kind(got)}, which is not a number or an array.") from None
    if got.dtype == object or not (np.issubdtype(got.dtype, np.number)
                                   or got.dtype == bool):
        raise Mismatch(f"{name}: got {_kind(got)}, which is not a number or an array.")
    if got.shape != expected.shape:
        raise Mismatch(f"{name} has shape {got.shape}; expected {expected.shape}.", output=name)
    if expected.dtype.kind in "biu" or expected.dtype == bool:
        wrong = got != expected
    else:
        with np.errstate(invalid="ignore"):
            wrong = ~np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=True)
    if not wrong.any():
        return
    index = tuple(int(i) for i in np.argwhere(wrong)[0])
    g, e = got[index], expected[index]
    where = f"[{', '.join(map(str, index))}]" if index else ""
    relative = ""
    if np.issubdtype(expected.dtype, np.floating) and np.isfinite(e) and e != 0:
        relative = f" (relative error {abs(float(g) - float(e)) / abs(float(e)):.2g})"
    count = f"; {int(wrong.sum())} of {wrong.size} entries differ" if wrong.size > 1 else ""
    raise Mismatch(f"{name}{where} is {_number(g)}; expected {_number(e)}{relative}{count}.",
                   output=name)


def _listing(names):
    names = [name or "…" for name in names or []]
    return f" ({', '.join(names)})" if names else ""


def _number(value):
    return f"{value:.6g}" if isinstance(value, (float, np.floating)) else str(value)


def _kind(value):
    if isinstance(value, np.ndarray):
        return f"an array of dtype {value.dtype}"
    return f"a {type(value).__name__}"


def _shape_text(expected):
    return "a number" if expected.ndim == 0 else f"an array of shape {expected.shape}"
