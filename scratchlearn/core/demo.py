"""What every demo shares: a headless pyplot, saving figures, printing a
result beside its reference, and running as ``python -m ...demo``.

In a notebook (``scratchlearn notebook``) ``draw_inline()`` keeps the
notebook's inline backend and shows each saved figure below its cell."""

import argparse
import os
import time
from pathlib import Path

import numpy as np

__all__ = ["compare", "draw_inline", "pyplot", "run_as_script", "save_figure"]

_MISSING_MATPLOTLIB = (
    "matplotlib is not installed, so no figures were drawn; the numbers above are complete. "
    "For the figures: pip install 'scratchlearn[plot]'"
)

_inline = False


def draw_inline():
    """Show figures in the notebook as well as saving them: from now on
    ``pyplot`` keeps the notebook's backend (so a learner's own plots still
    show inline) and ``save_figure`` displays each PNG it writes."""
    global _inline
    _inline = True


def pyplot():
    """``matplotlib.pyplot`` on the headless Agg backend (the notebook's own
    backend after ``draw_inline``), or None if matplotlib is missing (the demo
    then prints its numbers only)."""
    try:
        import matplotlib
    except ImportError:
        print(_MISSING_MATPLOTLIB)
        return None
    if not _inline:
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig, out_dir, filename):
    """Save ``fig`` as ``out_dir/filename`` (PNG), print the path (and, after
    ``draw_inline``, show the PNG below the notebook cell), and close it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / filename
    fig.savefig(path, dpi=110, bbox_inches="tight")
    print(f"figure: {path}")
    if _inline:
        # Show the file just written: drawn once, in place, as the report shows it.
        from IPython.display import Image, display

        display(Image(filename=str(path)))
    fig.clf()
    import matplotlib.pyplot as plt

    plt.close(fig)


def compare(label, ours, reference, *, rtol, reference_name="reference"):
    """Print our value beside the reference and whether they agree to ``rtol``."""
    ours, reference = np.asarray(ours, float), np.asarray(reference, float)
    scale = max(np.max(np.abs(reference)), 1e-12)
    difference = float(np.max(np.abs(ours - reference))) / scale
    verdict = "agree" if difference <= rtol else "DIFFER"
    print(f"{label}:")
    if ours.size <= 6:
        print(f"    ours {np.array2string(ours, precision=6)}")
        print(f"    {reference_name} {np.array2string(reference, precision=6)}")
    print(f"    max difference {difference:.2e} relative to the largest reference value "
          f"(tolerance {rtol:g}): {verdict}")
    return difference <= rtol


def compare_engines(label, fit, same):
    """Fit with ``engine="plain"`` (model.py's algorithm) and ``engine="fast"``
    (its speed machinery), print one line with both times and whether
    ``same(plain_model, fast_model)`` holds, and return that verdict."""
    from scratchlearn.core.config import config_context

    models, seconds = {}, {}
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            start = time.perf_counter()
            models[engine] = fit()
            seconds[engine] = time.perf_counter() - start
    agree = bool(same(models["plain"], models["fast"]))
    speedup = seconds["plain"] / max(seconds["fast"], 1e-9)
    # On data this small the machinery's set-up can cost more than it saves.
    gain = f"{speedup:.1f}× faster" if speedup >= 1 else f"{1 / speedup:.1f}× slower here"
    print(f"{label}: plain engine {seconds['plain']:.3f} s, fast engine {seconds['fast']:.3f} s "
          f"(fast {gain}); {'identical models' if agree else 'the models DIFFER'}")
    return agree


def run_as_script(run):
    """Entry point for ``python -m scratchlearn.<family>.<model>.demo [--out DIR]``."""
    parser = argparse.ArgumentParser(description=run.__doc__)
    parser.add_argument("--out", default=os.environ.get("SCRATCHLEARN_OUT",
                                                        "scratchlearn-output"),
                        help="folder for the figures")
    args = parser.parse_args()
    run(Path(args.out))
