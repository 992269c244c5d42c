#!/usr/bin/env bash
# Writes the two Gradescope autograder zips into OUTDIR:
#
#   bash deploy/gradescope/make-zip.sh OUTDIR
#
#   quest-autograder.zip   setup.sh, run_autograder (the quest's), course/
#   quiz-autograder.zip    setup.sh, run_autograder (the quiz's),  course/
#
# Gradescope wants setup.sh and run_autograder at the zip's root; it
# unpacks the zip into /autograder/source. course/ is this repository as
# git tracks it (no target/), the full edition: the grader is built from
# it, and setup.sh closes it to the graded program.
set -euo pipefail

out=${1:?usage: bash deploy/gradescope/make-zip.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
course_root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/course"
(cd "$course_root" && git ls-files -z | tar --create --null --files-from=-) |
    tar --extract --directory="$work/course"

for kind in quest quiz; do
    rm -f "$work/setup.sh" "$work/run_autograder"
    cp "$here/setup.sh" "$work/setup.sh"
    cp "$here/$kind/run_autograder" "$work/run_autograder"
    chmod +x "$work/setup.sh" "$work/run_autograder"
    python3 - "$work" "$out/$kind-autograder.zip" <<'PY'
import os, sys, zipfile
work, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for folder, dirs, files in os.walk(work):
        for name in files:
            path = os.path.join(folder, name)
            info = zipfile.ZipInfo.from_file(path, os.path.relpath(path, work))
            with open(path, "rb") as f:
                z.writestr(info, f.read(), zipfile.ZIP_DEFLATED)
PY
    echo "make-zip: wrote $out/$kind-autograder.zip"
done
