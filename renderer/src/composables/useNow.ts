import { onBeforeUnmount, onMounted, ref } from 'vue';

/** A clock that ticks every `ms` while the component is mounted (countdowns). */
export function useNow(ms = 1000) {
  const now = ref(Date.now());
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => (timer = setInterval(() => (now.value = Date.now()), ms)));
  onBeforeUnmount(() => clearInterval(timer));
  return now;
}
