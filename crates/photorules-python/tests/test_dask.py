"""photorules.dask on a local Dask cluster of two worker processes (loopback only): every row
equals the CLI's verdict on the same file, bad files are error rows, and nothing is lost."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

dask = pytest.importorskip("dask", reason="the `dask` extra is installed by scripts/python-package.sh")
from distributed import Client, LocalCluster  # noqa: E402

import dask.dataframe as dd  # noqa: E402
import photorules.dask as prd  # noqa: E402
from conftest import PHOTOS, RULES, cli_errors  # noqa: E402

PROFILE = "kz/driving-licence"
GOOD = ["obama.jpg", "grace_hopper.jpg", "biden.jpg", "obama2.jpg", "astronaut.png"]


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """Photos, one in a sub-folder, a corrupt JPEG and a text file."""
    root = tmp_path_factory.mktemp("batch")
    for name in GOOD[:-1]:
        shutil.copy(PHOTOS / name, root / name)
    (root / "more").mkdir()
    shutil.copy(PHOTOS / GOOD[-1], root / "more" / GOOD[-1])
    (root / "corrupt.jpg").write_bytes((PHOTOS / "obama.jpg").read_bytes()[:4000])
    (root / "notes.txt").write_text("not a photo\n")
    return root


@pytest.fixture(scope="module")
def client():
    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    with Client(cluster) as client:
        yield client
    cluster.close()


@pytest.fixture(scope="module")
def cli_outcome(cli, folder):
    """The CLI's reports by file name, and its error messages by path."""
    files = prd.list_folder(folder)
    run = cli("check", "--profile", PROFILE, "--format", "json", *files)
    assert run.code == 4, run.stderr  # the unreadable files decide the exit code
    reports = {r["record"]["image"]["name"]: r for r in run.json()}
    errors = {}
    for line in cli_errors(run.stderr):
        path, _, message = line[1:].partition("`: ")
        errors[path] = message
    return files, reports, errors


def test_a_folder_on_two_workers_equals_the_cli(client, folder, cli_outcome):
    files, reports, errors = cli_outcome
    result = prd.check_folder(folder, PROFILE, rules_root=RULES, npartitions=3).compute()
    assert len(client.scheduler_info()["workers"]) == 2
    assert list(result["photo"]) == files  # every file, in order
    assert len(result) == len(GOOD) + 2
    for row in result.itertuples():
        name = Path(row.photo).name
        if name in ("corrupt.jpg", "notes.txt"):
            assert pd.isna(row.decision)
            assert row.error_code == 4
            assert f"`{row.photo}`: {errors[row.photo]}" == row.error
            assert pd.isna(row.report)
            continue
        expected = reports[name]
        assert json.loads(row.report) == expected, name
        assert row.decision == expected["decision"]
        assert list(row.failing) == [r["id"] for r in expected["rules"] if r["verdict"] == "fail"]
        assert list(row.unknown) == [r["id"] for r in expected["rules"] if r["verdict"] == "unknown"]
        assert list(row.to_confirm) == expected["to_confirm"]
        assert row.image_sha256 == expected["record"]["image"]["sha256"]
        assert row.profile_id == PROFILE
        assert len(row.rules_sha256) == len(expected["record"]["rules_files"]) == 2
        assert [p.split("@")[0] for p in row.plugins] == [p["name"] for p in expected["record"]["plugins"]]
        assert pd.isna(row.error_code) and pd.isna(row.error)
    # The corrupt file is still traced by its hash.
    corrupt = result[result["photo"].str.endswith("corrupt.jpg")].iloc[0]
    assert isinstance(corrupt["image_sha256"], str) and len(corrupt["image_sha256"]) == 64


def test_results_round_trip_through_parquet(client, folder, tmp_path):
    result = prd.check_folder(folder, PROFILE, rules_root=RULES, npartitions=2)
    prd.to_parquet(result, tmp_path / "out")
    back = dd.read_parquet(tmp_path / "out").compute()
    computed = result.compute()
    assert list(back.columns) == list(prd.COLUMNS)
    assert back["photo"].tolist() == computed["photo"].tolist()
    assert back["decision"].tolist() == computed["decision"].tolist()
    assert [list(x) for x in back["failing"]] == [list(x) for x in computed["failing"]]


def test_a_dataframe_of_bytes(client, pr):
    photos = [(PHOTOS / name).read_bytes() for name in GOOD[:2]] + [b"\x00not a photo"]
    frame = pd.DataFrame({"id": [10, 11, 12], "content": photos}).set_index("id")
    with dask.config.set({"dataframe.convert-string": False}):
        df = dd.from_pandas(frame, npartitions=2)
    result = prd.check_dataframe(df, PROFILE, "content", rules_root=RULES).compute()
    assert list(result.index) == [10, 11, 12]
    for index, photo in zip([10, 11], photos):
        assert json.loads(result.loc[index, "report"]) == pr.check(photo, PROFILE)
    assert pd.isna(result.loc[12, "decision"]) and result.loc[12, "error_code"] == 4
    assert result["photo"].isna().all()


def test_a_missing_column_is_named():
    df = dd.from_pandas(pd.DataFrame({"file": ["a.jpg"]}), npartitions=1)
    with pytest.raises(KeyError, match="column `path`"):
        prd.check_dataframe(df, PROFILE)
