// The layout of a batch of Ed25519 checks sent to a signature worker: one
// transferable buffer (no copies of the large buffers the inputs are views
// of), each check as publicKey (32) | signature (64) | message length (u16) |
// message. Shared by signature-pool.ts and signature-worker.ts; like the
// worker, it uses erasable TypeScript and no imports, because Node loads
// worker files by type stripping alone when run from the sources (no tsx
// hooks inside a worker under vitest); compiled (dist/js), the worker is
// signature-worker.js.

export interface SignatureCheck {
  publicKey: Uint8Array
  message: Uint8Array
  signature: Uint8Array
}

export const batchPublicKeyBytes = 32
export const batchSignatureBytes = 64
export const batchMessageBytesMax = 0xffff
const checkHeaderBytes = batchPublicKeyBytes + batchSignatureBytes + 2

export function packChecks (checks: SignatureCheck[]): ArrayBuffer {
  let total = 0
  for (const c of checks) total += checkHeaderBytes + c.message.length
  const out = new Uint8Array(total)
  const view = new DataView(out.buffer)
  let offset = 0
  for (const c of checks) {
    if (c.publicKey.length !== batchPublicKeyBytes || c.signature.length !== batchSignatureBytes ||
      c.message.length > batchMessageBytesMax) throw new TypeError('signature check of the wrong shape')
    out.set(c.publicKey, offset)
    out.set(c.signature, offset + batchPublicKeyBytes)
    view.setUint16(offset + batchPublicKeyBytes + batchSignatureBytes, c.message.length)
    out.set(c.message, offset + checkHeaderBytes)
    offset += checkHeaderBytes + c.message.length
  }
  return out.buffer
}

export function unpackChecks (buffer: ArrayBuffer): SignatureCheck[] {
  const bytes = new Uint8Array(buffer)
  const view = new DataView(buffer)
  const checks: SignatureCheck[] = []
  let offset = 0
  while (offset < bytes.length) {
    if (offset + checkHeaderBytes > bytes.length) throw new TypeError('truncated signature batch')
    const length = view.getUint16(offset + batchPublicKeyBytes + batchSignatureBytes)
    const end = offset + checkHeaderBytes + length
    if (end > bytes.length) throw new TypeError('truncated signature batch')
    checks.push({
      publicKey: bytes.subarray(offset, offset + batchPublicKeyBytes),
      signature: bytes.subarray(offset + batchPublicKeyBytes, offset + batchPublicKeyBytes + batchSignatureBytes),
      message: bytes.subarray(offset + checkHeaderBytes, end)
    })
    offset = end
  }
  return checks
}
