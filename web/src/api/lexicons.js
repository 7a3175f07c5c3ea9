import { get, post, asList } from './http'

// Lexicons (词库): versions of the scanner's word list; the newest published one is active.
export const listLexicons = async () => {
  const data = await get('/api/lexicons')
  return { ...asList(data), activeVersion: data?.active_version ?? null }
}
export const getLexicon = (version) => get(`/api/lexicons/${version}`)
// body: { terms_tsv, categories: { category: indicator }, allow: [phrase], note }
export const publishLexicon = (body) => post('/api/lexicons', body)
