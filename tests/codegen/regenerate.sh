#!/bin/sh
# Rewrites src/*/ with `duckspec codegen` from each spec listed in corpus.txt, and
# tests/tables.in, the list of structs the round-trip test visits. The CLI's tests run the same
# commands with --check, so a codegen change not regenerated here fails them.
set -eu
cd "$(dirname "$0")"
# From the workspace root: `-p duckspec-cli` would compile DuckDB's C++ once more (CONTRIBUTING.md).
(cd ../.. && cargo build --quiet --bin duckspec)
bin="${CARGO_TARGET_DIR:-$HOME/.cache/duckspec/target}/debug/duckspec"
tables=tests/tables.in
printf '// Written by regenerate.sh: every struct of every corpus module, in spec order.\n[\n' > "$tables"
grep -v '^#' corpus.txt | while read -r spec module name; do
    "$bin" codegen "$spec" --out "src/$module" --name "$name"
    list=$(tr -d ' \n' < "src/$module/mod.rs" | sed -n 's/.*tables(\([^)]*\)).*/\1/p' | sed 's/,/, /g')
    echo "    round_trip!(failures, $module::$name: $list)," >> "$tables"
done
echo "]" >> "$tables"
