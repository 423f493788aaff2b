#!/usr/bin/env bash
# Mounts the root of the EFS file system FILE_SYSTEM_ID at EFS_MOUNT with TLS, acting as the
# build's role (amazon-efs-utils: mount -t efs -o tls,iam), and installs the mount helper first
# when the image has none.
#
# Why the build mounts it and not CodeBuild: CodeBuild's own EFS mount (the project's
# fileSystemLocations) is plain NFSv4.1, without TLS and without an IAM identity, and the file
# system's policy refuses both. mount(2) in a build container needs privileged mode.
#
# Environment:
#   FILE_SYSTEM_ID   the file system, e.g. fs-0123abcd
#   EFS_MOUNT        where to mount its root, e.g. /mnt/efs
#   AWS_REGION       the file system's region (CodeBuild sets it)
#   AWS_CONTAINER_CREDENTIALS_RELATIVE_URI  where the build role's credentials are served in the
#                    container (CodeBuild sets it); the mount helper signs with them, and its
#                    watchdog renews the TLS client certificate with them
#   EFS_MOUNT_WAIT_SECONDS  optional, how long to keep retrying (default 120: a new mount
#                    target's DNS name can take 90 s to resolve, and a new policy to apply)
#   EFS_UTILS_CONFIG optional, the mount helper's configuration file
set -euo pipefail

# The last release whose mount helper is Python and stunnel only: it builds into a .deb in
# seconds. Later releases add a Rust proxy whose build needs a toolchain the image lacks.
# Fetched by commit, so the tag cannot move under us.
EFS_UTILS_VERSION=1.36.0
EFS_UTILS_COMMIT=c87d19f3e1db26532f09a7fed338347aacb90e10
EFS_UTILS_REPOSITORY=https://github.com/aws/efs-utils.git
EFS_UTILS_CONFIG="${EFS_UTILS_CONFIG:-/etc/amazon/efs/efs-utils.conf}"
RETRY_SECONDS=5

fail() {
  echo "mount_efs: $*" >&2
  exit 1
}

for name in FILE_SYSTEM_ID EFS_MOUNT AWS_REGION AWS_CONTAINER_CREDENTIALS_RELATIVE_URI; do
  if [ -z "${!name:-}" ]; then
    fail "$name is not set; expected FILE_SYSTEM_ID and EFS_MOUNT from the project, AWS_REGION and" \
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI (the build role's credentials) from CodeBuild"
  fi
done
wait_seconds="${EFS_MOUNT_WAIT_SECONDS:-120}"
case "$wait_seconds" in ''|*[!0-9]*) fail "EFS_MOUNT_WAIT_SECONDS is '$wait_seconds'; expected a whole number of seconds" ;; esac

# The Deep Learning Containers are Ubuntu; AWS publishes no .deb of the helper, only the source
# and its build-deb.sh. See https://docs.aws.amazon.com/efs/latest/ug/installing-amazon-efs-utils.html
install_efs_utils() {
  echo "installing amazon-efs-utils $EFS_UTILS_VERSION (commit $EFS_UTILS_COMMIT)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q --no-install-recommends git binutils ca-certificates nfs-common stunnel4 openssl util-linux
  local checkout
  checkout="$(mktemp -d)"
  git -C "$checkout" init -q
  git -C "$checkout" fetch -q --depth 1 "$EFS_UTILS_REPOSITORY" "$EFS_UTILS_COMMIT"
  git -C "$checkout" checkout -q FETCH_HEAD
  (cd "$checkout" && ./build-deb.sh > build-deb.log 2>&1) \
    || fail "building amazon-efs-utils $EFS_UTILS_VERSION failed: $(tail -5 "$checkout/build-deb.log")"
  apt-get install -y -q "$checkout/build/amazon-efs-utils-$EFS_UTILS_VERSION-1_all.deb"
}

if command -v mount.efs > /dev/null; then
  echo "using the image's mount helper $(command -v mount.efs)"
else
  install_efs_utils
  command -v mount.efs > /dev/null || fail "amazon-efs-utils $EFS_UTILS_VERSION is installed but mount.efs is not on PATH ($PATH)"
fi

# Without instance metadata in a build container, the helper learns the region only from its
# configuration file.
if [ -f "$EFS_UTILS_CONFIG" ] && ! grep -q "^region = $AWS_REGION\$" "$EFS_UTILS_CONFIG"; then
  sed -i "s/^#\{0,1\}region = .*/region = $AWS_REGION/" "$EFS_UTILS_CONFIG"
  grep -q "^region = $AWS_REGION\$" "$EFS_UTILS_CONFIG" \
    || fail "could not set region = $AWS_REGION in $EFS_UTILS_CONFIG; expected its [mount] section to have a region line"
fi

mkdir -p "$EFS_MOUNT"
if mountpoint -q "$EFS_MOUNT"; then
  echo "$EFS_MOUNT is already a mount point; using it"
  exit 0
fi

# awscredsuri: sign with the build role's credentials, as the container serves them.
options="tls,iam,noresvport,awscredsuri=$AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"
waited=0
until error="$(mount -t efs -o "$options" "$FILE_SYSTEM_ID:/" "$EFS_MOUNT" 2>&1)"; do
  if [ "$waited" -ge "$wait_seconds" ]; then
    fail "could not mount EFS file system $FILE_SYSTEM_ID at $EFS_MOUNT with TLS as the build role" \
      "(mount -t efs -o tls,iam) within ${wait_seconds} s; the last attempt said: ${error:-nothing}." \
      "Check that $FILE_SYSTEM_ID has a mount target in the build's subnets, that the build security group" \
      "is admitted on NFS (2049), that the file-system policy grants the build role ClientMount, ClientWrite" \
      "and ClientRootAccess, and that the project runs in privileged mode"
  fi
  echo "EFS file system $FILE_SYSTEM_ID not mountable yet (${waited} s): ${error:-no message}; retrying"
  sleep "$RETRY_SECONDS"
  waited=$((waited + RETRY_SECONDS))
done
mountpoint -q "$EFS_MOUNT" \
  || fail "mount -t efs of $FILE_SYSTEM_ID succeeded but $EFS_MOUNT is not a mount point; expected the file system there"

# The helper starts its watchdog (TLS certificate renewal, tunnel restarts) only under an init
# system, which a build container lacks; a build may outlive the 3-hour client certificate.
if command -v amazon-efs-mount-watchdog > /dev/null; then
  nohup amazon-efs-mount-watchdog > /dev/null 2>&1 &
fi
echo "mounted EFS file system $FILE_SYSTEM_ID at $EFS_MOUNT with TLS as the build role"
