// Precompresses the hashed build output once, at build time: for each text asset in dist/assets
// (JS, CSS, SVG, JSON, maps) of 1 KiB or more, writes `<file>.gz` beside it (gzip level 9) when
// that is smaller. The server sends the .gz to clients that accept gzip instead of compressing on
// every request. Run by `npm run build` after `vite build`.
import fs from 'node:fs'
import path from 'node:path'
import zlib from 'node:zlib'
import { fileURLToPath } from 'node:url'

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'assets')
const TEXT = /\.(js|mjs|css|svg|json|map|txt|html)$/
const MIN_BYTES = 1024

let files = 0
let before = 0
let after = 0
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name)
  if (!TEXT.test(name) || !fs.statSync(file).isFile()) continue
  const raw = fs.readFileSync(file)
  if (raw.length < MIN_BYTES) continue
  const gz = zlib.gzipSync(raw, { level: 9 })
  if (gz.length >= raw.length) continue
  fs.writeFileSync(`${file}.gz`, gz)
  files++
  before += raw.length
  after += gz.length
}
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
console.log(`precompress: ${files} files in dist/assets, ${kib(before)} → ${kib(after)} gzip`)
