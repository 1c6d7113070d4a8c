# shellcheck shell=bash
# Sourced by scripts/bench-netns.sh: the table on stdout and the markdown
# fragment (bench/results-netns.md by default) with the machine, the date and
# the exact command of every row.

# Per mode, set by the main script: description and client command.
declare -A BENCH_MODE_PATH=()
declare -A BENCH_MODE_CMD=()
declare -A BENCH_MODE_SKIPPED=()  # mode -> why it was not measured

bench_mode_label() {
  case $1 in
    plain) echo "plain TCP" ;;
    wg) echo "wireguard-go" ;;
    hip) echo "hipstack (raw ESP)" ;;
    hip-udp) echo "hipstack (ESP in UDP)" ;;
    *) echo "$1" ;;
  esac
}

# Median of a mode, or empty when it has no runs.
bench_mode_median() {
  local med _lo _hi n
  read -r med _lo _hi n _ <<<"$(bench_throughput_summary "$1")"
  [ "$n" -gt 0 ] && echo "$med"
}

bench_ratio() {
  local a b
  a=$(bench_mode_median "$1") b=$(bench_mode_median "$2")
  [ -n "$a" ] && [ -n "$b" ] && awk -v a="$a" -v b="$b" 'BEGIN { if (b > 0) printf "%.3f", a / b }'
}

bench_report_throughput_text() {
  local mode
  printf '%-22s %9s %17s %4s %12s %12s %11s %8s %15s\n' mode "Gbit/s" "min-max" runs "iperf3 s/GB" \
    "tunnel s/GB" "total s/GB" retrans "drops TUN/UDP"
  for mode in $MODES; do
    if [ -n "${BENCH_MODE_SKIPPED[$mode]:-}" ]; then
      printf '%-22s skipped: %s\n' "$(bench_mode_label "$mode")" "${BENCH_MODE_SKIPPED[$mode]}"
      continue
    fi
    local med lo hi n cpu_c cpu_s cpu_t re qd ud
    read -r med lo hi n cpu_c cpu_s cpu_t re qd ud <<<"$(bench_throughput_summary "$mode")"
    if [ "$n" -eq 0 ]; then
      printf '%-22s no successful run\n' "$(bench_mode_label "$mode")"
      continue
    fi
    printf '%-22s %9.3f %17s %4d %12.2f %12s %11.2f %8d %15s\n' "$(bench_mode_label "$mode")" "$med" \
      "$(printf '%.3f-%.3f' "$lo" "$hi")" "$n" "$(awk -v c="$cpu_c" -v s="$cpu_s" 'BEGIN{print c+s}')" \
      "$([ "$mode" = plain ] && echo - || echo "$cpu_t")" \
      "$(awk -v c="$cpu_c" -v s="$cpu_s" -v t="$cpu_t" 'BEGIN{print c+s+t}')" "$re" \
      "$([ "$mode" = plain ] && echo "-/$ud" || echo "$qd/$ud")"
  done
  local pair r
  for pair in hip/plain hip/wg hip-udp/wg wg/plain; do
    r=$(bench_ratio "${pair%/*}" "${pair#*/}") || true
    [ -n "$r" ] && printf '%-22s = %s (ratio of medians)\n' "${pair/wg/wireguard-go}" "$r"
  done
  return 0
}

bench_report_throughput_md() {
  local mode
  echo "| mode | path | Gbit/s median | min–max | runs | CPU s/GB iperf3 (client + server) | CPU s/GB tunnel (both ends) | TCP retransmits | drops: TUN queue / UDP rcvbuf | command |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for mode in $MODES; do
    local label path cmd
    label=$(bench_mode_label "$mode") path=${BENCH_MODE_PATH[$mode]:-} cmd=${BENCH_MODE_CMD[$mode]:-}
    if [ -n "${BENCH_MODE_SKIPPED[$mode]:-}" ]; then
      echo "| $label | $path | skipped: ${BENCH_MODE_SKIPPED[$mode]} | | | | | | | |"
      continue
    fi
    local med lo hi n cpu_c cpu_s cpu_t re qd ud
    read -r med lo hi n cpu_c cpu_s cpu_t re qd ud <<<"$(bench_throughput_summary "$mode")"
    if [ "$n" -eq 0 ]; then
      echo "| $label | $path | no successful run | | | | | | | \`$cmd\` |"
      continue
    fi
    printf '| %s | %s | %.3f | %.3f–%.3f | %d | %.2f + %.2f | %s | %d | %s | `%s` |\n' "$label" "$path" \
      "$med" "$lo" "$hi" "$n" "$cpu_c" "$cpu_s" "$([ "$mode" = plain ] && echo "–" || echo "$cpu_t")" "$re" \
      "$([ "$mode" = plain ] && echo "– / $ud" || echo "$qd / $ud")" "$cmd"
  done
  echo
  local r
  r=$(bench_ratio hip plain) && [ -n "$r" ] && echo "- hip / plain: **$r** (ratio of the medians)"
  r=$(bench_ratio hip wg) && [ -n "$r" ] && echo "- hip / wireguard-go: **$r**"
  r=$(bench_ratio hip-udp wg) && [ -n "$r" ] && echo "- hip over UDP / wireguard-go: $r"
  r=$(bench_ratio wg plain) && [ -n "$r" ] && echo "- wireguard-go / plain: $r"
  return 0
}

