#!/usr/bin/env bash
# Packs the three libraries (MiniTorch.Tensors, MiniTorch.Autograd, MiniTorch.NN) into a scratch
# feed, checks what each .nupkg holds (README, LICENSE, the XML docs next to the dll), then builds
# and runs samples/MiniTorch.PackageCheck -- the README's quick start -- against those packages
# alone. Exits non-zero on the first problem. Run by .ci/run; by hand: bash .ci/package-check.sh
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT=$PWD
SCRATCH="$ROOT/artifacts/package-check"   # the check project's nuget.config and props point here
FEED="$SCRATCH/feed"
LIBRARIES=(Tensors Autograd NN)
VERSION=0.1.0

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() {
    echo "!! package check: $*" >&2
    exit 1
}

# list_zip FILE: the entry names of a zip archive, one per line. read_zip FILE ENTRY: one entry.
# unzip where installed, else Python's zipfile (a fresh Debian image may have only one of them).
list_zip() {
    if command -v unzip >/dev/null; then
        unzip -Z1 "$1"
    else
        python3 -c 'import sys, zipfile; print("\n".join(zipfile.ZipFile(sys.argv[1]).namelist()))' "$1"
    fi
}
read_zip() {
    if command -v unzip >/dev/null; then
        unzip -p "$1" "$2"
    else
        python3 -c 'import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]).decode())' "$1" "$2"
    fi
}
command -v unzip >/dev/null || command -v python3 >/dev/null || fail "need unzip or python3 to read the packages"

rm -rf "$SCRATCH"
mkdir -p "$FEED"

for lib in "${LIBRARIES[@]}"; do
    echo "dotnet pack src/$lib -c Release"
    dotnet pack "src/$lib" -c Release -o "$FEED" --nologo --verbosity quiet </dev/null ||
        fail "dotnet pack src/$lib failed"
done

for lib in "${LIBRARIES[@]}"; do
    id="MiniTorch.$lib"
    pkg="$FEED/$id.$VERSION.nupkg"
    [[ -f $pkg ]] || fail "$pkg was not produced (found: $(ls "$FEED"))"
    entries=$(list_zip "$pkg")
    for want in README.md LICENSE "$id.nuspec" "lib/net10.0/$id.dll" "lib/net10.0/$id.xml"; do
        grep -qxF "$want" <<<"$entries" || fail "$id.$VERSION.nupkg has no $want; it holds:"$'\n'"$entries"
    done
    nuspec=$(read_zip "$pkg" "$id.nuspec")
    for want in '<license type="expression">MIT</license>' '<readme>README.md</readme>' "<version>$VERSION</version>"; do
        grep -qF "$want" <<<"$nuspec" || fail "$id.nuspec lacks $want"
    done
    ! grep -q '<repository' <<<"$nuspec" || fail "$id.nuspec names a repository; it should not"
    echo "$id.$VERSION.nupkg: README.md, LICENSE, lib/net10.0/$id.dll and .xml, MIT, version $VERSION"
done

# The check project is not in MiniTorch.sln; its nuget.config restores from $FEED only.
echo "dotnet run --project samples/MiniTorch.PackageCheck -c Release"
dotnet run --project samples/MiniTorch.PackageCheck -c Release </dev/null | tee "$SCRATCH/output.txt" ||
    fail "samples/MiniTorch.PackageCheck failed against the packed packages"

# The README shows what the quick start prints: the third fenced block of its "## Quick start"
# section (after the code's opening and closing fences). The run above is alone in its process,
# so its random numbers, and therefore its losses, are reproducible.
shown=$(awk '/^## /{q = ($0 == "## Quick start")} q && /^```/{n++; next} q && n == 3' README.md)
printed=$(grep '^step ' "$SCRATCH/output.txt" || true)
[[ -n $shown && $shown == "$printed" ]] ||
    fail "README.md's Quick start output differs from what the code printed:"$'\n'"README:"$'\n'"$shown"$'\n'"printed:"$'\n'"$printed"
echo "README.md's Quick start output matches what the packaged code printed"

# Confirm restore took MiniTorch from the scratch feed, as packages, not from anywhere else.
assets="$SCRATCH/obj/project.assets.json"
for lib in "${LIBRARIES[@]}"; do
    grep -qF "\"MiniTorch.$lib/$VERSION\": {" "$assets" || fail "$assets does not list MiniTorch.$lib $VERSION"
done
[[ -d $SCRATCH/packages/minitorch.nn/$VERSION ]] || fail "MiniTorch.NN was not restored into $SCRATCH/packages"
echo "package check passed"
