#!/usr/bin/env bash
# Packaging checks and release archives, shared by .ci/run and
# .github/workflows/release.yml.
#   ci/package.sh check            package the crate, build it outside the
#                                  repository, run init/check/build/serve with it,
#                                  and install the package init vendors, as the
#                                  cohort's workflows do
#   ci/package.sh archive TARGET BIN   write dist/waymark-vVERSION-TARGET.tar.gz
#                                  (.zip on Windows) and its .sha256
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)

archive() {
  local target=$1 bin=$2 name="waymark-v$version-$1"
  rm -rf "dist/$name" && mkdir -p "dist/$name"
  cp "$bin" README.md LICENSE "dist/$name/"
  cp -r docs "dist/$name/"
  (
    cd dist
    if [[ $target == *windows* ]]; then
      7z a -bso0 "$name.zip" "$name" && sha256sum "$name.zip" >"$name.zip.sha256"
    else
      tar -czf "$name.tar.gz" "$name" && sha256sum "$name.tar.gz" >"$name.tar.gz.sha256"
      sha256sum -c "$name.tar.gz.sha256"
    fi
  )
}

check() {
  # The repository's target folder, to reuse its dependencies. Packaging
  # needs a clean tree, so the packaged sources are the committed ones.
  export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
  local repo=$PWD
  # No verify build here: the release build just below, from the packaged
  # sources outside the repository, is that check.
  cargo package --locked --no-verify
  tmp=""
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  tar -xzf "$CARGO_TARGET_DIR/package/waymark-roadmap-$version.crate" -C "$tmp"
  (cd "$tmp/waymark-roadmap-$version" && cargo build --release --locked)
  local bin="$CARGO_TARGET_DIR/release/waymark"
  (
    cd "$tmp"
    "$bin" init cohort >/dev/null
    cd cohort
    "$bin" check
    "$bin" build
    test -s site/index.html
    # The guides are inside the binary built from the package.
    "$bin" docs configuration | cmp - "$repo/docs/configuration.md"
    "$bin" serve --port 0 >serve.log 2>&1 &
    serve_pid=$!
    for _ in $(seq 50); do grep -q "http://" serve.log && break; sleep 0.2; done
    grep "http://" serve.log
    kill "$serve_pid"
    wait "$serve_pid" 2>/dev/null || true
    # The package init vendored for the cohort's workflows: its checksum is
    # the one the workflows pin, and it builds as they build it.
    sum=$(sed -n 's/^ *PACKAGE_SHA256: //p' .github/workflows/check.yml)
    echo "$sum  .waymark/waymark-roadmap-$version.tar.gz" | sha256sum -c -
    tar -xzf ".waymark/waymark-roadmap-$version.tar.gz" -C "$tmp"
    cargo install --locked --path "$tmp/waymark-roadmap-$version" --root "$tmp/vendored" --target-dir "$CARGO_TARGET_DIR"
    "$tmp/vendored/bin/waymark" --version | grep -qx "waymark $version"
  )
  archive "$(rustc -vV | sed -n 's/^host: //p')" "$bin"
}

case "${1:-}" in
  check) check ;;
  archive) archive "$2" "$3" ;;
  *) echo "usage: ci/package.sh check | archive TARGET BIN" >&2; exit 2 ;;
esac
