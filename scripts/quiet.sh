#!/usr/bin/env bash
# Runs a command and shows its output only if it fails: `make` stays quiet when all is well.
out=$("$@" 2>&1)
status=$?
if [ $status -ne 0 ]; then
  echo "$out" | grep -vE '^\s*$' >&2
fi
exit $status
