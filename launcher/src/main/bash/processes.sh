# What ./ledger knows about its processes, in bash so that a check costs no JVM.
# Sourced by ./ledger and by launcher/src/test/.../ProcessesScriptTest.java.

# running PIDFILE TAG...: the PID file names a live process (not a zombie) whose command line has
# every TAG as one of its arguments. A PID file alone proves nothing: a killed process stays a
# zombie until reaped (for good if PID 1 does not reap), and after a reboot its PID may be reused.
running() {
  local file=$1 pid
  shift
  [ -f "$file" ] && pid=$(head -c 32 "$file" 2>/dev/null) || return 1
  pid=${pid//[[:space:]]/}
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  if [ -d /proc/self ]; then
    running_proc "$pid" "$@"
  else
    running_ps "$pid" "$@"
  fi
}

running_proc() {
  local pid=$1 stat state arg tag found
  shift
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  state=${stat##*) }   # the command name in parentheses may hold spaces; the state follows it
  state=${state%% *}
  case $state in Z|X|x|'') return 1 ;; esac
  local -a args=()
  while IFS= read -r -d '' arg; do args+=("$arg"); done <"/proc/$pid/cmdline" 2>/dev/null || return 1
  for tag in "$@"; do
    found=no
    for arg in "${args[@]}"; do [ "$arg" = "$tag" ] && { found=yes; break; }; done
    [ $found = yes ] || return 1
  done
}

# Without /proc (macOS): ps shows the state and the arguments joined by spaces.
running_ps() {
  local pid=$1 line tag
  shift
  line=$(ps -p "$pid" -o stat= -o args= 2>/dev/null) || return 1
  line=${line#"${line%%[![:space:]]*}"}
  case $line in Z*|'') return 1 ;; esac
  for tag in "$@"; do
    case " $line " in *" $tag "*) ;; *) return 1 ;; esac
  done
}

# listening PORT: something accepts connections on localhost:PORT.
listening() {
  (exec 3<>"/dev/tcp/localhost/$1") 2>/dev/null
}

# healthy PORT: http://localhost:PORT/actuator/health answers 200 with status UP (curl if there
# is one, else plain HTTP/1.0 over bash's /dev/tcp).
healthy() {
  local body
  if command -v curl >/dev/null 2>&1; then
    body=$(curl -fsS -m 2 "http://localhost:$1/actuator/health" 2>/dev/null) || return 1
  else
    body=$(http_get "$1" /actuator/health) || return 1
  fi
  [[ $body == *'"UP"'* ]]
}

http_get() {
  (
    exec 3<>"/dev/tcp/localhost/$1" || exit 1
    printf 'GET %s HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
    IFS= read -r -t 2 status <&3 || exit 1
    [[ $status == HTTP/1.?' 200'* ]] || exit 1
    IFS= read -r -t 2 -d '' body <&3
    printf '%s' "${body#*$'\r\n\r\n'}"
  ) 2>/dev/null
}

# failure_cause LOG: why a start failed, in one line, from its log (the trace stays in the log):
# a port in use, else the launcher's own "ledger:" line, else Spring Boot's failure description,
# else the last "Caused by", else the log's last line.
failure_cause() {
  local log=$1 line=""
  [ -f "$log" ] || { echo "no log at $log"; return; }
  line=$(grep -a -o -m1 -E 'could not bind [^:]*: Address already in use|Port [0-9]+ was already in use' "$log" | tail -n 1)
  [ -n "$line" ] || line=$(grep -a '^ledger: ' "$log" | tail -n 1 | sed 's/^ledger: //')
  [ -n "$line" ] || line=$(awk '/^Description:/ {take=1; next} take && NF {print; exit}' "$log")
  [ -n "$line" ] || line=$(grep -a '^Caused by: ' "$log" | tail -n 1 | sed 's/^Caused by: //')
  [ -n "$line" ] || line=$(grep -a -v '^[[:space:]]*at ' "$log" | grep -a . | tail -n 1)
  printf '%s\n' "${line:0:400}"
}
