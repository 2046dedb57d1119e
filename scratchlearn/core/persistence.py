"""Saving and loading fitted estimators without pickle.

Loading a pickle runs whatever code the file names, so a model file from
someone else would have to be trusted. A scratchlearn model file cannot run
code: it is a NumPy ``.npz`` archive (a zip) of plain ``.npy`` arrays plus one
JSON member, ``model.json``, that says how to put them back together:

    {"format": 1, "library": "scratchlearn", "version": "0.1.0",
     "model": {"estimator": "RandomForestClassifier",
               "params": {"n_estimators": 100, ...},
               "attributes": {"classes_": {"array": "a1", "dtype": "<i8", "offset": 0,
                                          "shape": [3]}, "estimators_": [...]}}}

Every value is JSON (numbers, strings, booleans, null, lists) or a tagged
object: ``{"array": key, "dtype": ..., "offset": ..., "shape": ...}`` finds
an array in the ``.npy`` member that holds all arrays of its dtype end to end, ``{"estimator": name}``
a nested estimator (a base learner, each tree of a forest), ``{"object":
name}`` one of the library's few plain data holders (a tree's node arrays),
and ``{"tuple": [...]}``, ``{"dict": {...}}``, ``{"scalar": dtype, "value":
v}``, ``{"float": "nan"}``, ``{"object_array": [...], "shape": [...]}`` keep
Python and NumPy types exact, so the loaded model predicts bit for bit what
the saved one did.

``load`` builds classes only from the registry (``scratchlearn.registry``):
a name that is not registered is refused, and so is a parameter the class
does not take, an attribute name that is not fitted state (``coef_``,
``_cache``) or that would shadow a method, an array of object dtype, an
array whose header disagrees with what ``model.json`` recorded or with the
bytes present, a truncated or corrupted archive, and a newer format. Arrays
are read with ``allow_pickle=False``. Each refusal is a ``ValueError`` that
names the problem; nothing is executed and nothing is written.
"""

import io
import json
import math
import os
import struct
import tempfile
import warnings
import zipfile
import zlib
from importlib import import_module
from pathlib import Path

import numpy as np

from scratchlearn.core.base import BaseEstimator

__all__ = ["FORMAT_VERSION", "load", "save"]

FORMAT_VERSION = 1
META = "model.json"
# Kinds of array data a model file may hold: booleans, integers, floats and
# fixed-width strings (class labels). Object arrays would need pickle.
ARRAY_KINDS = "biufU"
MAX_DEPTH = 50  # nesting of estimators and containers; far beyond any real model


# ---------------------------------------------------------------------------
# save
# ---------------------------------------------------------------------------

