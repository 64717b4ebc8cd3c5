#!/usr/bin/env bash
# Build the staff interface's static files into src/faircontact/web/static/vendor/ (gitignored):
# GOV.UK Frontend's Sass compiled with our settings (Arial), its ES module JavaScript and images, and htmx.
# Needs `npm ci` first (package.json / package-lock.json at the repository root). No CDN is used at run time.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../../.." && pwd)"
WEB="$ROOT/src/faircontact/web/static"
NM="$ROOT/node_modules"
OUT="$WEB/vendor"

if [ ! -d "$NM/govuk-frontend" ] || [ ! -x "$NM/.bin/sass" ]; then
  echo "node_modules is missing: run 'npm ci' in $ROOT first" >&2
  exit 1
fi

rm -rf "$OUT"
mkdir -p "$OUT/govuk/assets" "$OUT/htmx"
"$NM/.bin/sass" --no-source-map --style=compressed --quiet-deps --load-path="$NM" \
  "$WEB/src/faircontact.scss" "$OUT/govuk/faircontact.css"
cp "$NM/govuk-frontend/dist/govuk/govuk-frontend.min.js" "$OUT/govuk/govuk-frontend.min.js"
cp -r "$NM/govuk-frontend/dist/govuk/assets/images" "$OUT/govuk/assets/images"
cp "$NM/govuk-frontend/dist/govuk/assets/manifest.json" "$OUT/govuk/assets/manifest.json"
cp "$NM/htmx.org/dist/htmx.min.js" "$OUT/htmx/htmx.min.js"
echo "static files built in $OUT"
