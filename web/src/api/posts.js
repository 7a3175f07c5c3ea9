import { get, asList } from './http'

// The archive of posts (帖子存档): full-text search over the current version of every archived
// post; a unit operator sees only their unit's posts.
export const searchPosts = async (params) => asList(await get('/api/posts', params))
