import { onUnmounted, ref } from 'vue'

// Below this width (phones) the console uses its narrow layout: the menu in a drawer, shorter pagers.
export const NARROW_QUERY = '(max-width: 767px)'

/// A ref that is true while the window is narrower than 768 px, kept up to date until the calling
/// component unmounts.
export function useNarrow() {
  const query = window.matchMedia(NARROW_QUERY)
  const narrow = ref(query.matches)
  const onChange = (e) => {
    narrow.value = e.matches
  }
  query.addEventListener('change', onChange)
  onUnmounted(() => query.removeEventListener('change', onChange))
  return narrow
}
