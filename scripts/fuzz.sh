#!/usr/bin/env bash
# The fuzz targets of crates/fuzz (docs/reliability.md), with cargo-fuzz on the nightly toolchain.
#   scripts/fuzz.sh setup            install the nightly toolchain and cargo-fuzz when missing
#   scripts/fuzz.sh build            build every target
#   scripts/fuzz.sh seed             (re)write the seed corpora from the repository's files
#   scripts/fuzz.sh run TARGET S     fuzz TARGET for S seconds on its corpus
#   scripts/fuzz.sh runs TARGET N    fuzz TARGET for N executions (the long runs of the docs)
#   scripts/fuzz.sh smoke S          every target for S seconds each (what CI runs; builds with
#                                    FUZZ_CODEGEN_UNITS=16 and opt-level 1 unless they are set)
# Corpora live in target/fuzz-corpus/<target>/ (generated; inputs found while fuzzing are kept
# there). Crashes land in crates/fuzz/artifacts/<target>/ and make the command fail; each one
# becomes a case under spec-tests/hostile/ before it is fixed.
set -euo pipefail
cd "$(dirname "$0")/.."

TARGETS=(dsl_roundtrip image_measure jpeg_reduced plugin_manifest plugin_output report_json multipart_upload)
FUZZ=(cargo +nightly fuzz)
# No sanitizer: the code under test is safe Rust (unsafe_code is denied in every crate of ours),
# and libFuzzer's coverage guidance works without one at about twice the speed. jpeg_reduced also
# runs libjpeg-turbo's C code, which a Rust sanitizer flag would not instrument anyway.
# FUZZ_CODEGEN_UNITS=16 builds in about half the time and runs somewhat slower; so does
# opt-level 1 (a clean build 9 min 32 s against 11 min 39 s at opt-level 3; in 30 s image_measure
# then runs half as many inputs, the other targets 80-115 %): what a short CI run wants. Long
# runs keep cargo-fuzz's defaults.
if [ "${1:-}" = smoke ]; then
  export FUZZ_CODEGEN_UNITS="${FUZZ_CODEGEN_UNITS:-16}" FUZZ_SMOKE=1
  export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-1}"
fi
BUILD_FLAGS=(--fuzz-dir crates/fuzz --sanitizer none --target-dir target/fuzz --codegen-units "${FUZZ_CODEGEN_UNITS:-1}")
CORPUS=target/fuzz-corpus

max_len() {
  case "$1" in
    # Small photos: a measurement costs milliseconds per megapixel, and the code paths are the
    # same at 160 px as at 4000. Profiles: the size of a small document profile.
    image_measure) echo 16384 ;;
    # JPEGs for the scaled decode: the same small photos, which it decodes at 1/8.
    jpeg_reduced) echo 16384 ;;
    dsl_roundtrip) echo 4096 ;;
    # Manifests: the shipped ones are under 1 KiB; 8 KiB holds more metrics than the limit of 64
    # allows, and larger inputs only make the TOML parser's work longer.
    plugin_manifest) echo 8192 ;;
    *) echo 65536 ;;
  esac
}

setup() {
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
}

# CI shows only the end of its output, where cargo-fuzz prints its own backtrace; a failed build
# repeats cargo's error lines (and the disk left) after it, so the cause is what is read last.
build() {
  local log=target/fuzz-build.log
  mkdir -p target
  # The fuzz workspace's own crates (libFuzzer's among them) are fetched first, with one retry:
  # a registry that fails once should not fail CI.
  cargo fetch --manifest-path crates/fuzz/Cargo.toml --locked ||
    { sleep 10; cargo fetch --manifest-path crates/fuzz/Cargo.toml --locked; }
  if ! "${FUZZ[@]}" build "${BUILD_FLAGS[@]}" 2>&1 | tee "$log"; then
    echo "== the fuzz build failed" >&2
    print_causes "$log"
    return 1
  fi
}

print_causes() {
  echo "== error lines of $1, then the disk left:" >&2
  grep -E -A6 '^error|No space left|Killed|signal: |==[0-9]+== ERROR' "$1" | tail -60 >&2 || true
  df -h . >&2
}

