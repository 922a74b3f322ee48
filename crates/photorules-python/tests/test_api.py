"""Every call of the Python package against the CLI's output on the same photos."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
import threading
import time

import pytest

import photorules
from conftest import PHOTOS, REPO, RULES, cli_errors

PROFILE = "kz/driving-licence"
PHOTO_CASES = ["obama.jpg", "grace_hopper.jpg", "prepared/grace_hopper.kz-driving-licence.jpg"]


@pytest.mark.parametrize("name", PHOTO_CASES)
def test_check_gives_the_cli_report(pr, cli, name):
    path = PHOTOS / name
    run = cli("check", "--profile", PROFILE, "--format", "json", str(path))
    expected = run.json()
    assert pr.check(path, PROFILE) == expected
    assert pr.check(str(path), PROFILE) == expected
    # The exit code and the decision agree as documented (0 accept, 1 reject, 3 undetermined).
    assert {"accept": 0, "reject": 1, "undetermined": 3}[expected["decision"]] == run.code


def test_check_json_is_the_cli_text(pr, cli):
    path = PHOTOS / "obama.jpg"
    run = cli("check", "--profile", PROFILE, "--format", "json", str(path))
    assert pr.check_json(path, PROFILE) + "\n" == run.stdout


def test_bytes_give_the_same_report_without_a_file_name(pr):
    path = PHOTOS / "obama.jpg"
    from_path = pr.check(path, PROFILE)
    from_bytes = pr.check(path.read_bytes(), PROFILE)
    assert from_path["record"]["image"]["name"] == "obama.jpg"
    assert "name" not in from_bytes["record"]["image"]
    del from_path["record"]["image"]["name"]
    assert from_bytes == from_path


def test_the_shipped_rules_are_found_without_setup():
    default = photorules.Photorules()
    assert default.rules_root == photorules.SHIPPED_RULES
    assert (photorules.SHIPPED_RULES / "icao" / "base.rules").is_file()
    names = {p["name"] for p in default.plugins()}
    assert {"glare", "lenses", "redeye"} <= names, names
    assert default.plugin_errors() == []
    report = default.check(PHOTOS / "obama.jpg", PROFILE)
    assert report["decision"] == "reject"


def test_measure_gives_the_cli_metrics(pr, cli):
    path = PHOTOS / "biden.jpg"
    run = cli("measure", "--format", "json", str(path))
    assert run.code == 0, run.stderr
    expected = run.json()["files"][0]
    del expected["file"]
    assert pr.measure(path) == expected
    assert pr.measure(path)["status"] == "measured"


def test_profiles_are_the_cli_list(pr, cli):
    run = cli("profiles", "--format", "json")
    assert run.code == 0, run.stderr
    assert pr.profiles() == run.json()
    assert PROFILE in {p["id"] for p in pr.profiles()}


def test_prepare_gives_the_cli_photo_sheet_and_report(pr, cli, tmp_path):
    source = PHOTOS / "grace_hopper.jpg"
    out = tmp_path / "photo.jpg"
    run = cli(
        "prepare", "--profile", PROFILE, str(source), "--out", str(out),
        "--sheet", "A6", "--date", "2026-12-05",
    )
    assert run.code == 0, run.stderr
    made = pr.prepare(source, PROFILE, sheet="A6", date="2026-12-05", output_name=str(out))
    assert made.outcome == "accepted"
    assert made.file_type == "jpeg"
    assert made.photo == out.read_bytes()
    assert made.report == json.loads((tmp_path / "photo.jpg.report.json").read_text())
    assert made.sheet is not None
    assert made.sheet.raster == (tmp_path / "photo.sheet-A6.jpg").read_bytes()
    assert made.sheet.pdf == (tmp_path / "photo.sheet-A6.pdf").read_bytes()
    assert made.sheet.summary["copies"] >= 1
    assert made.sheet.summary["paper"] == "A6"


def test_prepare_without_a_sheet_makes_none(pr):
    made = pr.prepare((PHOTOS / "grace_hopper.jpg").read_bytes(), PROFILE, file_type="png")
    assert made.sheet is None
    assert made.photo is not None and made.photo[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_missing_photo_is_an_input_error_worded_as_the_cli(pr, cli, tmp_path):
    missing = tmp_path / "nowhere.jpg"
    run = cli("check", "--profile", PROFILE, str(missing))
    assert run.code == 4
    with pytest.raises(photorules.InputError) as raised:
        pr.check(missing, PROFILE)
    assert raised.value.code == 4
    assert str(raised.value) in cli_errors(run.stderr)


def test_a_corrupt_photo_is_an_input_error_worded_as_the_cli(pr, cli, tmp_path):
    corrupt = tmp_path / "corrupt.jpg"
    corrupt.write_bytes((PHOTOS / "obama.jpg").read_bytes()[:3000])
    run = cli("check", "--profile", PROFILE, str(corrupt))
    assert run.code == 4
    with pytest.raises(photorules.InputError) as raised:
        pr.check(corrupt, PROFILE)
    assert raised.value.code == 4
    assert str(raised.value) in cli_errors(run.stderr)
    with pytest.raises(photorules.InputError):
        pr.measure(corrupt.read_bytes())


def test_an_unknown_profile_is_a_profile_error_worded_as_the_cli(pr, cli):
    run = cli("check", "--profile", "kz/driving-license", str(PHOTOS / "obama.jpg"))
    assert run.code == 5
    with pytest.raises(photorules.ProfileError) as raised:
        pr.check(PHOTOS / "obama.jpg", "kz/driving-license")
    assert raised.value.code == 5
    assert str(raised.value) == cli_errors(run.stderr)[0]
    assert "did you mean `kz/driving-licence`?" in str(raised.value)


def test_a_broken_profile_says_where(pr, cli):
    broken = sorted((RULES.parent / "spec-tests" / "dsl" / "broken").glob("*.rules"))[0]
    run = cli("check", "--profile", str(broken), str(PHOTOS / "obama.jpg"))
    assert run.code == 5
    with pytest.raises(photorules.ProfileError) as raised:
        pr.check(PHOTOS / "obama.jpg", str(broken))
    first_line = str(raised.value).splitlines()[0]
    assert first_line == cli_errors(run.stderr)[0]
    assert broken.name in str(raised.value)


def test_a_wrong_argument_is_a_usage_error(pr, cli, tmp_path):
    source = PHOTOS / "grace_hopper.jpg"
    run = cli("prepare", "--profile", PROFILE, str(source), "--out", str(tmp_path / "p.jpg"), "--sheet", "B9")
    assert run.code == 2
    with pytest.raises(photorules.UsageError) as raised:
        pr.prepare(source, PROFILE, sheet="B9")
    assert raised.value.code == 2
    # The CLI names its flag (`--sheet: …`); the package names its argument (`sheet: …`).
    assert "--" + str(raised.value) in cli_errors(run.stderr)
    with pytest.raises(photorules.UsageError):
        pr.check(source, PROFILE, lang="xx")
    with pytest.raises(photorules.UsageError):
        pr.check(12345, PROFILE)


def test_every_error_is_a_photorules_error_with_a_code():
    for error in (photorules.UsageError, photorules.InputError, photorules.ProfileError, photorules.SetupError):
        assert issubclass(error, photorules.PhotorulesError)
    assert [e.code for e in (photorules.UsageError, photorules.InputError, photorules.ProfileError, photorules.SetupError)] == [2, 4, 5, 8]


@pytest.mark.parametrize("lang", ["en", "kk", "ru"])
def test_a_report_in_the_applicants_language_is_the_cli_report(pr, cli, lang):
    path = PHOTOS / "obama.jpg"
    run = cli("check", "--profile", PROFILE, "--format", "json", "--lang", lang, str(path))
    report = pr.check(path, PROFILE, lang=lang)
    assert report == run.json()
    assert report["language"] == lang
    english = pr.check(path, PROFILE, lang="en")
    # Only the words change: ids, verdicts, provenance and the record do not.
    assert [(r["id"], r["verdict"], r["provenance"]) for r in report["rules"]] == [
        (r["id"], r["verdict"], r["provenance"]) for r in english["rules"]
    ]
    assert report["record"] == english["record"]


def test_the_gil_is_released_while_a_photo_is_checked(pr):
    """While one thread is inside `check`, another runs Python. With the GIL held for the whole
    call, no tick of the other thread could fall in the middle fifth of the call."""
    photo = (PHOTOS / "solvay_1927.jpg").read_bytes()
    window = []
    ticks = []

    def check():
        start = time.perf_counter()
        pr.check(photo, PROFILE)
        window.extend([start, time.perf_counter()])

    worker = threading.Thread(target=check)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()
    start, end = window
    middle = (start + 0.4 * (end - start), start + 0.6 * (end - start))
    inside = [t for t in ticks if middle[0] < t < middle[1]]
    assert len(inside) > 100, (end - start, len(ticks))


def test_plugins_beside_a_rules_root_are_loaded(tmp_path):
    """A rules root of one's own, with its `plugins` folder beside it, as the CLI finds them."""
    shutil.copytree(RULES, tmp_path / "rules")
    for manifest in (RULES.parent / "plugins").glob("*/plugin.toml"):
        target = tmp_path / "plugins" / manifest.parent.name
        target.mkdir(parents=True)
        for file in manifest.parent.iterdir():
            if file.is_file():
                shutil.copy(file, target / file.name)
    checker = photorules.Photorules(tmp_path / "rules")
    assert {p["name"] for p in checker.plugins()} == {"glare", "lenses", "redeye"}
    report = checker.check(PHOTOS / "obama.jpg", PROFILE)
    assert report["decision"] == "reject"
    assert {p["name"] for p in report["record"]["plugins"]} <= {"glare", "lenses", "redeye"}
    assert report["record"]["plugins"], "the profile reads plugin metrics"