def save(estimator, path):
    """Write ``estimator`` (fitted or not) to ``path`` as a model file.

    The whole file is built in memory first, so an estimator that cannot be
    saved raises ``ValueError`` and leaves nothing behind.
    """
    if not isinstance(estimator, BaseEstimator):
        raise ValueError(f"save expects a scratchlearn estimator, got {type(estimator).__name__}")
    arrays = _ArrayPacker()
    model = _encode_estimator(estimator, arrays, depth=0, where="model")
    from scratchlearn import __version__

    meta = {"format": FORMAT_VERSION, "library": "scratchlearn", "version": __version__,
            "model": model}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr(META, json.dumps(meta, allow_nan=False))
        for key, blob in arrays.blobs():
            with zf.open(f"{key}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, blob, allow_pickle=False)
    path = Path(path)
    # Write beside the target and rename, so a failed write never leaves half a file.
    handle, temporary = tempfile.mkstemp(dir=path.parent if str(path.parent) else ".",
                                         prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(buffer.getvalue())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


class _ArrayPacker:
    """Arrays of one dtype are stored end to end in one ``.npy`` member; each
    is found again by its offset and shape. (One member per array would cost
    a zip and an .npy header each: a 100-tree forest has 800 small arrays.)"""

    def __init__(self):
        self.parts = {}  # dtype.str -> [key, values so far, list of 1-D arrays]

    def add(self, array):
        dtype = array.dtype.str
        if dtype not in self.parts:
            self.parts[dtype] = [f"a{len(self.parts)}", 0, []]
        entry = self.parts[dtype]
        key, offset, parts = entry
        parts.append(np.ravel(array, order="C"))
        entry[1] += array.size
        return {"array": key, "dtype": dtype, "offset": offset, "shape": list(array.shape)}

    def blobs(self):
        for key, _, parts in self.parts.values():
            yield key, np.concatenate(parts)


def _encode_estimator(estimator, arrays, depth, where):
    name = type(estimator).__name__
    if _registered_estimators().get(name) is not type(estimator):
        raise ValueError(f"{where}: {name} is not a registered scratchlearn estimator, so it "
                         "cannot be saved")
    param_names = set(estimator._get_param_names())
    params = {key: _encode(getattr(estimator, key), arrays, depth + 1, f"{where}.{key}")
              for key in sorted(param_names)}
    attributes = {key: _encode(value, arrays, depth + 1, f"{where}.{key}")
                  for key, value in vars(estimator).items() if key not in param_names}
    return {"estimator": name, "params": params, "attributes": attributes}


def _encode(value, arrays, depth, where):
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int) and type(value) is int:
        return value
    if type(value) is float:
        return value if math.isfinite(value) else {"float": repr(value)}
    if isinstance(value, np.generic):
        if value.dtype.kind not in ARRAY_KINDS:
            raise ValueError(f"{where}: cannot save a NumPy scalar of dtype {value.dtype}")
        item = value.item()
        if isinstance(item, float) and not math.isfinite(item):
            item = {"float": repr(item)}
        return {"scalar": value.dtype.str, "value": item}
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "O":
            return {"object_array": [_encode(v, arrays, depth + 1, f"{where}[...]")
                                     for v in value.ravel()], "shape": list(value.shape)}
        if value.dtype.kind not in ARRAY_KINDS:
            raise ValueError(f"{where}: cannot save an array of dtype {value.dtype}")
        return arrays.add(value)
    if isinstance(value, list):
        return [_encode(v, arrays, depth + 1, f"{where}[{k}]") for k, v in enumerate(value)]
    if isinstance(value, tuple):
        return {"tuple": [_encode(v, arrays, depth + 1, f"{where}[{k}]")
                          for k, v in enumerate(value)]}
    if isinstance(value, dict):
        if not all(isinstance(key, str) for key in value):
            raise ValueError(f"{where}: only dictionaries with string keys can be saved")
        return {"dict": {key: _encode(v, arrays, depth + 1, f"{where}[{key!r}]")
                         for key, v in value.items()}}
    if isinstance(value, BaseEstimator):
        return _encode_estimator(value, arrays, depth + 1, where)
    name = type(value).__name__
    if _persisted_types().get(name) is type(value):
        return {"object": name, "attributes": {
            key: _encode(v, arrays, depth + 1, f"{where}.{key}") for key, v in vars(value).items()}}
    raise ValueError(f"{where}: cannot save a value of type {type(value).__module__}.{name} "
                     "(a model file holds numbers, strings, arrays and scratchlearn estimators "
                     "only; set an integer random_state rather than a generator)")


# ---------------------------------------------------------------------------
# load
# ---------------------------------------------------------------------------

def load(path):
    """Rebuild the estimator saved in ``path`` by :func:`save`.

    Raises ``ValueError`` naming the problem for anything that is not a
    well-formed scratchlearn model file; runs no code from the file.
    """
    path = Path(path)
    with open(path, "rb") as file:
        head = file.read(4)
    if head[:1] == b"\x80":
        raise ValueError(f"{path} looks like a pickle; scratchlearn never loads pickles "
                         "(they can run code). Save the model with scratchlearn.save instead.")
    if head != b"PK\x03\x04":
        raise ValueError(f"{path} is not a scratchlearn model file (not a zip archive)")
    try:
        with zipfile.ZipFile(path) as archive:
            members = {info.filename: info for info in archive.infolist()}
            if META not in members:
                raise ValueError(f"{path} is not a scratchlearn model file: no {META}")
            meta = _read_meta(archive, members[META], path)
            reader = _ArrayReader(archive, members, path)
            estimator = _decode_estimator(meta["model"], reader, depth=0, where="model")
            unused = set(members) - {META} - reader.read
            if unused:
                raise ValueError(f"{path} holds members that model.json does not use: "
                                 f"{sorted(unused)[:5]}")
    except zipfile.BadZipFile as error:
        raise ValueError(f"{path} is a truncated or corrupted model file: {error}") from None
    except (zipfile.LargeZipFile, zlib.error, struct.error, EOFError, OSError,
            NotImplementedError, RuntimeError) as error:
        # What a damaged archive raises from inside zipfile and zlib (a bad
        # deflate stream, an encrypted or unsupported member, a short header).
        raise ValueError(f"{path} is a truncated or corrupted model file: {error}") from None
    return estimator


def _read_meta(archive, info, path):
    if info.file_size > 64 * 2 ** 20:
        raise ValueError(f"{path}: {META} is implausibly large ({info.file_size} bytes)")
    try:
        meta = json.loads(archive.read(info).decode("utf-8"),
                          parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: {META} is not valid JSON ({error})") from None
    if not isinstance(meta, dict) or meta.get("library") != "scratchlearn":
        raise ValueError(f"{path} is not a scratchlearn model file")
    version = meta.get("format")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"{path}: the format version is missing or not an integer")
    if version > FORMAT_VERSION:
        raise ValueError(f"{path} was written in model-file format {version}; this "
                         f"scratchlearn reads format {FORMAT_VERSION} and older. Upgrade "
                         "scratchlearn to load it.")
    from scratchlearn import __version__

    if meta.get("version") != __version__:
        warnings.warn(f"{path} was saved by scratchlearn {meta.get('version')!s}; this is "
                      f"scratchlearn {__version__}. Check its predictions before relying on "
                      "them.", UserWarning, stacklevel=4)
    if not isinstance(meta.get("model"), dict):
        raise ValueError(f"{path}: {META} has no model")
    return meta


def _refuse_constant(name):
    raise ValueError(f"{META} holds the non-standard JSON constant {name}")


class _ArrayReader:
    """Finds each array in its packed ``.npy`` member after checking the
    member's header against the archive and the request against the member."""

    def __init__(self, archive, members, path):
        self.archive, self.members, self.path = archive, members, path
        self.blobs = {}

    @property
    def read(self):
        return {f"{key}.npy" for key in self.blobs}

    def __call__(self, tag, where):
        key, dtype, offset, shape = (tag.get(k) for k in ("array", "dtype", "offset", "shape"))
        if not (isinstance(offset, int) and offset >= 0 and isinstance(shape, list)
                and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0
                        for n in shape)):
            raise ValueError(f"{self.path}: {where} has a malformed offset or shape")
        blob = self._blob(key, where)
        if blob.dtype.str != dtype:
            raise ValueError(f"{self.path}: {where} records dtype {dtype}, but array {key!r} "
                             f"holds {blob.dtype.str}")
        count = math.prod(shape)
        if offset + count > blob.size:
            raise ValueError(f"{self.path}: {where} declares shape {shape} at offset {offset}, "
                             f"but array {key!r} holds only {blob.size} values")
        return blob[offset:offset + count].reshape(shape).copy()

    def _blob(self, key, where):
        if not isinstance(key, str) or f"{key}.npy" not in self.members:
            raise ValueError(f"{self.path}: {where} names a missing array {key!r}")
        if key in self.blobs:
            return self.blobs[key]
        member = f"{key}.npy"
        info = self.members[member]
        with self.archive.open(info) as file:
            version = np.lib.format.read_magic(file)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"{self.path}: {member} has an unknown .npy version")
            reader = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                      else np.lib.format.read_array_header_2_0)
            shape, _, dtype = reader(file, max_header_size=10_000)
            if dtype.kind not in ARRAY_KINDS or dtype.hasobject:
                raise ValueError(f"{self.path}: {member} ({where}) has dtype {dtype}; model "
                                 "files hold numeric, boolean and string arrays only")
            if len(shape) != 1:
                raise ValueError(f"{self.path}: {member} is not one packed 1-D array")
            size = shape[0] * dtype.itemsize
            # Checked before reading, so a forged shape cannot make us allocate.
            if size > info.file_size:
                raise ValueError(f"{self.path}: {member} declares shape {shape}, {size} "
                                 f"bytes, but holds only {info.file_size}")
            data = file.read(size)
        if len(data) != size:
            raise ValueError(f"{self.path}: {member} is truncated")
        self.blobs[key] = np.frombuffer(data, dtype=dtype)
        return self.blobs[key]


