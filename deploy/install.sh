#!/bin/sh
# deploy/install.sh [PREFIX]: install the kiosk on a Debian 12 machine (as root). Idempotent.
# docs/deploy.md explains every step; this script only does them.
set -eu
PREFIX=${1:-/opt/kiosk}
SRC=$(cd "$(dirname "$0")/.." && pwd)
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 1; }

# 1. packages: the compositor, Python, Qt's runtime libraries (the Makefile's list)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cage python3-venv make git >/dev/null

# 2. users: the kiosk (seat, serial ports, GPU) and the hall console, no password, no shell
id kiosk >/dev/null 2>&1 || useradd --system --home-dir /var/lib/kiosk --shell /usr/sbin/nologin \
  --groups dialout,video,render,input kiosk
id kiosk-hall >/dev/null 2>&1 || useradd --system --home-dir /var/lib/kiosk-hall --shell /usr/sbin/nologin kiosk-hall

# 3. the program: a copy of the checkout with its own virtual environment
if [ "$SRC" != "$PREFIX" ]; then
  mkdir -p "$PREFIX"
  (cd "$SRC" && git ls-files -z | xargs -0 tar cf -) | (cd "$PREFIX" && tar xf -)
fi
make -C "$PREFIX" setup
chown -R root:root "$PREFIX"

# 4. configuration (kept when it exists)
install -d -m 0755 /etc/kiosk
[ -e /etc/kiosk/kiosk.toml ] || install -m 0644 "$PREFIX/deploy/kiosk.toml" /etc/kiosk/kiosk.toml

# 5. units, PAM, journald: /opt/kiosk in the units is replaced by PREFIX
for unit in kiosk.service kiosk-hall.service kiosk-idle-restart.service kiosk-idle-restart.timer \
            kiosk-journal-check.service kiosk-journal-check.timer; do
  sed "s#/opt/kiosk#$PREFIX#g" "$PREFIX/deploy/$unit" > "/etc/systemd/system/$unit"
done
install -m 0644 "$PREFIX/deploy/pam.d/kiosk" /etc/pam.d/kiosk
install -d /etc/systemd/journald.conf.d
install -m 0644 "$PREFIX/deploy/journald-kiosk.conf" /etc/systemd/journald.conf.d/kiosk.conf
systemctl restart systemd-journald

# 6. boot into the kiosk: no display manager, no getty on tty1
systemctl daemon-reload
systemctl set-default graphical.target
systemctl disable --now getty@tty1.service 2>/dev/null || true
systemctl enable kiosk.service kiosk-idle-restart.timer kiosk-journal-check.timer
echo "installed in $PREFIX; edit /etc/kiosk/kiosk.toml, then: systemctl start kiosk.service"
