// A dialog that records a decision on a row with a note — confirm/reject a group, registered/
// dismissed an account: open, check that the note is there when the choice needs one, call the
// API, report and reload. `choiceKey` names the choice in the state ("decision", "status"), so
// templates read as the API does.
import { reactive } from 'vue'
import { ElMessage } from 'element-plus'
import { toastError } from '../utils/errors'

export function useDecisionDialog({ choiceKey, needsNote, noteMissing, act, done, reload }) {
  const state = reactive({ visible: false, [choiceKey]: '', row: null, note: '', error: '', busy: false })

  function open(choice, row) {
    Object.assign(state, { visible: true, [choiceKey]: choice, row, note: '', error: '', busy: false })
  }

  async function submit() {
    state.error = ''
    const choice = state[choiceKey]
    const note = state.note.trim()
    if (needsNote(choice) && !note) {
      state.error = noteMissing
      return
    }
    state.busy = true
    try {
      await act(state.row, choice, note)
      ElMessage.success(done(choice))
      state.visible = false
      await reload()
    } catch (e) {
      if (e.status === 400 && e.field === 'note') state.error = e.message
      toastError(e)
    } finally {
      state.busy = false
    }
  }

  return { state, open, submit }
}
