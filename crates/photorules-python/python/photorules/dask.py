"""Check batches of photos on Dask: ``pip install photorules[dask]``.

Each function returns a lazy dask DataFrame with one row per photo, in the input's order and
with the input's index; :func:`to_parquet` writes it with the list columns typed (a partition
where every list is empty cannot tell Parquet their type):

========================  ====================================================================
column                    what it holds
========================  ====================================================================
``photo``                 the path as given (``None`` for bytes)
``decision``              ``accept``, ``reject`` or ``undetermined``; ``None`` on an error row
``failing``               ids of the rules that failed
``unknown``               ids of the rules that could not be decided (never counted as a pass)
``to_confirm``            manual items a person confirms
``image_sha256``          SHA-256 of the photo's bytes (also on error rows, when they could be read)
``profile_id``            the profile checked against, and ``profile_version``
``rules_sha256``          ``path=sha256`` of every rules file in the profile's ``extends`` chain
``plugins``               ``name@version=sha256`` of every plugin that ran
``error_code``            on an error row, the CLI's exit code for it (4: not a readable photo)
``error``                 on an error row, the CLI's message
``report``                the full JSON report, exactly as ``photorules check --format json``
========================  ====================================================================

A bad file is an error row, never a lost row or a failed task. Each worker process sets up
:class:`photorules.Photorules` once (models, plugins, compiled profiles) and keeps it for every
partition it is given.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa

from . import Photorules, PhotorulesError

__all__ = [
    "check_paths",
    "check_folder",
    "check_dataframe",
    "list_folder",
    "to_parquet",
    "COLUMNS",
    "PARQUET_TYPES",
    "empty_result",
]

_STRING = pd.ArrowDtype(pa.string())
# Lists of strings are Python lists in object columns: pandas cannot read back the metadata of
# an Arrow list dtype from Parquet (pandas 3.1, pyarrow 26), so their type is given on writing.
_STRINGS = object
_CODE = pd.ArrowDtype(pa.int16())

_LIST_COLUMNS = ("failing", "unknown", "to_confirm", "rules_sha256", "plugins")

#: Parquet types of the list columns (:func:`to_parquet` passes them as the ``schema``).
PARQUET_TYPES = {name: pa.list_(pa.string()) for name in _LIST_COLUMNS}

#: The result's columns and their dtypes.
COLUMNS: Dict[str, Any] = {
    "photo": _STRING,
    "decision": _STRING,
    "failing": _STRINGS,
    "unknown": _STRINGS,
    "to_confirm": _STRINGS,
    "image_sha256": _STRING,
    "profile_id": _STRING,
    "profile_version": _STRING,
    "rules_sha256": _STRINGS,
    "plugins": _STRINGS,
    "error_code": _CODE,
    "error": _STRING,
    "report": _STRING,
}

PathLike = Union[str, "os.PathLike[str]"]

# One Photorules per worker process and setup: loading the models and compiling the plugins
# takes far longer than checking a photo.
_instances: Dict[Tuple[Optional[str], Tuple[str, ...], bool], Photorules] = {}
_instances_lock = threading.Lock()


def _photorules(
    rules_root: Optional[str], plugin_dirs: Tuple[str, ...], no_plugins: bool
) -> Photorules:
    key = (rules_root, plugin_dirs, no_plugins)
    with _instances_lock:
        instance = _instances.get(key)
        if instance is None:
            instance = Photorules(rules_root, plugin_dirs, no_plugins)
            _instances[key] = instance
        return instance


def empty_result(index: Optional[pd.Index] = None) -> pd.DataFrame:
    """An empty frame with the result's columns and dtypes (the ``meta`` of the dask frame)."""
    return pd.DataFrame(
        {name: pd.Series([], dtype=dtype) for name, dtype in COLUMNS.items()},
        index=index if index is not None else pd.RangeIndex(0),
    )


def _row(photo: Any, checker: Photorules, profile: str) -> Dict[str, Any]:
    """One photo's row: the report's summary, or the error."""
    row: Dict[str, Any] = {name: None for name in COLUMNS}
    for name in _LIST_COLUMNS:
        row[name] = []
    if isinstance(photo, (bytes, bytearray)):
        row["image_sha256"] = hashlib.sha256(photo).hexdigest()
    else:
        row["photo"] = os.fspath(photo)
    try:
        text = checker.check_json(photo, profile)
    except PhotorulesError as error:
        row["error_code"] = error.code
        row["error"] = str(error)
        if row["image_sha256"] is None and isinstance(photo, (str, os.PathLike)):
            row["image_sha256"] = _sha256_of_file(photo)
        return row
    report = json.loads(text)
    record = report["record"]
    row.update(
        decision=report["decision"],
        failing=[r["id"] for r in report["rules"] if r["verdict"] == "fail"],
        unknown=[r["id"] for r in report["rules"] if r["verdict"] == "unknown"],
        to_confirm=list(report["to_confirm"]),
        image_sha256=record["image"]["sha256"],
        profile_id=record["profile_id"],
        profile_version=record["profile_version"],
        rules_sha256=[f"{f['path']}={f['sha256']}" for f in record["rules_files"]],
        plugins=[f"{p['name']}@{p['version']}={p['sha256']}" for p in record["plugins"]],
        report=text,
    )
    return row


