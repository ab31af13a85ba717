# The --meta profile (sourced by e2e.sh; uses fio.sh's ganesha_start/stop): metadata-heavy
# work of the kernel client inside a mount, timed by wall clock, for knfsd, NFS-Ganesha (VFS,
# TCP only) and nfsrdma, at META_VERSIONS (3 4.1) x META_TRANSPORTS (rdma tcp).
#
# Per mount, one after another in a fresh directory of the export:
#   copy     cp -R of a source tree (META_TREE_FILES files of /usr/include, plus the C project;
#            not cp -a: preserving the mode sets a POSIX ACL, which an NFSv3 mount sends by
#            NFSACL, and Ganesha's failure there made every file an EIO)
#   git_add  git init + git add -A of that tree (hashes and writes one object per file)
#   commit   git commit (tree objects, refs)
#   status   git status --porcelain after the client's caches are dropped (every file stat'd
#            through the mount, the index read and checked)
#   build    make -j2 of the C project in the tree (META_C_FILES generated .c files sharing
#            META_C_HEADERS headers: every compile opens the headers through the mount)
#   rm       rm -rf of the tree
# One JSON per mount in $OUT/meta/<server>-v<vers>-<proto>.json; meta-report.py prints the
# table and the ratios (nfsrdma / Ganesha, nfsrdma / knfsd) to $OUT/meta-summary.{txt,json}.
# TCG makes every figure slow; the sizes are chosen so that the profile runs in ~30-45 min.

: "${META_SERVERS:=knfsd ganesha nfsrdma}"
: "${META_VERSIONS:=3 4.1}"
: "${META_TRANSPORTS:=rdma tcp}"
: "${META_TREE_FILES:=400}"      # files of /usr/include in the tree
: "${META_C_FILES:=24}"          # generated .c files of the C project
: "${META_C_HEADERS:=8}"         # generated headers, each included by every .c file
: "${META_SRC:=/tmp/meta/src}"

meta_prepare_src() {
  rm -rf "$META_SRC"; mkdir -p "$META_SRC/inc" "$META_SRC/cproj/include"
  # real, small, nested files: the first META_TREE_FILES of /usr/include (sorted: stable)
  (cd /usr/include && find . -type f | LC_ALL=C sort | head -n "$META_TREE_FILES" |
     tar -cf - -T - | tar -C "$META_SRC/inc" -xf -) || return 1
  local h c i hdrs=
  for h in $(seq "$META_C_HEADERS"); do
    {
      echo "#ifndef H$h"; echo "#define H$h"; echo "#include <stddef.h>"
      for i in $(seq 12); do echo "static inline size_t h${h}_f$i(size_t x) { return x * $i + $h; }"; done
      echo "struct h${h}_s { int a[$h]; size_t n; };"
      echo "#endif"
    } > "$META_SRC/cproj/include/h$h.h"
    hdrs="$hdrs h$h.h"
  done
  for c in $(seq "$META_C_FILES"); do
    {
      for h in $hdrs; do echo "#include \"$h\""; done
      echo "#include <stdio.h>"
      for i in $(seq 10); do
        echo "size_t c${c}_g$i(size_t x) { struct h1_s s = {{0}, x}; return h1_f$i(s.n) + h${META_C_HEADERS}_f$i(x) + $c; }"
      done
      [ "$c" = 1 ] && echo "int main(void) { printf(\"%zu\\n\", c1_g1(1)); return 0; }"
    } > "$META_SRC/cproj/c$c.c"
  done
  cat > "$META_SRC/cproj/Makefile" <<'EOF'
SRCS := $(wildcard c*.c)
OBJS := $(SRCS:.c=.o)
CFLAGS := -O1 -Iinclude -MMD -MP
prog: $(OBJS)
	$(CC) -o $@ $(OBJS)
%.o: %.c
	$(CC) $(CFLAGS) -c -o $@ $<
-include $(OBJS:.o=.d)
clean:
	rm -f prog *.o *.d
EOF
  git config --global user.email e2e@guest; git config --global user.name e2e
  git config --global safe.directory '*'; git config --global init.defaultBranch main
  echo "src: $(find "$META_SRC" -type f | wc -l) files, $(find "$META_SRC" -type d | wc -l) dirs, $(du -sh "$META_SRC" | cut -f1)"
  # the build works here (local disk): a broken generator must not look like a slow server
  make -s -C "$META_SRC/cproj" -j2 && "$META_SRC/cproj/prog" && make -s -C "$META_SRC/cproj" clean
}

