# libc_root.sh CC ROOT CMD [ARGS...]: runs the dynamically linked executable
# CMD as in a root holding only the C library and libm: copies the libc.so.6
# and libm.so.6 that the C compiler CC links against into the folder ROOT,
# runs CMD through its program interpreter (the dynamic loader) with ROOT as
# the only library path and without the loader's cache, and fails with
# status 127, as such a root would, when the loader loaded any shared library
# from elsewhere (it still searches the system's default folders, so its
# debug output is checked for that). CMD's stdout passes through; its stderr
# goes to ROOT/stderr.txt.
cc=$1 root=$2 exe=$3
shift 3
mkdir -p "$root" || exit 1
cp "$("$cc" -print-file-name=libc.so.6)" "$("$cc" -print-file-name=libm.so.6)" "$root/" || exit 1
root="$(cd "$root" && pwd)"
loader="$(readelf -l "$exe" | sed -n 's/.*program interpreter: \(.*\)]$/\1/p')"
if [ -z "$loader" ]; then
  echo "libc_root.sh: $exe names no program interpreter" >&2
  exit 1
fi
LD_DEBUG=libs LD_DEBUG_OUTPUT="$root/loader" \
  "$loader" --inhibit-cache --library-path "$root" "$exe" "$@" 2>"$root/stderr.txt"
status=$?
# Every library the loader initialized: itself, or one in ROOT.
foreign="$(cat "$root"/loader.* | sed -n 's/.*calling init: //p' | grep -v -e "^$root/" -e "^$loader\$")"
rm -f "$root"/loader.*
if [ -n "$foreign" ]; then
  echo "libc_root.sh: $exe loaded libraries from outside the root: $foreign" >&2
  exit 127
fi
exit $status