def _sha256_of_file(path: PathLike) -> Optional[str]:
    """The hash of a file that could not be checked, when it can be read at all (a corrupt
    photo is still traced by its hash); never more than the CLI's photo size limit."""
    try:
        if not os.path.isfile(path) or os.path.getsize(path) > 64 << 20:
            return None
        with open(path, "rb") as file:
            return hashlib.sha256(file.read()).hexdigest()
    except OSError:
        return None


def _check_partition(
    part: pd.DataFrame,
    column: str,
    profile: str,
    rules_root: Optional[str],
    plugin_dirs: Tuple[str, ...],
    no_plugins: bool,
) -> pd.DataFrame:
    if len(part) == 0:
        return empty_result(part.index)
    checker = _photorules(rules_root, plugin_dirs, no_plugins)
    rows = [_row(photo, checker, profile) for photo in part[column]]
    frame = pd.DataFrame(rows, index=part.index, columns=list(COLUMNS))
    return frame.astype(COLUMNS)


def check_dataframe(
    df: dd.DataFrame,
    profile: str,
    column: str = "path",
    *,
    rules_root: Optional[PathLike] = None,
    plugin_dirs: Sequence[PathLike] = (),
    no_plugins: bool = False,
) -> dd.DataFrame:
    """Check every photo in ``df[column]`` (paths, or the files' bytes) against ``profile``.

    The result keeps ``df``'s index and partitions. ``rules_root`` and ``plugin_dirs`` are as
    for :class:`photorules.Photorules` and must be readable from every worker. A column of
    bytes must stay bytes: build ``df`` under
    ``dask.config.set({"dataframe.convert-string": False})``, or dask turns it into text.
    """
    if column not in df.columns:
        raise KeyError(f"column `{column}` is not in the dataframe (it has {list(df.columns)})")
    root = None if rules_root is None else os.fspath(rules_root)
    dirs = tuple(os.fspath(d) for d in plugin_dirs)
    return df.map_partitions(
        _check_partition,
        column,
        profile,
        root,
        dirs,
        no_plugins,
        meta=empty_result(),
        enforce_metadata=False,
    )


def check_paths(
    paths: Iterable[PathLike],
    profile: str,
    *,
    npartitions: Optional[int] = None,
    rules_root: Optional[PathLike] = None,
    plugin_dirs: Sequence[PathLike] = (),
    no_plugins: bool = False,
) -> dd.DataFrame:
    """Check a list of photo paths against ``profile``; one row per path, in order.

    ``npartitions`` defaults to one partition per 16 photos (at least one): small enough to
    spread a folder over the workers, large enough that scheduling costs little per photo.
    """
    listed: List[str] = [os.fspath(p) for p in paths]
    parts = npartitions or max(1, (len(listed) + 15) // 16)
    frame = pd.DataFrame({"path": pd.Series(listed, dtype=_STRING)})
    df = dd.from_pandas(frame, npartitions=max(1, min(parts, max(1, len(listed)))), sort=False)
    return check_dataframe(
        df,
        profile,
        "path",
        rules_root=rules_root,
        plugin_dirs=plugin_dirs,
        no_plugins=no_plugins,
    )


def list_folder(folder: PathLike) -> List[str]:
    """Every regular file under ``folder``, recursively, sorted; symbolic links are not
    followed (a link could lead out of the folder). Non-images are kept: they become error
    rows, so nothing handed over is silently dropped."""
    root = Path(folder)
    if not root.is_dir():
        raise NotADirectoryError(f"`{root}` is not a folder")
    found: List[str] = []
    for directory, subdirectories, files in os.walk(root, followlinks=False):
        subdirectories.sort()
        for name in sorted(files):
            path = Path(directory) / name
            if path.is_file() and not path.is_symlink():
                found.append(str(path))
    return found


def check_folder(
    folder: PathLike,
    profile: str,
    *,
    npartitions: Optional[int] = None,
    rules_root: Optional[PathLike] = None,
    plugin_dirs: Sequence[PathLike] = (),
    no_plugins: bool = False,
) -> dd.DataFrame:
    """Check every file under ``folder`` (see :func:`list_folder`) against ``profile``."""
    return check_paths(
        list_folder(folder),
        profile,
        npartitions=npartitions,
        rules_root=rules_root,
        plugin_dirs=plugin_dirs,
        no_plugins=no_plugins,
    )


def to_parquet(df: dd.DataFrame, path: PathLike, **options: Any) -> None:
    """Write a result of this module to Parquet with its whole schema given, the list columns
    typed as lists of strings; ``options`` go to :meth:`dask.dataframe.DataFrame.to_parquet`."""
    schema = pa.Schema.from_pandas(df._meta)
    for name, kind in PARQUET_TYPES.items():
        schema = schema.set(schema.get_field_index(name), pa.field(name, kind))
    df.to_parquet(os.fspath(path), schema=schema, **options)
