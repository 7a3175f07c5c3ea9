// The anti-robot check of the public correction form (contracts/public-corrections.md): find the
// first decimal n such that SHA-256(salt + n) starts with `difficulty` zero bits. Runs in a Web
// Worker so the page stays responsive. SHA-256 is written out here (FIPS 180-4) rather than taken
// from crypto.subtle, which exists only in secure contexts and costs a promise per hash.

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
])
const H0 = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]
const W = new Uint32Array(64)

// SHA-256 of `bytes` (a Uint8Array); returns the eight 32-bit words of the digest.
export function sha256(bytes) {
  const blocks = Math.ceil((bytes.length + 9) / 64)
  const msg = new Uint8Array(blocks * 64)
  msg.set(bytes)
  msg[bytes.length] = 0x80
  const bits = bytes.length * 8
  const view = new DataView(msg.buffer)
  view.setUint32(msg.length - 8, Math.floor(bits / 0x100000000))
  view.setUint32(msg.length - 4, bits >>> 0)
  const h = H0.slice()
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < 16; i++) W[i] = view.getUint32(b * 64 + i * 4)
    for (let i = 16; i < 64; i++) {
      const x = W[i - 15]
      const y = W[i - 2]
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3)
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10)
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0
    }
    let [a, bb, c, d, e, f, g, hh] = h
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
      const ch = (e & f) ^ (~e & g)
      const t1 = (hh + S1 + ch + K[i] + W[i]) | 0
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
      const maj = (a & bb) ^ (a & c) ^ (bb & c)
      const t2 = (S0 + maj) | 0
      hh = g
      g = f
      f = e
      e = (d + t1) | 0
      d = c
      c = bb
      bb = a
      a = (t1 + t2) | 0
    }
    h[0] = (h[0] + a) | 0
    h[1] = (h[1] + bb) | 0
    h[2] = (h[2] + c) | 0
    h[3] = (h[3] + d) | 0
    h[4] = (h[4] + e) | 0
    h[5] = (h[5] + f) | 0
    h[6] = (h[6] + g) | 0
    h[7] = (h[7] + hh) | 0
  }
  return h.map((x) => x >>> 0)
}

// Leading zero bits of a digest given as 32-bit words.
export function leadingZeroBits(words) {
  let n = 0
  for (const w of words) {
    if (w === 0) {
      n += 32
      continue
    }
    return n + Math.clz32(w)
  }
  return n
}

// The first answer for the challenge, as decimal text.
export function solve(salt, difficulty) {
  const enc = new TextEncoder()
  for (let n = 0; ; n++) {
    if (leadingZeroBits(sha256(enc.encode(salt + n))) >= difficulty) return String(n)
  }
}

// As a worker: {salt, difficulty} in, {answer} out.
if (typeof self !== 'undefined' && typeof window === 'undefined') {
  self.onmessage = (ev) => {
    const { salt, difficulty } = ev.data
    self.postMessage({ answer: solve(salt, difficulty) })
  }
}