# BEX rows: $BENCH_TMP/bex-<encap>.txt holds one latency in ms a line.
# bench_bex_median ENCAP KIND: median of bex-ENCAP-KIND.txt (KIND r2), or "-".
bench_bex_median() {
  local f="$BENCH_TMP/bex-$1-$2.txt" med _rest
  [ -s "$f" ] || { echo "-"; return; }
  read -r med _rest <<<"$(bench_stats "$f")"
  printf "%.3f" "$med"
}

bench_report_bex_text() {
  local encap
  [ -n "${BENCH_BEX_ENCAPS:-}" ] || return 0
  echo
  printf "%-34s %9s %15s %5s %14s %11s\n" "BEX: first I1 -> both ESTABLISHED" "median ms" "min-max ms" runs "I1->R2 median" "logs agree"
  for encap in $BENCH_BEX_ENCAPS; do
    if [ -n "${BENCH_BEX_SKIPPED[$encap]:-}" ]; then
      printf "%-34s skipped: %s\n" "$encap" "${BENCH_BEX_SKIPPED[$encap]}"
      continue
    fi
    local med lo hi n
    read -r med lo hi n <<<"$(bench_stats "$BENCH_TMP/bex-$encap.txt")"
    if [ "$n" -eq 0 ]; then printf "%-34s no complete run\n" "$encap"; continue; fi
    printf "%-34s %9.3f %15s %5d %14s %11s\n" "$encap" "$med" "$(printf "%.3f-%.3f" "$lo" "$hi")" "$n" \
      "$(bench_bex_median "$encap" r2)" "$(cat "$BENCH_TMP/bex-$encap-logcheck.txt" 2>/dev/null || echo -)"
  done
}

bench_report_bex_md() {
  local encap
  echo "| encapsulation | first I1 → both ESTABLISHED, median ms | min–max ms | runs | I1→R2 median ms | logs agree | command (one run) |"
  echo "|---|---|---|---|---|---|---|"
  for encap in $BENCH_BEX_ENCAPS; do
    if [ -n "${BENCH_BEX_SKIPPED[$encap]:-}" ]; then
      echo "| $encap | skipped: ${BENCH_BEX_SKIPPED[$encap]} | | | | | |"
      continue
    fi
    local med lo hi n
    read -r med lo hi n <<<"$(bench_stats "$BENCH_TMP/bex-$encap.txt")"
    if [ "$n" -eq 0 ]; then echo "| $encap | no complete run | | | | | |"; continue; fi
    printf '| %s | %.3f | %.3f–%.3f | %d | %s | %s | `%s` |\n' "$encap" "$med" "$lo" "$hi" "$n" \
      "$(bench_bex_median "$encap" r2)" "$(cat "$BENCH_TMP/bex-$encap-logcheck.txt" 2>/dev/null || echo -)" "${BENCH_BEX_CMD[$encap]:-}"
  done
}

bench_write_markdown() {
  local out=$1
  mkdir -p "$(dirname "$out")"
  {
    echo "## Network benchmark: two namespaces, one veth"
    echo
    echo "Produced by \`scripts/bench-netns.sh $(bench_display_path "$BUILD_DIR")\` (ROUNDS=$ROUNDS DURATION=$DURATION BEX_RUNS=$BEX_RUNS MODES=\"$MODES\")."
    echo
    echo "- date: $BENCH_DATE"
    echo "$BENCH_FACTS"
    echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "- hipstack: git ${BENCH_GIT_REV:-unknown}; $(iperf3 --version 2>/dev/null | head -1); commands run from the repository root"
    [ -n "${BENCH_WG_NOTE:-}" ] && echo "- wireguard-go: $BENCH_WG_NOTE"
    [ -n "${BENCH_HIP_NOTE:-}" ] && echo "- hipd: $BENCH_HIP_NOTE"
    echo "- veth $BENCH_V4_A/24, $BENCH_V6_A/64 (namespace A) — $BENCH_V4_B/24, $BENCH_V6_B/64 (namespace B), MTU 1500, offloads as the kernel sets them"
    echo "- one TCP stream (iperf3 -c in A, iperf3 -s in B), $DURATION s a run; rounds alternate ${MODES// /, }; Gbit/s as received"
    echo "- drops: packets the tunnels' TUN devices dropped (TX+RX, both namespaces; TX drops are the kernel's queue towards a daemon that does not read fast enough) and UDP receive-buffer overflows (RcvbufErrors, both namespaces), summed over the runs; TCP retransmits are the sender's"
    echo "- CPU: seconds of user + system time per 10^9 bytes received, from bash's \`time\` (client) and /proc/<pid>/stat utime+stime before/after each run (server, tunnel daemons); softirq work is charged to whatever process it interrupts, so these are lower bounds"
    echo
    echo "### TCP throughput"
    echo
    bench_report_throughput_md
    if [ -n "${BENCH_BEX_ENCAPS:-}" ]; then
      echo
      echo "### Base exchange latency"
      echo
      echo "${BENCH_BEX_METHOD:-}"
      echo
      bench_report_bex_md
    fi
    echo
    echo "<details><summary>Set-up commands, in order</summary>"
    echo
    echo '```'
    # Each distinct command once (hipd is restarted between modes).
    sed "s|$BENCH_REPO/||g" "$BENCH_TMP/setup-commands.txt" | awk '!seen[$0]++'
    echo '```'
    echo
    echo "</details>"
    local shown
    for shown in "$BENCH_TMP/hipd-a-raw.toml" "$BENCH_TMP/hipd-a-udp.toml"; do
      [ -f "$shown" ] || continue
      echo
      echo "<details><summary>hipd configuration of namespace A, $(basename "$shown" .toml | sed 's/hipd-a-//') (B's mirrors it)</summary>"
      echo
      echo '```toml'
      cat "$shown"
      echo '```'
      echo
      echo "</details>"
    done
  } >"$out"
  bench_write_raw || bench_log "could not write the raw figures to $BENCH_RAW_OUT"
}

# Machine-readable twin of the report, for scripts/bench-report.py (plots and
# per-round ratios): written only when BENCH_RAW_OUT names a file. Holds every
# throughput run (the columns of throughput.tsv), every base exchange run
# (bex-ENCAP.tsv), the commands, and why a mode or encapsulation was skipped.
bench_write_raw() {
  local out=${BENCH_RAW_OUT:-}
  [ -n "$out" ] || return 0
  mkdir -p "$(dirname "$out")"
  local modes_json="[]" bex_json="[]" mode encap
  for mode in $MODES; do
    modes_json=$(jq -c --arg m "$mode" --arg lbl "$(bench_mode_label "$mode")" \
      --arg path "${BENCH_MODE_PATH[$mode]:-}" --arg cmd "${BENCH_MODE_CMD[$mode]:-}" \
      --arg skipped "${BENCH_MODE_SKIPPED[$mode]:-}" \
      '. + [{mode: $m, label: $lbl, path: $path, command: $cmd,
             skipped: (if $skipped == "" then null else $skipped end)}]' <<<"$modes_json")
  done
  for encap in ${BENCH_BEX_ENCAPS:-}; do
    local runs="$BENCH_TMP/bex-$encap.tsv"
    [ -f "$runs" ] || runs=/dev/null
    bex_json=$(jq -c --arg e "$encap" --arg cmd "${BENCH_BEX_CMD[$encap]:-}" \
      --arg skipped "${BENCH_BEX_SKIPPED[$encap]:-}" --rawfile rows "$runs" \
      '. + [{encap: $e, command: $cmd, skipped: (if $skipped == "" then null else $skipped end),
             runs: ($rows | split("\n") | map(select(length > 0) | split(" ")
                    | {latency_ms: (.[0] | tonumber),
                       i1_to_r2_ms: (if .[1] == "nan" then null else (.[1] | tonumber) end),
                       logs_agree: (.[2] == "1")}))}]' <<<"$bex_json")
  done
  jq -n --arg date "$BENCH_DATE" --arg facts "$BENCH_FACTS" --arg git "${BENCH_GIT_REV:-unknown}" \
    --arg build "$(bench_display_path "$BUILD_DIR")" --arg wg "${BENCH_WG_NOTE:-}" \
    --arg hip "${BENCH_HIP_NOTE:-}" --argjson rounds "$ROUNDS" --argjson duration "$DURATION" \
    --argjson bex_runs "$BEX_RUNS" --arg load_end "$(cut -d' ' -f1-3 /proc/loadavg)" \
    --argjson modes "$modes_json" --argjson bex "$bex_json" \
    --rawfile tp "$BENCH_TMP/throughput.tsv" '
    {date: $date, machine: $facts, load_end: $load_end, git: $git, build: $build,
     wireguard_go: $wg, hipd: $hip, rounds: $rounds, duration_s: $duration, bex_runs: $bex_runs,
     modes: $modes, bex: $bex,
     throughput: ($tp | split("\n") | map(select(length > 0) | split(" ")
       | {mode: .[0], round: (.[1] | tonumber), gbit_s: (.[2] | tonumber), bytes: (.[3] | tonumber),
          client_cpu_s: (.[4] | tonumber), server_cpu_s: (.[5] | tonumber),
          tunnel_cpu_s: (.[6] | tonumber), retransmits: (.[7] | tonumber),
          tun_queue_drops: (.[8] | tonumber), udp_rcvbuf_drops: (.[9] | tonumber)}))}' >"$out"
}
