# Helpers for .ci/run: package installation, timed runs, and counting results from the xunit
# XML reports. Sourced, not executed; expects ROOT, CI_DIR and the *_TIMEOUT settings.

CI_START=$(date +%s)
RUN_SUMMARIES=()
TOTAL_PASSED=0
TOTAL_FAILED=0
TOTAL_SKIPPED=0
ANY_RUN_FAILED=0

fmt_secs() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

section() {
    printf '\n==== %s [at +%s]\n' "$1" "$(fmt_secs $(($(date +%s) - CI_START)))"
}

# retry ATTEMPTS DELAY CMD...: for network steps (apt, NuGet) that fail now and then.
retry() {
    local attempts=$1 delay=$2 n=1
    shift 2
    until "$@"; do
        if ((n >= attempts)); then
            echo "!! failed after $n attempts: $*"
            return 1
        fi
        echo "!! attempt $n failed, retrying in ${delay}s: $*"
        sleep "$delay"
        n=$((n + 1))
    done
}

# with_timeout SECONDS CMD...: a hung run must not eat CI's whole time budget.
with_timeout() {
    local secs=$1 rc=0 start
    shift
    start=$(date +%s)
    timeout -k 30 "$secs" "$@" || rc=$?
    if ((rc == 124 || rc == 137)) && (($(date +%s) - start >= secs)); then
        echo "!! timed out after ${secs}s: $*"
    elif ((rc > 128 && rc < 160)); then
        echo "!! exit code $rc (signal $((rc - 128))?): $*"
    fi
    return "$rc"
}

# ---------------------------------------------------------------------------------------------
# Packages for the Arm run. Debian's cross packages give the aarch64 loader, libc and libstdc++
# under /usr/aarch64-linux-gnu; .NET's crypto shim (used by xunit for test IDs) also needs an
# aarch64 libssl, which has no cross package: libssl3:arm64 is downloaded and unpacked into
# artifacts/ci/ instead of being installed, so the host never gets a second, mismatched libc.

# fonts-dejavu-core: the trainer's end-to-end test draws its plot's labels with it (without a
# font the PNG is still written, unlabelled).
ARM_PACKAGES=(qemu-user-static libc6-arm64-cross libstdc++6-arm64-cross libgcc-s1-arm64-cross fonts-dejavu-core)
ARM_SSL_ROOT="$CI_DIR/arm64-libssl"
ARM_SSL_DIR="$ARM_SSL_ROOT/usr/lib/aarch64-linux-gnu"
APT_LOG="$CI_DIR/apt.log"
APT_UPDATED=0
QEMU_AARCH64=""

as_root() {
    if [[ $EUID == 0 ]]; then "$@"; else sudo -n "$@"; fi
}

apt_quiet() {
    as_root apt-get -y -qq -o DPkg::Lock::Timeout=300 -o APT::Sandbox::User=root "$@" \
        </dev/null >>"$APT_LOG" 2>&1
}

apt_update() {
    echo "apt-get update"
    retry 3 15 apt_quiet update && APT_UPDATED=1
}

package_installed() {
    local status
    status=$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)
    [[ $status == "install ok installed" ]]
}

find_qemu() {
    QEMU_AARCH64=$(command -v qemu-aarch64-static || command -v qemu-aarch64 || true)
    [[ -n $QEMU_AARCH64 ]]
}

