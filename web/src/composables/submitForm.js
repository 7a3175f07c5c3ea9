import { ElMessage } from 'element-plus'
import { toastError } from '../utils/errors'

// Runs a dialog form's API call: `state.busy` while it runs; an error naming a field is shown at
// that field (`state.errors[field]`, for the form item's :error), any other as a toast; `success`
// (a text, or a function of the result) is shown when it worked. Resolves to the call's result, or
// undefined when it failed.
export async function submitForm(state, call, success) {
  state.busy = true
  state.errors = {}
  try {
    const result = await call()
    if (success) ElMessage.success(typeof success === 'function' ? success(result) : success)
    return result ?? true
  } catch (e) {
    if (e.field) state.errors = { [e.field]: e.message }
    else toastError(e)
    return undefined
  } finally {
    state.busy = false
  }
}
