#!/usr/bin/env bash
# Runs every QualityWatch test on a fresh machine. Installs what the tests need (idempotently), builds the
# solution with warnings as errors, runs `dotnet test`, and ends with one line: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")"

log() { printf '[test.sh] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# --- Debian packages: real Prometheus, Alertmanager, PostgreSQL and Chromium are used by the tests. ---
need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v promtool >/dev/null 2>&1 || need+=(prometheus)
{ command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1; } || need+=(prometheus-alertmanager)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  log "installing Debian packages: ${need[*]}"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- npm packages for the tests that drive QualityWatch with the OpenTelemetry JS SDK. ---
for dir in tests/*/js; do
  if [ -f "$dir/package.json" ] && [ ! -d "$dir/node_modules" ]; then
    log "installing npm packages in $dir"
    (cd "$dir" && npm install --no-audit --no-fund --silent)
  fi
done

# --- Build once (warnings are errors), then test. ---
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
log "building"
dotnet build QualityWatch.sln -c Debug -nologo -v q -clp:ErrorsOnly

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
log "testing"
set +e
dotnet test QualityWatch.sln --no-build -c Debug -nologo -v q \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false
status=$?
set -e

# --- The closing line CI reads: totals from dotnet test's own result files. ---
python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}Counters")
    if counters is not None:
        passed += int(counters.get("passed", 0))
        failed += int(counters.get("failed", 0)) + int(counters.get("error", 0)) + int(counters.get("timeout", 0)) + int(counters.get("aborted", 0))
        for result in ET.parse(path).getroot().iter("{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}UnitTestResult"):
            if result.get("outcome") == "Failed":
                message = result.find(".//{*}Message")
                text = (message.text or "").strip().splitlines()[0][:300] if message is not None and message.text else ""
                print(f"FAILED {result.get('testName')}: {text}", file=sys.stderr)
print(f"{passed} passed, {failed} failed")
PY
exit $status
