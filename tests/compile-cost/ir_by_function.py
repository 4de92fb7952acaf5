#!/usr/bin/env python3
"""LLVM IR of a compile-cost build, counted per function name: what each table or row type adds.

Emit the IR of one variant, then count it (BENCHMARKS.md "Session 21"):

    cargo rustc -p duckspec-compile-cost --lib --features tables-200,queries \
        -- --emit=llvm-ir -C codegen-units=1
    python3 tests/compile-cost/ir_by_function.py "$(ls -t $CARGO_TARGET_DIR/debug/deps/duckspec_compile_cost-*.ll | head -1)"

Names are legacy-mangled; the hash and the generated types' numbers (T17, Q17) are erased, so a
function compiled once per type shows up ~200 times. Prints totals, then the names seen at least
190 times by IR lines, largest first.
"""

import collections
import re
import sys


def main(path: str) -> None:
    text = open(path, encoding="utf-8", errors="replace").read()
    functions = re.findall(r'^define[^\n]*?@"?([^"(]+)[^\n]*\{\n(.*?)\n\}', text, re.S | re.M)
    count = collections.Counter()
    lines = collections.Counter()
    for name, body in functions:
        name = re.sub(r"17h[0-9a-f]{16}E$", "", name)
        name = re.sub(r"([TQ])\d+", r"\1", name)
        count[name] += 1
        lines[name] += body.count("\n")
    per_type = [name for name in count if count[name] >= 190]
    print(f"functions {len(functions)}, IR lines {sum(lines.values())}")
    print(f"per type: functions {sum(count[n] for n in per_type)}, IR lines {sum(lines[n] for n in per_type)}")
    for name in sorted(per_type, key=lambda n: -lines[n]):
        print(f"{count[name]:>5} {lines[name]:>7}  {name[:140]}")


if __name__ == "__main__":
    main(sys.argv[1])
