"""The one engine switch: set, read, scoped, validated."""

import pytest

import scratchlearn
from scratchlearn.core.config import use_fast_path


def test_default_is_fast():
    assert scratchlearn.get_config() == {"engine": "fast"}
    assert use_fast_path()


def test_set_config_changes_the_engine_until_changed_back():
    try:
        scratchlearn.set_config(engine="plain")
        assert scratchlearn.get_config()["engine"] == "plain"
        assert not use_fast_path()
        scratchlearn.set_config()  # None keeps the setting
        assert scratchlearn.get_config()["engine"] == "plain"
    finally:
        scratchlearn.set_config(engine="fast")
    assert use_fast_path()


def test_config_context_restores_even_after_an_error():
    with pytest.raises(RuntimeError), scratchlearn.config_context(engine="plain"):
        assert not use_fast_path()
        raise RuntimeError("inside")
    assert scratchlearn.get_config()["engine"] == "fast"


def test_get_config_returns_a_copy():
    scratchlearn.get_config()["engine"] = "plain"
    assert use_fast_path()


@pytest.mark.parametrize("engine", ["slow", "", 1, "Fast"])
def test_unknown_engine_is_refused_and_nothing_changes(engine):
    with pytest.raises(ValueError, match="engine must be one of"):
        scratchlearn.set_config(engine=engine)
    assert scratchlearn.get_config()["engine"] == "fast"