fetch_arm64_libssl() {
    local tmp name
    tmp=$(mktemp -d)
    # Debian 12 names it libssl3; later releases libssl3t64.
    for name in libssl3 libssl3t64; do
        if (cd "$tmp" && apt_quiet download "$name:arm64"); then break; fi
    done
    if ! compgen -G "$tmp/*.deb" >/dev/null; then
        rm -rf "$tmp"
        return 1
    fi
    rm -rf "$ARM_SSL_ROOT"
    dpkg-deb -x "$tmp"/*.deb "$ARM_SSL_ROOT"
    rm -rf "$tmp"
    [[ -e $ARM_SSL_DIR/libssl.so.3 ]]
}

install_arm_emulation() {
    mkdir -p "$CI_DIR"
    : >"$APT_LOG"
    if ! command -v apt-get >/dev/null; then
        echo "!! apt-get not found: cannot install the Arm emulation packages"
        return 1
    fi
    local missing=() p
    for p in "${ARM_PACKAGES[@]}"; do
        package_installed "$p" || missing+=("$p")
    done
    local need_ssl=0
    [[ -e $ARM_SSL_DIR/libssl.so.3 ]] || need_ssl=1
    # libssl3:arm64 can only be downloaded once apt knows the arm64 architecture.
    if ((need_ssl)) && ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "dpkg --add-architecture arm64"
        as_root dpkg --add-architecture arm64
        apt_update || { tail -20 "$APT_LOG"; return 1; }
    fi
    if ((${#missing[@]})); then
        ((APT_UPDATED)) || apt_update || { tail -20 "$APT_LOG"; return 1; }
        echo "apt-get install ${missing[*]}"
        if ! retry 3 15 apt_quiet install --no-install-recommends "${missing[@]}"; then
            tail -20 "$APT_LOG"
            return 1
        fi
    else
        echo "already installed: ${ARM_PACKAGES[*]}"
    fi
    if ((need_ssl)); then
        echo "apt-get download libssl3:arm64 -> ${ARM_SSL_ROOT#"$ROOT"/}"
        # A stale package list names a version the mirror no longer has: update and try again.
        if ! fetch_arm64_libssl; then
            if ! ((APT_UPDATED)); then apt_update || true; fi
            retry 3 15 fetch_arm64_libssl || { tail -20 "$APT_LOG"; return 1; }
        fi
    else
        echo "already unpacked: arm64 libssl in ${ARM_SSL_DIR#"$ROOT"/}"
    fi
    if ! find_qemu; then
        echo "!! no qemu-aarch64-static or qemu-aarch64 on PATH after installing qemu-user-static"
        return 1
    fi
    if [[ ! -e /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 ]]; then
        echo "!! /usr/aarch64-linux-gnu/lib/ld-linux-aarch64.so.1 missing (libc6-arm64-cross)"
        return 1
    fi
    echo "qemu: $QEMU_AARCH64"
}

publish_arm64() {
    local start
    start=$(date +%s)
    echo "dotnet publish $TEST_PROJECT -c Release -r linux-arm64 --self-contained"
    # Restore separately so that only the network part is retried.
    retry 3 20 with_timeout "$ARM_PUBLISH_TIMEOUT" dotnet restore "$TEST_PROJECT" \
        -r linux-arm64 -p:SelfContained=true --verbosity quiet </dev/null || return 1
    with_timeout "$ARM_PUBLISH_TIMEOUT" dotnet publish "$TEST_PROJECT" -c Release \
        -r linux-arm64 --self-contained --no-restore --nologo --verbosity quiet </dev/null ||
        return 1
    if [[ ! -x $ARM_PUBLISH_DIR/MiniTorch.Tests ]]; then
        echo "!! $ARM_PUBLISH_DIR/MiniTorch.Tests was not produced"
        return 1
    fi
    echo "published in $(fmt_secs $(($(date +%s) - start)))"
}

# ---------------------------------------------------------------------------------------------
# The test executable's own command line: xunit v3's native runner unless the project opts into
# Microsoft.Testing.Platform for direct runs too (UseMicrosoftTestingPlatformRunner), whose
# options differ. `dotnet test` (run 1) always goes through Microsoft.Testing.Platform.

TEST_CLI_FLAVOUR=native
TEST_CLI_COMMON=(-noLogo -noColor)
TEST_CLI_NOT_SLOW=(-trait- "Category=Slow")
TEST_CLI_REPORT=()

detect_test_cli() {
    local help=""
    if [[ -x $1 ]]; then help=$("$1" --help 2>&1 </dev/null || true); fi
    if [[ $help == *--filter-not-trait* ]]; then
        TEST_CLI_FLAVOUR=mtp
        TEST_CLI_COMMON=(--ansi off --progress off)
        TEST_CLI_NOT_SLOW=(--filter-not-trait "Category=Slow")
    fi
}

# ---------------------------------------------------------------------------------------------
# Runs and their counts.

begin_run() {
    RUN_NAME=$1
    RUN_START=$(date +%s)
    RUN_REPORTS="$CI_DIR/reports/$1"
    rm -rf "$RUN_REPORTS"
    mkdir -p "$RUN_REPORTS"
    if [[ $TEST_CLI_FLAVOUR == mtp ]]; then
        TEST_CLI_REPORT=(--results-directory "$RUN_REPORTS" --report-xunit-xml)
    else
        TEST_CLI_REPORT=(-result-xml "$RUN_REPORTS/$1.xml")
    fi
    section "run $1: $2"
}

# xml_attr TAG NAME: the numeric attribute NAME of one <assembly ...> tag, or nothing.
xml_attr() {
    sed -nE "s/.* $2=\"([0-9]+)\".*/\1/p" <<<"$1"
}

