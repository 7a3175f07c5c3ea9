import { get, asList } from './http'

// The archive of posts (帖子存档): full-text search over the current version of every archived
// post; a unit operator sees only their unit's posts.
// total_capped: more matches than `total` (the server counts up to 10,000).
export const searchPosts = async (params) => {
  const data = await get('/api/posts', params)
  return { ...asList(data), total_capped: !!data?.total_capped }
}
// One post with its evidence: every version (SHA-256, the fetch that captured it) and every look at
// its own page after it went missing from its feed.
export const getPost = (id) => get(`/api/posts/${id}`)
