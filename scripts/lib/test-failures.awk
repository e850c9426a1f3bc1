# Prints, for each failed test in a `dotnet test` log (console logger, verbosity
# normal), its name and the first lines of its error message, then the first
# requests a host under test failed with an unhandled exception (a green run has
# none; a 500 is otherwise unexplained), so the reason for a red run is in the
# last screen of output (CI keeps only the tail).
#
# Usage: awk -f scripts/lib/test-failures.awk LOGFILE

{
  gsub(/\r/, "")
  gsub(/\033\[[0-9;]*[A-Za-z]/, "")
}

# An unhandled request exception: keep its first lines for the end.
/^fail: Microsoft\.AspNetCore\.Diagnostics\.ExceptionHandlerMiddleware/ { unhandled++; incrash = (unhandled <= 3) ? 12 : 0; next }
# The entry ends at the next log entry or test result; its lines may belong to a failure block too.
incrash > 0 && (/^[a-z]+: / || /^[[:space:]]+(Passed|Failed|Skipped) /) { incrash = 0 }
incrash > 0 { crash = crash "  " $0 "\n"; incrash-- }

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

END {
  if (unhandled > 0) {
    printf "UNHANDLED request exceptions in the hosts under test: %d; the first:\n%s", unhandled, crash
  }
}
