#!/bin/sh
# Rebuilds the page's bundle in web/dist/ (committed, and compiled into `ally serve`).
# Needs Node.js and npm; cargo alone never runs this.
set -eu
cd "$(dirname "$0")"
npm ci --no-audit --no-fund
mkdir -p dist
npx esbuild src/main.js --bundle --minify --format=esm --target=es2020 \
  --banner:js="/* ally serve page. Bundles CodeMirror 6 and Lezer (MIT licence, Marijn Haverbeke and others). */" \
  --outfile=dist/app.js
npx esbuild src/app.css --minify --outfile=dist/app.css
cp src/index.html dist/index.html
ls -l dist
