"""One switch for every estimator: which path ``fit`` and ``predict`` take.

``engine="plain"`` runs the algorithm exactly as ``model.py`` writes it, the
textbook shape a learner reads beside ``notes.md``. ``engine="fast"`` (the
default) lets a model hand the same computation to the speed machinery in its
sibling modules (named in its notes' "Making it fast" section). For a model
with no such machinery the two are the same code. Tests fit both paths and
require the same model.

    import scratchlearn
    scratchlearn.set_config(engine="plain")
    with scratchlearn.config_context(engine="fast"):
        ...
"""

from contextlib import contextmanager

__all__ = ["config_context", "get_config", "set_config", "use_fast_path"]

ENGINES = ("plain", "fast")

_config = {"engine": "fast"}


def get_config():
    """A copy of the current settings: ``{"engine": "plain" | "fast"}``."""
    return dict(_config)


def set_config(engine=None):
    """Change the settings for every estimator from now on; ``None`` keeps a setting."""
    if engine is not None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, got {engine!r}")
        _config["engine"] = engine


@contextmanager
def config_context(engine=None):
    """Change the settings inside a ``with`` block only, restoring them on exit."""
    saved = get_config()
    set_config(engine=engine)
    try:
        yield
    finally:
        _config.clear()
        _config.update(saved)


def use_fast_path():
    """True when models should call their speed machinery."""
    return _config["engine"] == "fast"
