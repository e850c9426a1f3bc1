# Prints, for each failed test in a `dotnet test` log (console logger, verbosity
# normal), its name and the first lines of its error message, so the reason for
# a red run is in the last screen of output (CI keeps only the tail).
#
# Usage: awk -f scripts/lib/test-failures.awk LOGFILE

{
  gsub(/\r/, "")
  gsub(/\033\[[0-9;]*[A-Za-z]/, "")
}

# "  Failed Some.Test.Name [12 ms]" starts a failure block.
/^[[:space:]]+Failed [^[:space:]]+.*\[[^]]+\][[:space:]]*$/ {
  print "FAILED:" substr($0, index($0, "Failed ") + 6)
  shown = 0
  inblock = 1
  next
}
# Keep the error message, not the stack trace, and at most 15 lines of it.
inblock && /^[[:space:]]+Stack Trace:/ { inblock = 0; next }
inblock && /^[[:space:]]+(Passed|Failed|Skipped) / { inblock = 0; next }
inblock && shown < 15 { print "  " $0; shown++ }
