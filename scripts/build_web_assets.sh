#!/usr/bin/env sh
# Install the web page's JavaScript libraries from the npm registry, exactly as pinned in
# src/entente/web/package-lock.json, and copy their minified builds and licences into
# src/entente/web/static/vendor/, from where `entente serve` serves them (no CDN).
#
#   scripts/build_web_assets.sh            # needs node and npm (Debian: apt-get install -y nodejs npm)
#
# `npm ci` runs in build/web-assets/ (git-ignored), so no node_modules/ lands inside the package.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WEB="$ROOT/src/entente/web"
WORK="$ROOT/build/web-assets"
VENDOR="$WEB/static/vendor"

command -v npm >/dev/null 2>&1 || { echo "build_web_assets: npm is not installed (Debian: apt-get install -y nodejs npm)" >&2; exit 1; }

mkdir -p "$WORK" "$VENDOR"
cp "$WEB/package.json" "$WEB/package-lock.json" "$WORK/"
(cd "$WORK" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

copy() {  # copy SRC DEST: fail loudly when a library moved its files
    [ -f "$WORK/node_modules/$1" ] || { echo "build_web_assets: missing node_modules/$1" >&2; exit 1; }
    cp "$WORK/node_modules/$1" "$VENDOR/$2"
}
copy cytoscape/dist/cytoscape.min.js cytoscape.min.js
copy cytoscape/LICENSE cytoscape.LICENSE.txt
copy chart.js/dist/chart.umd.min.js chart.umd.min.js
copy chart.js/LICENSE.md chart.js.LICENSE.md

node -e 'const l=require(process.argv[1]).packages;for(const[k,v]of Object.entries(l))if(k)console.log(k.replace("node_modules/",""),v.version)' \
    "$WEB/package-lock.json" > "$VENDOR/VERSIONS.txt"
echo "build_web_assets: $(tr '\n' ' ' < "$VENDOR/VERSIONS.txt")-> $VENDOR"