def _decode_estimator(node, reader, depth, where):
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if not isinstance(node, dict) or set(node) != {"estimator", "params", "attributes"}:
        raise ValueError(f"{where}: not an estimator record")
    name = node["estimator"]
    cls = _registered_estimators().get(name) if isinstance(name, str) else None
    if cls is None:
        raise ValueError(f"{where}: {name!r} is not a registered scratchlearn estimator; "
                         "refusing to build it")
    params, attributes = node["params"], node["attributes"]
    if not isinstance(params, dict) or not isinstance(attributes, dict):
        raise ValueError(f"{where}: params and attributes must be JSON objects")
    valid = set(cls._get_param_names())
    unknown = sorted(set(params) - valid)
    if unknown:
        raise ValueError(f"{where}: {name} has no parameter(s) {unknown}; its parameters are "
                         f"{sorted(valid)}")
    decoded = {key: _decode(value, reader, depth + 1, f"{where}.{key}")
               for key, value in params.items()}
    # The estimator contract: __init__ only stores its arguments.
    estimator = cls(**decoded)
    _set_attributes(estimator, cls, attributes, reader, depth, where, exclude=valid)
    return estimator


def _set_attributes(obj, cls, attributes, reader, depth, where, exclude=()):
    for key, value in attributes.items():
        _check_attribute_name(cls, key, where, exclude)
        setattr(obj, key, _decode(value, reader, depth + 1, f"{where}.{key}"))


