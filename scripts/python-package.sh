#!/usr/bin/env bash
# The Python package (crates/photorules-python): build its abi3 wheel with maturin and install
# it, with the `dask` and `test` extras, into the virtual environment .cache/python; or run its
# tests there against the CLI built from the same sources. Idempotent.
#
#   scripts/python-package.sh build     # wheel in target/wheels/, installed into .cache/python
#   scripts/python-package.sh test      # pytest (extra arguments go to pytest)
#   scripts/python-package.sh bench     # photos/s on a local Dask cluster against the CLI batch
#
# The wheel is built with the `dev` profile, which shares the compiled dependencies with
# `cargo test` (they are optimised there too); PHOTORULES_WHEEL_PROFILE=release builds the one
# to publish.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.cache/python
python=$venv/bin/python
wheels=target/wheels

venv_ready() {
  if [ ! -x "$python" ]; then
    python3 -m venv "$venv"
  fi
  "$python" -m pip install --quiet --disable-pip-version-check "maturin>=1.9,<2"
}

case "${1:-}" in
  build)
    venv_ready
    rm -f "$wheels"/photorules-*.whl
    (cd crates/photorules-python &&
      "../../$venv/bin/maturin" build --quiet --locked --profile "${PHOTORULES_WHEEL_PROFILE:-dev}" \
        --interpreter "../../$python" --out "../../$wheels")
    wheel=$(ls "$wheels"/photorules-*.whl)
    # Dependencies once; the package itself every time (its version does not change per build).
    "$python" -m pip install --quiet --disable-pip-version-check "$wheel[dask,test]"
    "$python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheel"
    echo "python-package: installed $wheel into $venv"
    ;;
  test)
    shift
    cargo build --quiet --locked -p photorules-cli
    "$python" -m pytest crates/photorules-python/tests "$@"
    ;;
  bench)
    shift
    cargo build --quiet --locked -p photorules-cli
    "$python" crates/photorules-python/bench/dask_throughput.py "$@"
    ;;
  *)
    echo "usage: scripts/python-package.sh build|test|bench" >&2
    exit 2
    ;;
esac
