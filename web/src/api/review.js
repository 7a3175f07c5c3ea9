import { get, post, put } from './http'

// 先审后发: the unit's review levels, drafts through them, and posts matched to approved drafts.
export const getReviewSettings = (params) => get('/api/review/settings', params)
export const saveReviewSettings = (body) => put('/api/review/settings', body)
export const listDrafts = (params) => get('/api/review/drafts', params)
export const getDraft = (id) => get(`/api/review/drafts/${id}`)
export const submitDraft = (body) => post('/api/review/drafts', body)
export const resubmitDraft = (id, body) => post(`/api/review/drafts/${id}/resubmit`, body)
export const decideDraft = (id, body) => post(`/api/review/drafts/${id}/decision`, body)
export const addDraftImage = (id, body) => post(`/api/review/drafts/${id}/images`, body)
export const draftImageUrl = (id) => `/api/review/images/${id}`
export const listReviewPosts = (params) => get('/api/review/posts', params)
export const compareReviewPost = (id) => get(`/api/review/posts/${id}`)
