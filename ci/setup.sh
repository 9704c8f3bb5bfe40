#!/usr/bin/env bash
# Prepare a Debian 12 machine (as root) to build and test branchlab:
#  - install the build/test packages (apt-get update only when needed);
#  - unpack Debian's stock kernel (never installed on the host) into a cache;
#  - build a busybox initramfs for ci/vm-run next to it;
#  - then check that every file branchlab needs at run time is there (charon,
#    its plugins, libvici, the guest kernel, busybox), naming the package
#    that provides a missing one.
# Idempotent: a second run on a ready machine takes about a second.
#
# Environment: BRANCHLAB_CACHE (default /var/cache/branchlab).
set -euo pipefail

CACHE=${BRANCHLAB_CACHE:-/var/cache/branchlab}
PACKAGES=(
	build-essential cmake pkg-config
	libmnl-dev libnl-3-dev libnl-route-3-dev libnl-xfrm-3-dev
	libcyaml-dev libyaml-dev libcmocka-dev python3
	strongswan-charon strongswan-swanctl libcharon-extra-plugins
	libstrongswan-standard-plugins  # charon's openssl and gcm plugins
	iproute2 iputils-ping traceroute kmod
	qemu-system-x86 busybox-static xz-utils
	clang libclang-rt-14-dev cppcheck clang-tidy
	time strace linux-perf  # tests/bench/run.sh: peak memory, syscalls, profile
	graphviz  # graph --format svg and trace --svg run its `dot`
	man-db groff-base  # tests/integration/cli/itest_install.sh renders the man pages
	podman  # tests/integration/cli/itest_container.sh: the lab in a privileged container
	bird2  # control_plane: bird, one BIRD 2 daemon per BGP speaker (docs/bgp.md)
)
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# The charon paths and plugin list branchlab uses, read from this header so
# that the check below cannot drift from the code.
CHARON_H=$REPO/vici/charon.h
# Which Debian 12 package ships each plugin of BL_CHARON_PLUGINS (checked
# with dpkg -S). A plugin missing here is reported without a package: add it.
declare -A PLUGIN_PACKAGE=(
	[openssl]=libstrongswan-standard-plugins [gcm]=libstrongswan-standard-plugins
	[socket-default]=strongswan-libcharon [vici]=strongswan-swanctl
)
for p in random nonce pem pkcs1 x509 revocation constraints pubkey \
	aes sha1 sha2 hmac kdf kernel-netlink; do
	PLUGIN_PACKAGE[$p]=libstrongswan
done
# Modules the initramfs needs to reach the host root over 9p.
INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p)

say() { printf 'setup: %s\n' "$*"; }
die() { printf 'setup: error: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "must run as root (apt-get install, dpkg -x into $CACHE)"
command -v apt-get >/dev/null || die "apt-get not found: ci/setup.sh expects Debian 12"

export DEBIAN_FRONTEND=noninteractive
APT_UPDATED=0

# True when the package lists are missing or older than a day.
lists_stale() {
	local newest
	newest=$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 -print -quit 2>/dev/null)
	[[ -z $newest ]]
}

apt_update() {
	if [[ $APT_UPDATED -eq 0 ]]; then
		say "apt-get update"
		apt-get update -qq
		APT_UPDATED=1
	fi
}

