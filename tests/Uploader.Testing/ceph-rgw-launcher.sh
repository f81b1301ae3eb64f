#!/bin/bash
# Started by CephRgwServer.cs: a one-node Ceph (one monitor, one OSD on memstore, so no disk) and radosgw on
# 127.0.0.1, with authentication off inside the cluster and one S3 user. Like s3rver-launcher.js it lives only
# while its parent holds its stdin open: when the test process ends in any way, the daemons are killed and the
# folder removed (a test process killed during the ~10 s of set-up is noticed once set-up ends).
# Usage: ceph-rgw-launcher.sh FOLDER MON_PORT RGW_PORT ACCESS_KEY SECRET_KEY
set -euo pipefail
dir=$1 mon_port=$2 rgw_port=$3 access_key=$4 secret_key=$5
pids=()

stop() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap stop EXIT
# set -e exits silently: name the step that failed, and show the daemons' last log lines, so a failed start explains itself.
trap 'echo "ceph-rgw-launcher: line $LINENO failed (exit $?): $BASH_COMMAND" >&2; tail -n 5 "$dir"/log/*.log >&2 2>/dev/null || true' ERR

mkdir -p "$dir"/run "$dir"/log "$dir"/mon.a "$dir"/osd.0 "$dir"/rgw
fsid=$(cat /proc/sys/kernel/random/uuid)
conf=$dir/ceph.conf
cat > "$conf" <<CONF
[global]
fsid = $fsid
mon host = v1:127.0.0.1:$mon_port
auth cluster required = none
auth service required = none
auth client required = none
ms bind msgr2 = false
public network = 127.0.0.0/8
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd crush chooseleaf type = 0
mon allow pool size one = true
mon max pg per osd = 1000
mon warn on pool no redundancy = false
osd objectstore = memstore
memstore device bytes = 1073741824
run dir = $dir/run
log file = $dir/log/\$name.log
admin socket = $dir/run/\$name.asok
osd data = $dir/osd.\$id
mon data = $dir/mon.\$id
keyring = $dir/keyring
[client.rgw]
rgw frontends = beast endpoint=127.0.0.1:$rgw_port
rgw data = $dir/rgw
CONF

ceph-authtool --create-keyring "$dir/keyring" --gen-key -n mon. --cap mon 'allow *' > /dev/null
monmaptool --create --add a "v1:127.0.0.1:$mon_port" --fsid "$fsid" "$dir/monmap" > /dev/null
ceph-mon --mkfs -i a --monmap "$dir/monmap" -c "$conf" --keyring "$dir/keyring"
ceph-mon -f -i a -c "$conf" < /dev/null & pids+=($!)
# A monitor still starting up answers commands with EPERM: wait until it serves one.
timeout 60 bash -c "until ceph -c '$conf' -s > /dev/null 2>&1; do sleep 0.2; done"
osd=$(timeout 60 ceph -c "$conf" osd create)
ceph-osd -i "$osd" --mkfs -c "$conf" 2> /dev/null
ceph-osd -f -i "$osd" -c "$conf" < /dev/null 2> /dev/null & pids+=($!)
timeout 60 ceph -c "$conf" osd crush add "osd.$osd" 1.0 host=localhost root=default > /dev/null 2>&1
radosgw -f -c "$conf" -n client.rgw < /dev/null & pids+=($!)
timeout 60 radosgw-admin -c "$conf" -n client.admin user create --uid tests --display-name tests \
  --access-key "$access_key" --secret "$secret_key" > /dev/null
timeout 60 bash -c "until curl -sf -o /dev/null http://127.0.0.1:$rgw_port/; do sleep 0.2; done"
echo "ceph-rgw-launcher: listening on port $rgw_port"

cat > /dev/null
