// A file chosen in the browser as base64 (without the data: prefix), for the JSON upload APIs.
export function readBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error || new Error('读取文件失败'))
    reader.readAsDataURL(file)
  })
}

// A byte count as KB / MB.
export function formatSize(n) {
  if (!n && n !== 0) return ''
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`
}

// Evidence images (整改佐证、停更公告截图): the types and size the server accepts.
export const EVIDENCE_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp']
export const MAX_EVIDENCE_IMAGE = 5 * 1024 * 1024
