# Sums the results of a `dotnet test` log and prints one line:
#   N passed, N failed, N skipped
#
# Usage: awk -f scripts/lib/test-summary.awk LOGFILE
#
# Understands the summaries that `dotnet test` prints (one per test assembly):
#
# 1. VSTest console logger, verbosity quiet/minimal, one line per assembly:
#      Passed!  - Failed:     0, Passed:    12, Skipped:     0, Total:    12, Duration: 1 s - X.Tests.dll (net10.0)
#      Failed!  - Failed:     1, Passed:    11, Skipped:     0, Total:    12, Duration: 1 s - X.Tests.dll (net10.0)
#
# 2. VSTest console logger, verbosity normal/detailed (what scripts/test.sh uses),
#    one block per assembly; a count of 0 is left out:
#      Test Run Failed.
#      Total tests: 12
#           Passed: 11
#           Failed: 1
#          Skipped: 0
#       Total time: 1.2 Seconds
#    Blocks of assemblies run in parallel may interleave, so a count line is
#    only taken while the announced "Total tests" have not all been accounted for.
#
# 3. Microsoft.Testing.Platform mode ("Test run summary:" then indented
#    "failed: N", "succeeded: N", "skipped: N" lines).

{
  gsub(/\r/, "")
  gsub(/\033\[[0-9;]*[A-Za-z]/, "")
}

# Format 1.
/^[[:space:]]*(Passed|Failed|Skipped)![[:space:]]+-[[:space:]]+Failed:[[:space:]]+[0-9]+,/ {
  line = $0
  gsub(/,/, " ", line)
  n = split(line, w, /[[:space:]]+/)
  for (i = 1; i < n; i++) {
    if (w[i] == "Failed:") failed += w[i + 1]
    else if (w[i] == "Passed:") passed += w[i + 1]
    else if (w[i] == "Skipped:") skipped += w[i + 1]
  }
  next
}

# Format 2.
/^[[:space:]]*Total tests:[[:space:]]+[0-9]+[[:space:]]*$/ {
  pending += $3
  next
}
pending > 0 && /^[[:space:]]*(Passed|Failed|Skipped):[[:space:]]+[0-9]+[[:space:]]*$/ {
  if ($1 == "Passed:") passed += $2
  else if ($1 == "Failed:") failed += $2
  else skipped += $2
  pending -= $2
  next
}

# Format 3.
/^[[:space:]]*Test run summary:/ { mtp = 1; next }
mtp && /^[[:space:]]+(failed|succeeded|skipped):[[:space:]]+[0-9]+[[:space:]]*$/ {
  if ($1 == "succeeded:") passed += $2
  else if ($1 == "failed:") failed += $2
  else skipped += $2
  next
}
mtp && /^[[:space:]]+[a-z]+:/ { next }
{ mtp = 0 }

END { printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped }
