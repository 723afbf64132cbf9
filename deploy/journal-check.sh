#!/bin/sh
# journal-check.sh LIMIT PERCENT: warn when the journal uses PERCENT of LIMIT (e.g. 8G 75).
set -eu
limit=$(numfmt --from=iec "$1")
percent=$2
used=$(journalctl --disk-usage 2>/dev/null | grep -o '[0-9.]*[KMGT]\?B\?' | head -n 1 | sed 's/B$//')
used=$(numfmt --from=iec "${used:-0}")
if [ $((used * 100)) -ge $((limit * percent)) ]; then
  echo "journal uses $used of $limit bytes (>= $percent %): raise SystemMaxUse or archive, or the oldest entries go" \
    | systemd-cat -t kiosk-journal-check -p err
  exit 1
fi
echo "journal uses $used of $limit bytes" | systemd-cat -t kiosk-journal-check -p info
