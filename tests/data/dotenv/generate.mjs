// Regenerates expected.json by running every case in cases.json through the real
// @next/env loader (npm package). Usage, from this folder:
//   npm install --prefix /tmp/nextenv @next/env@16.4.6
//   NEXT_ENV=/tmp/nextenv/node_modules/@next/env node generate.mjs
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const nextEnv = process.env.NEXT_ENV;
if (!nextEnv) throw new Error("set NEXT_ENV to the @next/env package folder");
const { cases } = JSON.parse(readFileSync(new URL("./cases.json", import.meta.url)));
const version = JSON.parse(readFileSync(join(nextEnv, "package.json"))).version;

// Each case runs in a fresh node process: @next/env snapshots process.env at load time.
const probe = `
  const { loadEnvConfig } = require(process.argv[1]);
  const [dir, mode, keysJson] = process.argv.slice(2);
  const silent = { info() {}, error() {} };
  loadEnvConfig(dir, mode === "development", silent, true);
  const out = {};
  for (const k of JSON.parse(keysJson)) out[k] = k in process.env ? process.env[k] : null;
  process.stdout.write(JSON.stringify(out));
`;

const results = [];
for (const c of cases) {
  const dir = mkdtempSync(join(tmpdir(), "dotenv-case-"));
  const keys = new Set(Object.keys(c.env || {}));
  for (const [name, text] of Object.entries(c.files)) {
    writeFileSync(join(dir, name), text);
    for (const m of text.matchAll(/^\s*(?:export\s+)?([\w.-]+)\s*(?:=|:\s)/gm)) keys.add(m[1]);
  }
  const mode = c.mode || "development";
  const env = { PATH: process.env.PATH, ...(c.env || {}) };
  if (mode === "test") env.NODE_ENV = "test";
  const stdout = execFileSync(process.execPath, ["-e", probe, nextEnv, dir, mode, JSON.stringify([...keys])], { env });
  results.push({ name: c.name, mode, values: JSON.parse(stdout) });
  rmSync(dir, { recursive: true });
}
writeFileSync(new URL("./expected.json", import.meta.url),
  JSON.stringify({ generated_by: `@next/env ${version}`, results }, null, 2) + "\n");
console.log(`wrote ${results.length} cases from @next/env ${version}`);
