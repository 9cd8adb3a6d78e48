// useApiOn: load from the API whenever a source changes — the one way a view fetches what it
// shows. `source` is anything `watch` takes (a getter, a ref, an array of them); `fetcher`
// gets the source's new value and returns a promise (usually `api(...)`). The composable
// clears the error, sets `loading`, stores the result in `data`, and on failure keeps the last
// good `data` and puts the API's own message (Chinese first, English in brackets) in `error`,
// which the view shows in an <el-alert>. `reset: true` empties `data` before each load (a
// drawer showing another record must not show the previous one meanwhile). `reload()` loads
// again for the current source, e.g. after an action changed what the view shows.
import { ref, toValue, watch } from 'vue'

export function useApiOn(source, fetcher, { reset = false } = {}) {
  const data = ref(null)
  const error = ref('')
  const loading = ref(false)

  async function load(value) {
    if (reset) data.value = null
    error.value = ''
    loading.value = true
    try {
      data.value = await fetcher(value)
    } catch (e) {
      error.value = e.message
    } finally {
      loading.value = false
    }
  }
  watch(source, load, { immediate: true })
  const reload = () => load(Array.isArray(source) ? source.map((s) => toValue(s)) : toValue(source))
  return { data, error, loading, reload }
}