seed() {
  for target in "${TARGETS[@]}"; do mkdir -p "$CORPUS/$target"; done
  # Each seed is named after its path, so files of the same name in two folders both count.
  copy() { cp "$1" "$CORPUS/$2/$(echo "$1" | tr '/' '_')"; }
  # Profiles: every shipped one, and every broken one of the DSL corpus.
  find rules spec-tests/dsl spec-tests/hostile -name '*.rules' -size -32k -print0 |
    while IFS= read -r -d '' f; do copy "$f" dsl_roundtrip; done
  # Photos: the test photos downscaled to 160 px (crates/fuzz/seeds, with their sources), and
  # the hostile images.
  find crates/fuzz/seeds/image_measure spec-tests/hostile -type f \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' \) -print0 |
    while IFS= read -r -d '' f; do copy "$f" image_measure; done
  find crates/fuzz/seeds/image_measure spec-tests/hostile -type f -name '*.jpg' -print0 |
    while IFS= read -r -d '' f; do copy "$f" jpeg_reduced; done
  # Manifests: the shipped plugins', the test fixtures' and the hostile ones.
  find plugins spec-tests/hostile -name plugin.toml -size -64k -print0 |
    while IFS= read -r -d '' f; do copy "$f" plugin_manifest; done
  python3 - "$CORPUS" <<'PY'
import json, pathlib, sys
corpus = pathlib.Path(sys.argv[1])
# Plugin outputs: the first byte picks the plugin (0 glare, 1 lenses, 2 redeye).
outputs = {
    0: [{"metrics": {"glare.lens_fraction": {"status": "measured", "value": 0.012, "unit": "ratio"}}, "notes": ["left lens: 1 highlight"]},
        {"metrics": {"glare.lens_fraction": {"status": "absent", "reason": "no eye centres"}}}],
    1: [{"metrics": {"lenses.tint": {"status": "measured", "value": 0.3, "unit": "ratio"}, "lenses.dark": {"status": "measured", "value": False}}}],
    2: [{"metrics": {"redeye.present": {"status": "measured", "value": False}, "redeye.pupil_fraction": {"status": "absent", "reason": "eyes closed"}}}],
}
n = 0
for pick, docs in outputs.items():
    for doc in docs + [{"error": "parameter `min_level` must be 0-255"}]:
        n += 1
        (corpus / "plugin_output" / f"output-{n}.json").write_bytes(bytes([pick]) + json.dumps(doc).encode())
# Multipart uploads: the first line is the Content-Type.
photo = pathlib.Path("spec-tests/photos/grace_hopper.jpg").read_bytes()[:4096]
def form(parts, boundary="XyZ"):
    body = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        body += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return f"multipart/form-data; boundary={boundary}\n".encode() + body
cases = [
    [("photo", "a.jpg", photo), ("profile", None, b"kz/passport-abroad")],
    [("photo", "C:\\Users\\x\\b.jpg", photo), ("profile", None, b"icao/base"), ("annotate", None, b"true"), ("format", None, b"html")],
    [("profile", None, b"kz/id-card")],
    [("photo", "a.jpg", b""), ("unknown", None, b"x")],
]
for i, parts in enumerate(cases):
    (corpus / "multipart_upload" / f"form-{i}.txt").write_bytes(form(parts))
PY
  # Reports: the CLI's own JSON reports of a few photos (signed and not).
  cli=target/debug/photorules
  [ -x "$cli" ] || cargo build --locked -p photorules-cli
  for photo in spec-tests/photos/grace_hopper.jpg spec-tests/photos/obama.jpg spec-tests/photos/blink_closed.png; do
    name=$(basename "$photo")
    "$cli" check --profile kz/passport-abroad --format json "$photo" > "$CORPUS/report_json/$name.json" || true
  done
}

# The long runs of the three slowest targets are built without trace-compares, in a target
# directory of their own (other flags, other artefacts). Tracing comparisons took 60 % of each
# image execution (the decoders' and face detector's inner loops compare on every pixel) and
# about 45 % of each profile or manifest execution (perf, 2026-12-05), where the seeds already
# hold every keyword and magic number those comparisons would teach. The short CI run and the
# other targets keep trace-compares.
long_run_flags() {
  case "$1" in
    image_measure | dsl_roundtrip | plugin_manifest) echo --no-trace-compares ;;
  esac
}

run_target() {
  local target=$1; shift
  local flags=("${BUILD_FLAGS[@]}")
  if [ -z "${FUZZ_SMOKE:-}" ]; then
    read -r -a extra <<< "$(long_run_flags "$target")"
    if [ ${#extra[@]} -gt 0 ]; then
      flags=("${flags[@]/#target\/fuzz/target/fuzz-long}" "${extra[@]}")
    fi
  fi
  mkdir -p "crates/fuzz/artifacts/$target"
  "${FUZZ[@]}" run "${flags[@]}" "$target" "$CORPUS/$target" -- \
    -max_len="$(max_len "$target")" -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 "$@"
}

case "${1:-}" in
  setup) setup ;;
  build) setup; build ;;
  seed) seed ;;
  run) [ $# -eq 3 ] || { echo "usage: $0 run TARGET SECONDS" >&2; exit 2; }
       run_target "$2" -max_total_time="$3" ;;
  runs) [ $# -eq 3 ] || { echo "usage: $0 runs TARGET EXECUTIONS" >&2; exit 2; }
        run_target "$2" -runs="$3" ;;
  smoke) [ $# -eq 2 ] || { echo "usage: $0 smoke SECONDS" >&2; exit 2; }
         setup; build; seed
         for target in "${TARGETS[@]}"; do
           echo "== fuzz $target for $2 s"
           log="target/fuzz-$target.log"
           if run_target "$target" -max_total_time="$2" > "$log" 2>&1; then
             grep -E '^(stat::|Done )' "$log" || true
           else
             tail -40 "$log" >&2
             print_causes "$log"
             echo "fuzz target $target failed: the input is in crates/fuzz/artifacts/$target" >&2
             exit 1
           fi
         done ;;
  *) sed -n 2,12p "$0" >&2; exit 2 ;;
esac
