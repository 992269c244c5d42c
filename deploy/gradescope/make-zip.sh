#!/usr/bin/env bash
# Writes the two Gradescope autograder zips into OUTDIR:
#
#   bash deploy/gradescope/make-zip.sh OUTDIR
#
#   quest-autograder.zip   setup.sh, run_autograder (the quest's), course/
#   quiz-autograder.zip    setup.sh, run_autograder (the quiz's),  course/
#
# Run it in the instructor's full edition (a git checkout with solutions/
# and the quiz's questions): the grader and the quiz are built from it.
# Gradescope wants setup.sh and run_autograder at the zip's root; it
# unpacks the zip into /autograder/source and copies run_autograder to
# /autograder/run_autograder. course/ holds the files git tracks, as they
# are in the working tree (no target/, no local junk).
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: bash deploy/gradescope/make-zip.sh OUTDIR" >&2
    exit 2
fi
die() {
    echo "make-zip: $*" >&2
    exit 1
}
here=$(cd "$(dirname "$0")" && pwd)
course_root=$(cd "$here/../.." && pwd)
mkdir -p "$1"
out=$(cd "$1" && pwd)

cd "$course_root"
git rev-parse --is-inside-work-tree >/dev/null 2>&1 ||
    die "$course_root is not a git checkout (the zip holds what git tracks)"
# setup.sh builds the quiz from its question bank and grades against the
# solutions' side of the workspace: a student edition has neither.
for needed in solutions quiz/questions quiz/src; do
    [[ -e $needed ]] || die "no $needed here: run this in the full edition, not a student export"
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/course"
# Tracked files only; a tracked file deleted in the working tree is left
# out rather than failing the copy.
git ls-files -z | while IFS= read -r -d '' file; do
    [[ -e $file || -L $file ]] && printf '%s\0' "$file"
done | tar --create --null --files-from=- | tar --extract --directory="$work/course"

for kind in quest quiz; do
    rm -f "$work/setup.sh" "$work/run_autograder"
    cp "$here/setup.sh" "$work/setup.sh"
    cp "$here/$kind/run_autograder" "$work/run_autograder"
    chmod 755 "$work/setup.sh" "$work/run_autograder"
    zip_file=$out/$kind-autograder.zip
    rm -f "$zip_file"
    if command -v zip >/dev/null; then
        # -X: no extra attributes that differ between machines; -y: a link
        # stays a link. Unix permissions (run_autograder's x bit) are kept.
        (cd "$work" && zip -q -r -X -y "$zip_file" setup.sh run_autograder course)
    else
        python3 - "$work" "$zip_file" <<'PY'
import os, sys, zipfile
work, target = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
    for top in ("setup.sh", "run_autograder", "course"):
        paths = [top] if os.path.isfile(os.path.join(work, top)) else []
        for folder, dirs, files in os.walk(os.path.join(work, top)):
            dirs.sort()
            paths += [os.path.relpath(os.path.join(folder, f), work) for f in sorted(files)]
        for path in paths:
            # from_file keeps the Unix mode, so run_autograder stays executable.
            z.write(os.path.join(work, path), path)
PY
    fi
    echo "make-zip: wrote $zip_file"
done
