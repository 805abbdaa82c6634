import { defineStore } from 'pinia'
import { ref } from 'vue'
import { api, runtimeMode } from '../api'

/** Facts about the running app shown in the chrome: version and where it runs. */
export const useAppInfoStore = defineStore('app-info', () => {
  const version = ref<string | null>(null)
  const mode = runtimeMode
  const error = ref<string | null>(null)

  async function load(): Promise<void> {
    try {
      version.value = await api.app.version()
    } catch (err) {
      error.value = err instanceof Error ? err.message : String(err)
    }
  }

  return { version, mode, error, load }
})
