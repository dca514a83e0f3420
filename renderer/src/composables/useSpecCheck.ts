// Live validation of a form's spec by the core: 250 ms after the spec last changed, `check(spec)`
// runs (a preview call that throws INVALID_ARGUMENT listing every problem). Only the latest
// check's answer counts; an answer of a spec that changed since is dropped.
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { splitProblems } from '../components/host/problems';

export interface SpecCheck {
  /** The spec's problems, one per item (empty when the latest check passed). */
  problems: Ref<string[]>;
  /** A failure that is not a list of problems (the host is gone, …). */
  otherError: Ref<string | null>;
  /** True from a change until its check has answered. */
  checking: Ref<boolean>;
}

export function useSpecCheck<T>(spec: () => T, check: (spec: T) => Promise<unknown>, delayMs = 250): SpecCheck {
  const problems = shallowRef<string[]>([]);
  const otherError = ref<string | null>(null);
  const checking = ref(true);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;

  async function run(): Promise<void> {
    const mine = ++seq;
    try {
      await check(spec());
      if (mine !== seq) return;
      problems.value = [];
      otherError.value = null;
    } catch (err) {
      if (mine !== seq) return;
      const list = splitProblems(err);
      problems.value = list ?? [];
      otherError.value = list ? null : (err as Error).message;
    } finally {
      if (mine === seq) checking.value = false;
    }
  }
  watch(
    spec,
    () => {
      clearTimeout(timer);
      checking.value = true;
      timer = setTimeout(() => void run(), delayMs);
    },
    { deep: true, immediate: true },
  );
  onScopeDispose(() => clearTimeout(timer));
  return { problems, otherError, checking };
}
