#!/usr/bin/env bash
# Builds a Debian 12 base image locally from Debian's own packages, for machines that reach
# Debian's mirror but no container registry: debootstrap --variant=minbase, trimmed the way the
# registry's "-slim" images are (no apt lists or caches, no docs, man pages or locales, and a dpkg
# rule that keeps them out of later installs), then imported as localhost/debian:bookworm-slim.
# About 2-5 minutes once; a second run finds the image and does nothing.
#
#   deploy/debian-base.sh [--engine podman|docker] [--mirror URL] [--tag NAME]
set -euo pipefail

engine=""
mirror=""
tag="localhost/debian:bookworm-slim"
while [ $# -gt 0 ]; do
    case "$1" in
        --engine) engine="$2"; shift 2 ;;
        --mirror) mirror="$2"; shift 2 ;;
        --tag) tag="$2"; shift 2 ;;
        *) echo "debian-base: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

if [ -z "$engine" ]; then
    if command -v podman >/dev/null; then engine=podman; elif command -v docker >/dev/null; then engine=docker; else
        echo "debian-base: neither podman nor docker is installed" >&2; exit 1
    fi
fi
if "$engine" image inspect "$tag" >/dev/null 2>&1; then
    echo "debian-base: $tag exists"
    exit 0
fi
if ! command -v debootstrap >/dev/null; then
    echo "debian-base: debootstrap is not installed (apt-get install debootstrap)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "debian-base: run as root (debootstrap creates device nodes and chroots)" >&2
    exit 1
fi

# The mirror this host's apt uses, unless one is given: the image then reaches Debian the way the
# host does.
if [ -z "$mirror" ]; then
    mirror=$(sed -n 's/^URIs:[[:space:]]*\(http[^ ]*\/debian\)[[:space:]]*$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=$(sed -n 's/^deb[[:space:]]\+\(http[^ ]*\/debian\)[[:space:]]\+bookworm[[:space:]].*/\1/p' /etc/apt/sources.list 2>/dev/null | head -n 1)
    [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
fi

root=$(mktemp -d /var/tmp/arbiter-debian-base.XXXXXX)
trap 'rm -rf "$root"' EXIT
echo "debian-base: debootstrap --variant=minbase bookworm from $mirror"
debootstrap --variant=minbase bookworm "$root" "$mirror" >"$root.log" 2>&1 || { tail -n 20 "$root.log" >&2; rm -f "$root.log"; exit 1; }
rm -f "$root.log"

rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/* \
       "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
       "$root"/var/log/* "$root"/tmp/* 2>/dev/null || true
mkdir -p "$root/etc/dpkg/dpkg.cfg.d"
cat > "$root/etc/dpkg/dpkg.cfg.d/01-slim" <<'CFG'
# Keep images small: no documentation, manual pages or translations.
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
CFG
cat > "$root/etc/apt/apt.conf.d/01-slim" <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CFG

tar -C "$root" -c . | "$engine" import --change 'CMD ["/bin/bash"]' - "$tag" >/dev/null
echo "debian-base: imported $tag ($("$engine" image inspect --format '{{.Size}}' "$tag") bytes)"
