# Port helpers for the scripts that start their own nats-server and daemon; sourced, not run.

# Ports are picked below the kernel's ephemeral range, which the daemon's own client connections
# draw from: a port picked there can be taken by one of them before the daemon binds it.
EPHEMERAL_LOW="$(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)"
(( EPHEMERAL_LOW > 11000 )) || EPHEMERAL_LOW=32768

# Prints a port nothing listens on, other than any given as arguments.
free_port() {
  local port taken
  while :; do
    port=$((10000 + RANDOM % (EPHEMERAL_LOW - 10000)))
    for taken in "$@"; do [[ "$port" == "$taken" ]] && continue 2; done
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
}

# Waits up to 30 s for port $1 of process $3, whose log is $2; on failure shows the log (which the
# caller's cleanup may remove) and exits.
wait_port() {
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "${0##*/}: the process that should listen on port $1 exited; its log:" >&2
      tail -n 40 "$2" | sed 's/^/  /' >&2
      exit 1
    fi
    sleep 0.1
  done
  echo "${0##*/}: nothing listens on port $1 after 30 s; the log so far:" >&2
  tail -n 40 "$2" | sed 's/^/  /' >&2
  exit 1
}
