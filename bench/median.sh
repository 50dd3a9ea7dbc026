# Sourced by the bench scripts. median CMD…: "WALL CPU", the medians over $RUNS runs of
# the command (CPU = user + sys; on a busy machine wall time is mostly waiting, CPU
# time is what the program itself costs).
median() {
  local t walls=() cpus=()
  for ((r = 0; r < RUNS; r++)); do
    t=$( { TIMEFORMAT='%R %U %S'; time "$@" >/dev/null 2>&1; } 2>&1 )
    walls+=("$(awk '{print $1}' <<<"$t")")
    cpus+=("$(awk '{print $2 + $3}' <<<"$t")")
  done
  local mid='{a[NR]=$1} END {print a[int((NR+1)/2)]}'
  echo "$(printf '%s\n' "${walls[@]}" | sort -n | awk "$mid") $(printf '%s\n' "${cpus[@]}" | sort -n | awk "$mid")"
}
