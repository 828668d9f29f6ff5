# Sourced by benchmark scripts: prints a one-line description of this machine and the date.
polyculture_machine_line() {
  local cpu cores mem
  cpu=$(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//')
  cores=$(nproc 2>/dev/null || echo '?')
  mem=$(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo 2>/dev/null)
  echo "$(date -u +%Y-%m-%d), ${cpu:-unknown CPU}, ${cores} cores, ${mem}, $(java -version 2>&1 | head -n 1)"
}