# meta_step NAME CMD...: run CMD, append "NAME milliseconds" to $META_TIMES; fails with CMD
meta_step() {
  local name=$1 t0 t1 rc; shift
  t0=$(date +%s%N)
  "$@"; rc=$?
  t1=$(date +%s%N)
  echo "$name $(( (t1 - t0) / 1000000 ))" >> "$META_TIMES"
  echo "step $name: rc $rc, $(( (t1 - t0) / 1000000 )) ms"
  return $rc
}
meta_status_cold() {
  sync; echo 3 > /proc/sys/vm/drop_caches
  local out; out=$(git -C "$1" status --porcelain) || return 1
  [ -z "$out" ] || { echo "git status not clean:"; echo "$out" | head; return 1; }
}
meta_run() {  # SERVER PROTO VERS: the steps in $MNT, JSON to $OUT/meta
  local server=$1 proto=$2 vers=$3 tree=$MNT/meta-tree
  local json=$OUT/meta/$server-v$vers-$proto.json
  META_TIMES=$(mktemp)
  rm -rf "$tree"
  meta_step copy cp -R "$META_SRC" "$tree" &&
  meta_step git_add sh -c "cd '$tree' && git init -q && git add -A" &&
  meta_step commit git -C "$tree" commit -q -m tree &&
  meta_step status meta_status_cold "$tree" &&
  meta_step build make -s -C "$tree/cproj" -j2 &&
  "$tree/cproj/prog" > /dev/null &&
  meta_step rm rm -rf "$tree"
  local rc=$?
  python3 - "$META_TIMES" "$json" "$server" "$vers" "$proto" "$rc" \
      "$(find "$META_SRC" -type f | wc -l)" "$META_C_FILES" <<'PY'
import json, sys
times, out, server, vers, proto, rc, files, cfiles = sys.argv[1:]
steps = {}
for line in open(times):
    k, v = line.split()
    steps[k] = round(int(v) / 1000, 2)
json.dump({"server": server, "vers": vers, "proto": proto, "ok": rc == "0", "files": int(files),
           "c_files": int(cfiles), "seconds": steps}, open(out, "w"))
print(json.dumps(steps))
PY
  rm -f "$META_TIMES"
  return $rc
}
meta_server() {  # SERVER: every version x transport it serves
  local s=$1 p v
  for v in $META_VERSIONS; do
    for p in $META_TRANSPORTS; do
      if [ "$s" = ganesha ] && [ "$p" = rdma ]; then
        say "info: ganesha: no RDMA (Debian's libntirpc is built without it): v$v rdma skipped"
        continue
      fi
      check "$s:v$v:mount_$p" mount_nfs "$s" "$p" "$v" || continue
      check "meta:$s:v$v:$p" meta_run "$s" "$p" "$v"
      umount_nfs
    done
  done
}

p_meta() {
  base_setup || return
  mkdir -p "$OUT/meta"
  check meta_prepare_src meta_prepare_src || return
  local s servers=$META_SERVERS
  [ "$KNFSD_ONLY" = 1 ] && servers=knfsd
  for s in $servers; do
    case $s in
      knfsd)
        fresh_tmpfs "$KNFSD_EXPORT"
        if check knfsd_start knfsd_start; then
          meta_server knfsd
          knfsd_stop > "$LOGS/knfsd_stop.log" 2>&1
        fi
        umount "$KNFSD_EXPORT" ;;
      ganesha)
        fresh_tmpfs "$GANESHA_EXPORT"
        if check ganesha_start ganesha_start; then
          meta_server ganesha
          ganesha_stop
        fi
        umount "$GANESHA_EXPORT" ;;
      nfsrdma)
        fresh_tmpfs "$NFSRDMA_EXPORT"
        if check "nfsrdma:server_start" nfsrdma_start "$FIO_BACKEND"; then
          meta_server nfsrdma
          check "nfsrdma:no_traceback" sh -c "! grep -n Traceback '$OUT/server.log'"
          nfsrdma_stop
        fi ;;
      *) fail "meta:$s" "unknown server (knfsd, ganesha, nfsrdma)" ;;
    esac
  done
  check meta_report python3 "$HERE/meta-report.py" "$OUT/meta" --json "$OUT/meta-summary.json" \
      --txt "$OUT/meta-summary.txt"
}
