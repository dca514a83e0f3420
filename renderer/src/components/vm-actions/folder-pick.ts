// A folder field backed by the file picker: main only accepts local paths the user picked, so a
// typed path is passed through the picker (as its suggestion) before it is used.
import { ref } from 'vue';
import { api } from '../../api/virtdeck';
import { useToastsStore } from '../../stores/toasts';

export function useFolderPick(initial: string, title: string) {
  const toasts = useToastsStore();
  const text = ref(initial);
  const picked = ref<string | null>(null);
  const picking = ref(false);

  /** Opens the picker at the field's path; null when cancelled. */
  async function choose(): Promise<string | null> {
    picking.value = true;
    try {
      const p = await api.files.pickFolder({ title, ...(text.value.trim() ? { suggestion: text.value.trim() } : {}) });
      if (p) {
        text.value = p;
        picked.value = p;
      }
      return p;
    } catch (err) {
      toasts.error('Could not choose the folder', err);
      return null;
    } finally {
      picking.value = false;
    }
  }
  /** The picked folder, asking the picker again when the field was edited since. */
  async function ensure(): Promise<string | null> {
    if (picked.value && picked.value === text.value.trim()) return picked.value;
    return choose();
  }
  return { text, picked, picking, choose, ensure };
}
