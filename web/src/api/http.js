// The only place that talks to the server. Every API module goes through request().

let csrfToken = ''
let unauthorizedHandler = null

export function setCsrfToken(token) {
  csrfToken = token || ''
}

// Called on 401 for any request except login/session probes (the session ended).
export function onUnauthorized(handler) {
  unauthorizedHandler = handler
}

export class ApiError extends Error {
  constructor(status, code, message, field, retryAfter) {
    super(message)
    this.status = status
    this.code = code
    this.field = field || null
    this.retryAfter = retryAfter || null
  }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

function defaultMessage(status) {
  switch (status) {
    case 400: return '输入有误'
    case 401: return '未登录或登录已过期'
    case 403: return '无权执行此操作'
    case 404: return '记录不存在'
    case 409: return '操作与当前状态冲突'
    case 429: return '请求过于频繁，请稍后再试'
    default: return status >= 500 ? '服务器内部错误' : `请求失败（${status}）`
  }
}

function buildQuery(params) {
  if (!params) return ''
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || v === false) continue
    q.append(k, String(v))
  }
  const s = q.toString()
  return s ? `?${s}` : ''
}

export async function request(method, path, { params, body, quiet401 = false } = {}) {
  const headers = { Accept: 'application/json' }
  const init = { method, headers, credentials: 'same-origin' }
  if (UNSAFE.has(method)) {
    headers['Content-Type'] = 'application/json'
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken
    init.body = JSON.stringify(body === undefined ? {} : body)
  }
  let res
  try {
    res = await fetch(path + buildQuery(params), init)
  } catch (e) {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络')
  }
  const text = await res.text()
  let data = null
  if (text) {
    try {
      data = JSON.parse(text)
    } catch {
      data = null
    }
  }
  if (!res.ok) {
    const err = (data && data.error) || {}
    const e = new ApiError(
      res.status,
      err.code || String(res.status),
      err.message || defaultMessage(res.status),
      err.field,
      res.headers.get('Retry-After'),
    )
    // The whole answer, for errors that carry more than a message (an import's row-by-row list).
    e.data = data
    if (res.status === 401 && !quiet401 && unauthorizedHandler) unauthorizedHandler(e)
    throw e
  }
  return data
}

export const get = (path, params, opts) => request('GET', path, { params, ...opts })
export const post = (path, body, opts) => request('POST', path, { body, ...opts })
export const patch = (path, body, opts) => request('PATCH', path, { body, ...opts })
export const put = (path, body, opts) => request('PUT', path, { body, ...opts })

// Lists answer {items, total}; tolerate a bare array too.
export function asList(data) {
  if (Array.isArray(data)) return { items: data, total: data.length }
  if (data && Array.isArray(data.items)) return { items: data.items, total: data.total ?? data.items.length }
  return { items: [], total: 0 }
}