install_packages() {
	local missing=()
	# One dpkg-query for all: unknown packages print nothing and are missing.
	mapfile -t missing < <(comm -23 \
		<(printf '%s\n' "${PACKAGES[@]}" | sort -u) \
		<(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "${PACKAGES[@]}" 2>/dev/null |
			awk '$2 == "installed" { print $1 }' | sort -u))
	if [[ ${#missing[@]} -eq 0 ]]; then
		say "packages: all ${#PACKAGES[@]} already installed"
		return
	fi
	apt_update
	say "installing: ${missing[*]}"
	apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Name of the versioned kernel package behind linux-image-amd64,
# e.g. linux-image-6.1.0-56-amd64.
kernel_package() {
	apt-cache depends linux-image-amd64 2>/dev/null |
		sed -n 's/^ *Depends: \(linux-image-[0-9][^ ]*-amd64\)$/\1/p' | head -n1
}

fetch_kernel() {
	local pkg kver dir tmp deb
	if lists_stale; then apt_update; fi
	pkg=$(kernel_package)
	if [[ -z $pkg && $APT_UPDATED -eq 0 ]]; then
		apt_update
		pkg=$(kernel_package)
	fi
	[[ -n $pkg ]] || die "cannot resolve the package behind linux-image-amd64 (apt-cache depends)"
	kver=${pkg#linux-image-}
	dir=$CACHE/kernel/$kver
	if [[ -f $dir/.unpacked ]]; then
		say "kernel: $kver already unpacked in $dir"
	else
		mkdir -p "$CACHE/kernel"
		tmp=$(mktemp -d "$CACHE/kernel/.download.XXXXXX")
		# apt downloads as its sandbox user, who must own the folder.
		if id _apt >/dev/null 2>&1; then chown _apt "$tmp"; fi
		say "kernel: downloading $pkg"
		(cd "$tmp" && apt-get download -qq "$pkg") ||
			{ rm -rf "$tmp"; die "apt-get download $pkg failed"; }
		deb=$(find "$tmp" -maxdepth 1 -name '*.deb' -print -quit)
		rm -rf "$dir"
		mkdir -p "$dir"
		dpkg -x "$deb" "$dir"
		rm -rf "$tmp"
		[[ -f $dir/boot/vmlinuz-$kver ]] || die "no boot/vmlinuz-$kver in $pkg"
		# modules.dep and friends are built by postinst, which dpkg -x skips.
		depmod -b "$dir" "$kver"
		touch "$dir/.unpacked"
		say "kernel: unpacked $pkg into $dir"
	fi
	ln -sfn "$kver" "$CACHE/kernel/current"
	prune_kernels "$kver"
	build_initramfs "$dir" "$kver"
}

# An unpacked kernel takes about 400 MB: keep only the one in use.
prune_kernels() {
	local keep=$1 d
	for d in "$CACHE"/kernel/*/; do
		d=${d%/}
		[[ -L $d || $(basename "$d") == "$keep" ]] && continue
		rm -rf "$d"
		say "kernel: removed old $(basename "$d")"
	done
}

# Copy one module into the initramfs, decompressed (busybox insmod cannot
# read .ko.xz), and append it to the load list.
add_module() {
	local ko=$1 root=$2 name
	name=$(basename "$ko")
	case $name in
	*.ko.xz) xz -dc "$ko" >"$root/modules/${name%.xz}"; name=${name%.xz} ;;
	*.ko.zst) zstd -qdc "$ko" >"$root/modules/${name%.zst}"; name=${name%.zst} ;;
	*.ko.gz) gzip -dc "$ko" >"$root/modules/${name%.gz}"; name=${name%.gz} ;;
	*) cp "$ko" "$root/modules/$name" ;;
	esac
	echo "$name" >>"$root/modules/order"
}

build_initramfs() {
	local dir=$1 kver=$2 img=$1/initramfs.cpio.gz root mods ko n=0
	local init_src stamp
	init_src=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/vm-init
	[[ -f $init_src ]] || die "missing $init_src"
	# Rebuilt when ci/vm-init changes (by content: a fresh clone has new mtimes).
	stamp=$(sha256sum <"$init_src" | cut -d' ' -f1)
	if [[ -f $img && $(cat "$img.stamp" 2>/dev/null) == "$stamp" ]]; then
		say "initramfs: up to date ($img)"
		return
	fi
	[[ -x /bin/busybox ]] || die "/bin/busybox missing (package busybox-static)"
	/bin/busybox cpio --help >/dev/null 2>&1 || die "/bin/busybox has no cpio applet"
	mods=$(modprobe -d "$dir" -S "$kver" -a --show-depends "${INITRAMFS_MODULES[@]}") ||
		die "modprobe --show-depends failed for ${INITRAMFS_MODULES[*]} in $dir"
	root=$(mktemp -d)
	mkdir -p "$root"/{bin,dev,proc,sys,newroot,modules,mnt/ctl}
	cp /bin/busybox "$root/bin/busybox"
	ln -s busybox "$root/bin/sh"
	: >"$root/modules/order"
	while read -r ko; do
		add_module "$ko" "$root"
		n=$((n + 1))
	done < <(awk '$1 == "insmod" && !seen[$2]++ { print $2 }' <<<"$mods")
	cp "$init_src" "$root/init"
	chmod 755 "$root/init"
	(cd "$root" && find . | /bin/busybox cpio -o -H newc -R 0:0 2>/dev/null) | gzip -9 >"$img.tmp"
	mv "$img.tmp" "$img"
	echo "$stamp" >"$img.stamp"
	rm -rf "$root"
	say "initramfs: built $img (busybox + $n modules)"
}

# The guest bind-mounts the unpacked kernel's modules on /lib/modules, which
# must therefore exist in the (read-only) host root it boots from.
ensure_modules_mountpoint() {
	if [[ ! -d /lib/modules ]]; then
		mkdir -p /lib/modules
		say "created empty /lib/modules (mount point for the guest's modules)"
	fi
}

# podman (tests/integration/cli/itest_container.sh runs the lab with
# --rootfs over this root, read-only) wants /etc/mtab in a container's root
# and cannot make it there. A full Debian install has it; a minimal root
# (mmdebstrap minbase, ci/clean-root.sh) does not: the usual symlink.
ensure_mtab() {
	if [[ ! -e /etc/mtab && ! -L /etc/mtab ]]; then
		ln -s ../proc/self/mounts /etc/mtab
		say "created /etc/mtab -> ../proc/self/mounts (podman --rootfs needs it)"
	fi
}

# The string of a one-line "#define NAME "value"" in $CHARON_H, or of a
# macro continued over several lines ("a " \ "b" gives "a b").
header_string() {
	awk -v name="$1" '
		$1 == "#define" && $2 == name { on = 1 }
		on {
			line = $0
			while (match(line, /"[^"]*"/)) {
				printf "%s", substr(line, RSTART + 1, RLENGTH - 2)
				line = substr(line, RSTART + RLENGTH)
			}
			if ($0 !~ /\\$/) exit
		}' "$CHARON_H"
}

# Every file branchlab relies on at run time, with the package that should
# have put it there. Runs last, so that a missing file fails setup here and
# not in the middle of a test.
check_runtime_files() {
	local charon plugin_dir plugins p f kdir kver missing=()
	[[ -f $CHARON_H ]] || die "cannot read $CHARON_H (the charon paths and plugin list)"
	charon=$(header_string BL_CHARON_BIN)
	plugin_dir=$(header_string BL_CHARON_PLUGIN_DIR)
	plugins=$(header_string BL_CHARON_PLUGINS)
	[[ -n $charon && -n $plugin_dir && -n $plugins ]] ||
		die "cannot parse BL_CHARON_BIN, BL_CHARON_PLUGIN_DIR or BL_CHARON_PLUGINS from $CHARON_H"

	# need FILE PACKAGE-OR-HOW-TO-GET-IT
	need() { [[ -e $1 ]] || missing+=("$1 ($2)"); }
	need "$charon" "package strongswan-charon"
	need /usr/lib/ipsec/libvici.so.0 "package strongswan-swanctl"
	for p in $plugins; do
		f=$plugin_dir/libstrongswan-$p.so
		if [[ -n ${PLUGIN_PACKAGE[$p]:-} ]]; then
			need "$f" "package ${PLUGIN_PACKAGE[$p]}"
		else
			need "$f" "charon plugin $p: no package known, add it to PLUGIN_PACKAGE in ci/setup.sh"
		fi
	done
	need /bin/busybox "package busybox-static"
	need /usr/bin/dot "package graphviz"
	need /usr/bin/man "package man-db"
	need /usr/bin/groff "package groff-base"
	need /usr/bin/podman "package podman"
	need /usr/sbin/bird "package bird2"
	kdir=$(readlink -f "$CACHE/kernel/current" 2>/dev/null) || kdir=$CACHE/kernel/current
	kver=$(basename "$kdir")
	need "$kdir/boot/vmlinuz-$kver" "package linux-image-$kver, unpacked by ci/setup.sh: remove $kdir and rerun"
	need "$kdir/initramfs.cpio.gz" "built by ci/setup.sh: remove $kdir/initramfs.cpio.gz.stamp and rerun"
	if [[ ${#missing[@]} -gt 0 ]]; then
		printf 'setup: error: missing run-time file: %s\n' "${missing[@]}" >&2
		die "${#missing[@]} run-time file(s) missing: install the package(s) named above (apt-get install --reinstall PACKAGE)"
	fi
	say "run-time files: charon, libvici, $(wc -w <<<"$plugins") charon plugins, busybox, dot, man, groff, podman, bird, guest kernel and initramfs present"
}

install_packages
fetch_kernel
ensure_modules_mountpoint
ensure_mtab
check_runtime_files
say "ready: ci/vm-run boots $(readlink "$CACHE/kernel/current") from $CACHE/kernel/current"
