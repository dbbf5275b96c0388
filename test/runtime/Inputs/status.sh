# status.sh EXPECTED CMD [ARGS...]: runs CMD and succeeds iff its exit status
# is EXPECTED. CMD's stdout and stderr pass through; on a mismatch a line on
# stderr says what the status was.
expected=$1
shift
"$@"
status=$?
if [ "$status" -ne "$expected" ]; then
  echo "status.sh: '$*' exited with $status, expected $expected" >&2
  exit 1
fi
exit 0
