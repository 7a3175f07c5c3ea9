import { onMounted, reactive, ref, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { asList } from '../api/http'
import { toastError } from '../utils/errors'

// The scaffolding of a list page: filters and paging kept in the URL query (so a view can be
// linked to and survives a reload), the list loaded whenever the query changes.
//
//   fields: { unit_id: Number, platform: String, warning: Boolean, ... } — the filters; empty is
//           null for Number, '' for String, false for Boolean.
//   fetch(params): the API call; params are the filters plus page and page_size. It may answer
//           {items, total}, a bare array, or any object with items (kept whole in `data`). A server
//           that answers every row at once is paged here.
//   pageSize: the default page size (not written into the URL).
//   defaults: { year: 2024, ... } — values a filter takes when the URL has none (e.g. this quarter),
//           instead of empty.
export function useListQuery({ fields, fetch, pageSize: defaultSize = 50, defaults = {} }) {
  const route = useRoute()
  const router = useRouter()
  const path = route.path

  const initial = (k, T) => (k in defaults ? defaults[k] : emptyOf(T))
  const empty = () => Object.fromEntries(Object.entries(fields).map(([k, T]) => [k, initial(k, T)]))
  const filters = reactive(empty())
  const page = ref(1)
  const pageSize = ref(defaultSize)
  const items = ref([])
  const total = ref(0)
  const data = ref(null)
  const loading = ref(false)

  function readQuery() {
    const q = route.query
    for (const [k, T] of Object.entries(fields)) {
      const v = parse(T, q[k])
      filters[k] = v === emptyOf(T) ? initial(k, T) : v
    }
    page.value = Number(q.page) || 1
    pageSize.value = Number(q.page_size) || defaultSize
  }

  function toQuery() {
    const query = {}
    for (const k of Object.keys(fields)) {
      const v = filters[k]
      if (v !== null && v !== '' && v !== false && v !== undefined) query[k] = String(v)
    }
    if (page.value > 1) query.page = String(page.value)
    if (pageSize.value !== defaultSize) query.page_size = String(pageSize.value)
    return query
  }

  // Writes the filters into the URL (which loads the list); the same query again just reloads.
  function pushQuery() {
    const query = toQuery()
    if (sameQuery(query, route.query)) load()
    else router.push({ path, query })
  }

  function search() {
    page.value = 1
    pushQuery()
  }

  function reset() {
    Object.assign(filters, empty())
    search()
  }

  async function load() {
    loading.value = true
    try {
      const res = await fetch({ ...filters, page: page.value, page_size: pageSize.value })
      const list = asList(res)
      data.value = res
      const start = (page.value - 1) * pageSize.value
      items.value = list.items.length > pageSize.value ? list.items.slice(start, start + pageSize.value) : list.items
      total.value = list.total
    } catch (e) {
      toastError(e)
    } finally {
      loading.value = false
    }
  }

  watch(
    () => route.query,
    () => {
      if (route.path !== path) return
      readQuery()
      load()
    },
  )

  onMounted(() => {
    readQuery()
    load()
  })

  return { filters, page, pageSize, items, total, data, loading, search, reset, pushQuery, load }
}

function emptyOf(T) {
  if (T === Number) return null
  if (T === Boolean) return false
  return ''
}

function parse(T, v) {
  if (Array.isArray(v)) v = v[0]
  if (v === undefined || v === null || v === '') return emptyOf(T)
  if (T === Number) return Number(v) || null
  if (T === Boolean) return v === 'true'
  return String(v)
}

function sameQuery(a, b) {
  const ka = Object.keys(a)
  const kb = Object.keys(b)
  return ka.length === kb.length && ka.every((k) => String(b[k]) === a[k])
}
