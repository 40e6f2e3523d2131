// Regenerates src/wire/gen/proto.{js,d.ts} from proto/. Run: npm run proto
// (or `node scripts/gen-proto.mjs <folder>` to write them elsewhere: the
// tests regenerate them so to check the committed ones are what proto/ makes).
import { execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, readdirSync } from 'node:fs'

const out = process.argv[2] ?? 'src/wire/gen'
const files = readdirSync('proto/gdp/v1').map((f) => `proto/gdp/v1/${f}`)
const js = `${out}/proto.js`
execFileSync('npx', ['pbjs', '-t', 'static-module', '-w', 'es6', '--no-verify', '--no-convert', '--no-delimited', '-p', 'proto', '-o', js, ...files], { stdio: 'inherit' })
// 64-bit fields decode to plain numbers: the code checks they stay below 2^53.
// This must run before the generated prototypes are built.
const source = readFileSync(js, 'utf8').replace(
  'import $protobuf from "protobufjs/minimal.js";',
  'import $protobuf from "protobufjs/minimal.js";\n$protobuf.util.Long = undefined;\n$protobuf.configure();'
)
writeFileSync(js, source)
const dts = `${out}/proto.d.ts`
execFileSync('npx', ['pbts', '-o', dts, js], { stdio: 'inherit' })
// Matches the Long switch above: 64-bit fields are numbers.
writeFileSync(dts, readFileSync(dts, 'utf8').replaceAll('number|Long', 'number').replace(/^import Long = require\("long"\);\n/m, ''))
