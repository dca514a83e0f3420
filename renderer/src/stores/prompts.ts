import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { AuthAnswer, AuthPrompt } from '../../../preload/contract/model';
import { api } from '../api/virtdeck';

/** Open authentication prompts (SSH host key, password, …), oldest first. */
export const usePromptsStore = defineStore('prompts', () => {
  const open = ref<AuthPrompt[]>([]);
  const current = computed(() => open.value[0] ?? null);

  function add(prompt: AuthPrompt) {
    if (!open.value.some((p) => p.id === prompt.id)) open.value.push(prompt);
  }
  function close(id: string) {
    open.value = open.value.filter((p) => p.id !== id);
  }
  async function answer(id: string, reply: AuthAnswer) {
    close(id);
    await api.hosts.answerPrompt(id, reply);
  }
  return { open, current, add, close, answer };
});