# Sums the <assembly> elements of every xunit XML report of the current run into R_*;
# fails when there is no report or a count is missing.
read_reports() {
    R_PASSED=0 R_FAILED=0 R_SKIPPED=0 R_ERRORS=0 R_NOTRUN=0 R_PATH=""
    local files=() f tag n found=0 a
    shopt -s nullglob
    files=("$RUN_REPORTS"/*.xml)
    shopt -u nullglob
    ((${#files[@]})) || return 1
    for f in "${files[@]}"; do
        while IFS= read -r tag; do
            found=1
            for a in passed failed skipped errors not-run; do
                n=$(xml_attr "$tag" "$a")
                [[ -n $n ]] || return 1
                case $a in
                    passed) R_PASSED=$((R_PASSED + n)) ;;
                    failed) R_FAILED=$((R_FAILED + n)) ;;
                    skipped) R_SKIPPED=$((R_SKIPPED + n)) ;;
                    errors) R_ERRORS=$((R_ERRORS + n)) ;;
                    not-run) R_NOTRUN=$((R_NOTRUN + n)) ;;
                esac
            done
        done < <(grep -o '<assembly [^>]*>' "$f" || true)
    done
    ((found)) || return 1
    R_PATH=$(grep -oh 'Active vector path: [^<&]*' "${files[@]}" 2>/dev/null | head -n1 || true)
    R_PATH=${R_PATH#Active vector path: }
}

# end_run EXIT_CODE: turns the run's report and exit code into counts and a verdict. A run that
# failed in a way no test count shows (no report, no test executed, non-zero exit with every
# test passing) adds one failure, so the summary line never reads as green for a broken run.
end_run() {
    local rc=$1 secs=$(($(date +%s) - RUN_START)) verdict=PASSED problem="" counts extra=0
    if read_reports; then
        counts="$R_PASSED passed, $((R_FAILED + R_ERRORS)) failed, $((R_SKIPPED + R_NOTRUN)) skipped"
        if ((R_FAILED + R_ERRORS > 0)); then
            verdict=FAILED
        elif ((R_PASSED + R_FAILED == 0)); then
            verdict=FAILED problem="no test was executed" extra=1
        elif ((rc != 0)); then
            verdict=FAILED problem="exit code $rc although the report shows no failure" extra=1
        fi
    else
        R_PASSED=0 R_FAILED=0 R_SKIPPED=0 R_ERRORS=0 R_NOTRUN=0 R_PATH=""
        counts="counts unknown"
        verdict=FAILED problem="no readable test report (exit code $rc)" extra=1
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + R_PASSED))
    TOTAL_FAILED=$((TOTAL_FAILED + R_FAILED + R_ERRORS + extra))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + R_SKIPPED + R_NOTRUN))
    [[ $verdict == PASSED ]] || ANY_RUN_FAILED=1
    local line
    line=$(printf '%-13s %-6s %8s  %-30s %s' "$RUN_NAME" "$verdict" "$(fmt_secs "$secs")" \
        "path: ${R_PATH:-not reported}" "$counts${problem:+ -- $problem}")
    RUN_SUMMARIES+=("$line")
    printf '==== run %s %s in %s: %s%s; vector path: %s\n' "$RUN_NAME" "$verdict" \
        "$(fmt_secs "$secs")" "$counts" "${problem:+ -- $problem}" "${R_PATH:-not reported}"
    if [[ $RUN_NAME == 1-* ]]; then RUN1_PATH=$R_PATH; fi
}

run_x64() {
    local name=$1 desc=$2 bits=$3
    shift 3
    begin_run "$name" "$desc"
    local rc=0
    if [[ ! -x $TEST_EXE ]]; then
        echo "!! $TEST_EXE does not exist (did run 1 fail to build?)"
        rc=1
    else
        with_timeout "$X64_RUN_TIMEOUT" env "$@" MINITORCH_EXPECT_VECTOR_BITS="$bits" \
            "$TEST_EXE" "${TEST_CLI_COMMON[@]}" "${TEST_CLI_REPORT[@]}" </dev/null || rc=$?
    fi
    end_run "$rc"
}

# run_check NAME DESC CMD...: a step that runs no tests, so has no xunit report (the NuGet
# package check). It gets a header, a footer and a line in the summary table like a run; a
# failure adds one to the failed count (as a broken run does), a pass adds nothing to the counts.
run_check() {
    local name=$1 desc=$2 start rc=0 secs verdict=PASSED problem="" line
    shift 2
    start=$(date +%s)
    section "check $name: $desc"
    "$@" </dev/null || rc=$?
    secs=$(($(date +%s) - start))
    if ((rc != 0)); then
        verdict=FAILED problem=" -- exit code $rc"
        TOTAL_FAILED=$((TOTAL_FAILED + 1))
        ANY_RUN_FAILED=1
    fi
    line=$(printf '%-13s %-6s %8s  %s' "$name" "$verdict" "$(fmt_secs "$secs")" "$desc$problem")
    RUN_SUMMARIES+=("$line")
    printf '==== check %s %s in %s\n' "$name" "$verdict" "$(fmt_secs "$secs")"
}

# The default run's width is not forced, so say when it differs from what /proc/cpuinfo
# suggests (.NET may decline Vector512 on some AVX-512 CPUs; that is a note, not a failure).
warn_if_default_path_unexpected() {
    local flags expected=""
    flags=$(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true)
    if [[ $flags == *" avx512f"* && $flags == *" avx512bw"* && $flags == *" avx512vl"* ]]; then
        expected=Vector512
    elif [[ $flags == *" avx2"* ]]; then
        expected=Vector256
    fi
    if [[ -n $expected && -n ${RUN1_PATH:-} && $RUN1_PATH != "$expected"* ]]; then
        echo "note: the CPU flags suggest $expected by default, but run 1 covered $RUN1_PATH"
    fi
}

print_summary_and_exit() {
    section "summary (all times wall clock; total $(fmt_secs $(($(date +%s) - CI_START))))"
    local line
    for line in "${RUN_SUMMARIES[@]}"; do echo "$line"; done
    echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed, $TOTAL_SKIPPED skipped"
    if ((ANY_RUN_FAILED)); then exit 1; fi
    exit 0
}