def _check_attribute_name(cls, key, where, exclude):
    """Fitted state of an estimator is named like ``coef_`` or ``_cache``; a
    data holder's fields are plain names. Neither may be a dunder name, a
    parameter, or shadow anything the class defines (a method, a property)."""
    if issubclass(cls, BaseEstimator):
        allowed = key.isidentifier() and (key.endswith("_") or key.startswith("_"))
    else:
        allowed = key.isidentifier()
    if (not allowed or key.startswith("__") or key.endswith("__") or key in exclude
            or hasattr(cls, key)):
        raise ValueError(f"{where}: {cls.__name__} has no fitted attribute {key!r} (fitted "
                         "state is named like coef_ or _cache and never shadows a method, "
                         "a parameter or a dunder name)")


def _decode(node, reader, depth, where):
    if depth > MAX_DEPTH:
        raise ValueError(f"{where}: nested more than {MAX_DEPTH} levels deep")
    if node is None or isinstance(node, bool | int | float | str):
        return node
    if isinstance(node, list):
        return [_decode(v, reader, depth + 1, f"{where}[{k}]") for k, v in enumerate(node)]
    if not isinstance(node, dict):
        raise ValueError(f"{where}: unexpected JSON value {type(node).__name__}")
    tag = next(iter(node), None)
    if tag == "array" and set(node) == {"array", "dtype", "offset", "shape"}:
        return reader(node, where)
    if tag == "estimator":
        return _decode_estimator(node, reader, depth + 1, where)
    if tag == "tuple" and set(node) == {"tuple"} and isinstance(node["tuple"], list):
        return tuple(_decode(v, reader, depth + 1, f"{where}[{k}]")
                     for k, v in enumerate(node["tuple"]))
    if tag == "dict" and set(node) == {"dict"} and isinstance(node["dict"], dict):
        return {key: _decode(v, reader, depth + 1, f"{where}[{key!r}]")
                for key, v in node["dict"].items()}
    if tag == "float" and set(node) == {"float"} and node["float"] in ("nan", "inf", "-inf"):
        return float(node["float"])
    if tag == "scalar" and set(node) == {"scalar", "value"}:
        return _decode_scalar(node, reader, depth, where)
    if tag == "object_array" and set(node) == {"object_array", "shape"}:
        return _decode_object_array(node, reader, depth, where)
    if tag == "object" and set(node) == {"object", "attributes"}:
        cls = _persisted_types().get(node["object"]) if isinstance(node["object"], str) else None
        if cls is None or not isinstance(node["attributes"], dict):
            raise ValueError(f"{where}: {node['object']!r} is not a type a model file may hold")
        obj = object.__new__(cls)
        _set_attributes(obj, cls, node["attributes"], reader, depth, where)
        return obj
    raise ValueError(f"{where}: unknown record {sorted(node)[:3]}")


def _decode_scalar(node, reader, depth, where):
    try:
        dtype = np.dtype(node["scalar"]) if isinstance(node["scalar"], str) else None
    except TypeError:
        dtype = None
    if dtype is None or dtype.kind not in ARRAY_KINDS:
        raise ValueError(f"{where}: {node['scalar']!r} is not a scalar type a model file may hold")
    value = _decode(node["value"], reader, depth + 1, where)
    if not isinstance(value, bool | int | float | str):
        raise ValueError(f"{where}: a scalar must hold a number or a string")
    try:
        return dtype.type(value)
    except OverflowError:
        raise ValueError(f"{where}: {value!r} does not fit in {dtype}") from None


def _decode_object_array(node, reader, depth, where):
    shape = node["shape"]
    if not (isinstance(shape, list) and all(isinstance(n, int) and n >= 0 for n in shape)
            and isinstance(node["object_array"], list)
            and math.prod(shape) == len(node["object_array"])):
        raise ValueError(f"{where}: an object array's shape and items disagree")
    array = np.empty(len(node["object_array"]), dtype=object)
    for k, item in enumerate(node["object_array"]):
        array[k] = _decode(item, reader, depth + 1, f"{where}[{k}]")
    return array.reshape(shape)


def _registered_estimators():
    from scratchlearn import all_estimators

    return dict(all_estimators())


def _persisted_types():
    from scratchlearn.registry import PERSISTED_TYPES

    return {name: getattr(import_module(module), name) for name, module in PERSISTED_TYPES}
