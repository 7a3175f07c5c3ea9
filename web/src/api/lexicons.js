import { get, post, asList } from './http'

// Lexicons (词库): versions of the scanner's word list; the newest published one is active.
export const listLexicons = async () => {
  const data = await get('/api/lexicons')
  return { ...asList(data), activeVersion: data?.active_version ?? null }
}
export const getLexicon = (version) => get(`/api/lexicons/${version}`)
// body: { terms_tsv, categories: { category: indicator }, allow: [phrase], note }
export const publishLexicon = (body) => post('/api/lexicons', body)
// 重新扫描存档: { from, to } (YYYY-MM-DD, inclusive) → the rescan; the list has their progress.
export const listRescans = async () => asList(await get('/api/lexicons/rescans'))
export const startRescan = (body) => post('/api/lexicons/rescans', body)
