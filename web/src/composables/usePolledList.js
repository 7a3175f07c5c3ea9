import { onBeforeUnmount, onMounted, ref } from 'vue'
import { toastError } from '../utils/errors'

/// A list read when the component mounts and read again every `everyMs` while `pending(items)`
/// says something in it is still being worked on in the background (a rescan running, a report
/// queued); the timer stops when the component unmounts. `load` reads it at once (after a start).
export function usePolledList(fetchItems, pending, everyMs = 3000) {
  const items = ref([])
  let timer = null
  async function load() {
    clearTimeout(timer)
    try {
      items.value = await fetchItems()
    } catch (e) {
      toastError(e)
      return
    }
    if (pending(items.value)) timer = setTimeout(load, everyMs)
  }
  onMounted(load)
  onBeforeUnmount(() => clearTimeout(timer))
  return { items, load }
}
