#!/bin/bash
# Builds quadctl_VERSION_all.deb at the project root with dpkg-deb, from the same
# files `npm pack` ships (run after build.mjs and man.mjs; `npm run deb` does all three).
#   /usr/lib/quadctl/          the package: bin/, dist/, templates/, units/
#   /usr/bin/quadctl           -> ../lib/quadctl/bin/quadctl
#   /usr/lib/quadctl/quadctl-generator   not enabled: docs/generator.md says how
#   /usr/lib/systemd/{system,user}/quadctl-update.{service,timer}
#   man pages, bash/zsh/fish completions, /usr/share/doc/quadctl
# Everything is root-owned and starts /usr/bin/node by absolute path: generators and
# units see no custom PATH or nvm, and root must not run code a user can write.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p 'require("./package.json").version')
# A private work folder and an atomic rename: two builds at once (tests) never mix.
work=$(mktemp -d .deb-build.XXXXXX)
root=$work/root
mkdir -p "$root"
trap 'rm -rf "$work"' EXIT

tarball=$(npm pack --silent --ignore-scripts --pack-destination "$work")
mkdir -p "$root/usr/lib"
tar -xzf "$work/$tarball" -C "$work"
mv "$work/package" "$root/usr/lib/quadctl"
lib=$root/usr/lib/quadctl

# Executables: Debian's node by absolute path.
for f in "$lib"/bin/*; do sed -i '1s|^#!.*|#!/usr/bin/node|' "$f"; done
# The generator's code cache is made for one Node: the build's would fit Debian's node only
# by chance, so postinst makes one for it, again whenever the nodejs package changes it.
rm -f "$lib"/dist/quadctl-generator.cjs.*.cache
mkdir -p "$root/usr/bin"
ln -s ../lib/quadctl/bin/quadctl "$root/usr/bin/quadctl"
ln -s bin/quadctl-generator.cjs "$lib/quadctl-generator"

# The update units, run straight from /usr/lib: `systemctl enable --now quadctl-update.timer`.
for scope in system user; do
  src=units; [ "$scope" = user ] && src=units/user
  dest=$root/usr/lib/systemd/$scope
  mkdir -p "$dest"
  cp "$src/quadctl-update.timer" "$dest/"
  sed 's|^ExecStart=quadctl |ExecStart=/usr/bin/quadctl |' "$src/quadctl-update.service" > "$dest/quadctl-update.service"
  grep -q '^ExecStart=/usr/bin/quadctl ' "$dest/quadctl-update.service"
done

# Man pages and completions, where man-db and the shells look for them.
for page in "$lib"/man/*.[0-9]; do
  section=${page##*.}
  mkdir -p "$root/usr/share/man/man$section"
  gzip -9n < "$page" > "$root/usr/share/man/man$section/$(basename "$page").gz"
done
install -D -m 644 "$lib/completions/quadctl" "$root/usr/share/bash-completion/completions/quadctl"
install -D -m 644 "$lib/completions/_quadctl" "$root/usr/share/zsh/vendor-completions/_quadctl"
install -D -m 644 "$lib/completions/quadctl.fish" "$root/usr/share/fish/vendor_completions.d/quadctl.fish"

# Documentation in /usr/share/doc, not beside the code.
doc=$root/usr/share/doc/quadctl
mkdir -p "$doc"
mv "$lib/README.md" "$lib/docs" "$doc/"
gzip -9n < "$lib/CHANGELOG.md" > "$doc/changelog.gz"
{
  echo 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'
  echo 'Upstream-Name: quadctl'
  echo
  echo 'Files: *'
  echo 'License: Apache-2.0'
  echo ' On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0.'
  echo ' dist/ bundles third-party libraries (yargs, handlebars, dbus-next, semver,'
  echo ' diff, smol-toml, write-file-atomic) under MIT, ISC and BSD-3-Clause.'
} > "$doc/copyright"
rm -rf "$lib/man" "$lib/completions" "$lib/CHANGELOG.md" "$lib/LICENSE"

mkdir -p "$root/DEBIAN"
size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: quadctl
Version: $version
Architecture: all
Maintainer: quadctl maintainers <quadctl@localhost>
Depends: nodejs (>= 20)
Recommends: podman, systemd
Section: admin
Priority: optional
Installed-Size: $size
Description: render Podman containers into systemd units and keep them up to date
 quadctl describes a host's Podman containers, pods, networks and volumes in one
 config file and turns it into Quadlet files or systemd units; it updates the
 containers to new images with a health gate and rollback, from a systemd timer.
 Also ships quadctl-generator, a Quadlet-compatible systemd generator for hosts
 whose Podman has no Quadlet (not enabled by default; see quadctl-generator(8)).
CONTROL
# systemd reads the new units on the next reload; enabling the timer is the admin's choice.
# The code cache is best effort: without it the generator only starts slower.
cat > "$root/DEBIAN/postinst" <<'SCRIPT'
#!/bin/sh
set -e
case "$1" in
  configure|triggered) /usr/bin/node /usr/lib/quadctl/bin/quadctl-generator-cache >/dev/null 2>&1 || true ;;
esac
if [ "$1" = configure ] && [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
SCRIPT
cat > "$root/DEBIAN/prerm" <<'SCRIPT'
#!/bin/sh
set -e
rm -f /usr/lib/quadctl/dist/quadctl-generator.cjs.*.cache
SCRIPT
cat > "$root/DEBIAN/postrm" <<'SCRIPT'
#!/bin/sh
set -e
if [ -d /run/systemd/system ]; then systemctl daemon-reload >/dev/null 2>&1 || true; fi
SCRIPT
chmod 755 "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" "$root/DEBIAN/postrm"
echo 'interest-noawait /usr/bin/node' > "$root/DEBIAN/triggers"

find "$root" -type d -exec chmod 755 {} +
find "$root" -type f ! -path "*/DEBIAN/*" -exec chmod 644 {} +
chmod 755 "$lib"/bin/*
out=quadctl_${version}_all.deb
dpkg-deb --root-owner-group -Zxz --build "$root" "$work/$out" >/dev/null
mv "$work/$out" "$out"
echo "$out"
