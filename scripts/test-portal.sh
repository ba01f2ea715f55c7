#!/usr/bin/env bash
# Tests the npm package as a portal ships it, and the portal page (examples/portal/) in a real
# browser.
#
#   scripts/test-portal.sh        (from anywhere; works from a clean clone)
#
# 1. installs what is missing: the test tooling (npm ci in examples/portal/tests: playwright-core
#    and typescript; no browser download), Debian's chromium, a Chinese font for the screenshots;
# 2. reuses target/pkg-web and target/pkg-node when scripts/test-wasm.sh has built them from the
#    current sources, else builds them the same way (wasm-pack, size profile, package `minzheng`);
# 3. ships the TypeScript declarations in both packages (wasm/types/install.mjs) and checks they
#    are current with schema/*.schema.json (wasm/types/generate.mjs --check);
# 4. the size budget: the web build gzipped, at most 250 KB with every parameter embedded (fails
#    above it, after the remaining checks have run);
# 5. instantiation and per-call time in Node (reported, not asserted);
# 6. tsc --noEmit: a usage file and every golden vector's request and actual result against the
#    declarations (wasm/types/check/run.mjs);
# 7. the first visit on Chrome DevTools' "Slow 4G" (examples/portal/tests/speed.spec.mjs): a
#    household can be calculated within 3 s; what the page downloads, gzipped, is printed against
#    the 200 KB target (a TODO test until met); the preload hints match app.js's imports;
# 8. the end-to-end test: Playwright driving /usr/bin/chromium against the page served on
#    127.0.0.1 (examples/portal/tests/portal.spec.mjs); screenshots in target/portal-screenshots/.
#
# Exits non-zero on the first failure.

set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# shellcheck source=wasm-env.sh
source scripts/wasm-env.sh

TOOLS=examples/portal/tests

step "tooling"
command -v node >/dev/null || { echo "node (>= 20) is required" >&2; exit 1; }
browser_tools_install
# Without a CJK font the screenshots show boxes; the test itself does not depend on it.
if ! { fc-list :lang=zh 2>/dev/null || true; } | grep . >/dev/null; then
  sudo_if_needed apt-get install -y fonts-wqy-microhei \
    || (sudo_if_needed apt-get update && sudo_if_needed apt-get install -y fonts-wqy-microhei) \
    || echo "warning: no Chinese font installed; screenshots will show boxes" >&2
fi
echo "node $(node --version), $(/usr/bin/chromium --version 2>/dev/null | head -n1), playwright-core $(node -p "require('./$TOOLS/node_modules/playwright-core/package.json').version"), tsc $("$TOOLS/node_modules/.bin/tsc" --version)"

step "npm packages: target/pkg-web and target/pkg-node"
if wasm_package_current target/pkg-web && wasm_package_current target/pkg-node; then
  echo "reusing target/pkg-web and target/pkg-node (built from the current sources)"
else
  wasm_tools_install
  wasm_package_current target/pkg-web || build_package web target/pkg-web
  wasm_package_current target/pkg-node || build_package nodejs target/pkg-node analysis
fi

step "TypeScript declarations: current with the schemas, shipped in both packages"
node wasm/types/generate.mjs --check
node wasm/types/install.mjs target/pkg-web
node wasm/types/install.mjs target/pkg-node

# Over budget fails the run, after the other checks have reported.
step "size budget (web build, gzipped)"
budget_ok=1
node "$TOOLS/budget.mjs" target/pkg-web || budget_ok=0

step "timing in Node (reported, not asserted)"
node "$TOOLS/timing.mjs" target/pkg-web

step "tsc --noEmit"
node wasm/types/check/run.mjs "$TOOLS/node_modules/.bin/tsc"

step "first visit on slow 4G in headless Chromium (ready time asserted; downloads reported)"
node --test --test-reporter=spec "$TOOLS/speed.spec.mjs"

step "portal page in headless Chromium (Playwright)"
node --test --test-reporter=spec "$TOOLS/portal.spec.mjs"
echo "screenshots: $(cd target/portal-screenshots && ls ./*.png | sed 's|^\./||' | tr '\n' ' ')"

if [ "$budget_ok" -ne 1 ]; then
  echo "FAILED: the web build is over its size budget (see above)" >&2
  exit 1
fi
step "all portal checks passed"
