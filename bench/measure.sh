# Sourced by the benchmarks. measure NAME CMD... runs CMD with its output in $OUT/NAME.out under
# GNU time and prints "wall_seconds peak_rss_kb cpu_seconds" (user + system: what the program
# itself used, which moves less than wall time when other work shares the cores).
measure() {
  local name=$1; shift
  /usr/bin/time -v -o "$OUT/$name.time" "$@" > "$OUT/$name.out"
  local wall rss user sys
  wall=$(grep "Elapsed (wall clock)" "$OUT/$name.time" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$OUT/$name.time" | awk '{print $NF}')
  user=$(grep "User time" "$OUT/$name.time" | awk '{print $NF}')
  sys=$(grep "System time" "$OUT/$name.time" | awk '{print $NF}')
  python3 -c "
w='$wall'.split(':'); s=sum(float(x)*60**i for i,x in enumerate(reversed(w)))
print(f'{s:.2f} {$rss} {$user + $sys:.2f}')"
}
