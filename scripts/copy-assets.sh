#!/usr/bin/env bash
# Copy the front-end packages installed by npm into static/vendor (ignored by git).
set -euo pipefail
dest=static/vendor
rm -rf "$dest" && mkdir -p "$dest/bootstrap" "$dest/bootstrap-icons/fonts" "$dest/htmx"
cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map "$dest/bootstrap/"
cp node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map "$dest/bootstrap/"
cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css "$dest/bootstrap-icons/"
cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff "$dest/bootstrap-icons/fonts/"
cp node_modules/htmx.org/dist/htmx.min.js "$dest/htmx/"
# The ballot's cryptography (static/src/ballot/), bundled: @noble/curves and @noble/hashes import
# each other by bare name, which a browser resolves only with an import map (an inline script,
# forbidden by the CSP). Its SHA-256 is published beside it (docs/ballot.md, threat model).
mkdir -p "$dest/ballot"
node_modules/.bin/esbuild static/src/ballot/index.js --bundle --minify --format=iife \
  --target=es2020 --log-level=warning --outfile="$dest/ballot/ballot.min.js"
(cd "$dest/ballot" && sha256sum ballot.min.js > ballot.min.js.sha256)