def test_no_plugins_means_none_are_loaded():
    assert photorules.Photorules(RULES, no_plugins=True).plugins() == []


def test_the_package_depends_on_no_inference_runtime():
    """The face networks run inside the native module: neither the package's metadata nor its
    import pulls in ONNX Runtime."""
    import importlib.metadata
    import sys

    requires = importlib.metadata.requires("photorules") or []
    assert not [r for r in requires if "onnxruntime" in r and "extra ==" not in r], requires
    assert "onnxruntime" not in sys.modules


# "Eyes open, except for a baby under one": the profile the CLI's declared-inputs test uses.
BABY_PROFILE = REPO / "spec-tests" / "dsl" / "fixtures" / "baby.rules"


@pytest.mark.parametrize("age", [None, 0, 30])
def test_a_declared_age_gives_the_cli_report(pr, cli, age):
    profile = BABY_PROFILE
    photo = PHOTOS / "blink_closed.png"
    args = ["check", "--format", "json", "--profile", str(profile), str(photo)]
    if age is not None:
        args += ["--age", str(age)]
    expected = cli(*args).json()
    report = pr.check(photo, str(profile), age=age)
    assert report == expected
    verdict = report["rules"][0]["verdict"]
    assert verdict == {None: "unknown", 0: "pass", 30: "fail"}[age]


def test_an_age_that_is_no_age_is_a_usage_error(pr):
    with pytest.raises(photorules.UsageError):
        pr.check(PHOTOS / "blink_closed.png", PROFILE, age=200)
