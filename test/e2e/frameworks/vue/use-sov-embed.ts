// The Vue 3 composable of docs/recipes.md, as written there; test/e2e/engines/frameworks.test.ts builds and runs it.
import { type MountOptions, SovEmbed, type SovEventName, type SovListener, type WidgetHandle } from 'sov-embed';
import { onBeforeUnmount, onMounted, ref, shallowRef } from 'vue';

export function useSovEmbed(options: MountOptions) {
  const el = ref<HTMLElement | null>(null);
  const handle = shallowRef<WidgetHandle | null>(null);

  onMounted(() => {
    if (el.value) handle.value = SovEmbed.mount(el.value, options);
  });
  onBeforeUnmount(() => handle.value?.destroy());

  function on<K extends SovEventName>(event: K, listener: SovListener<K>) {
    onMounted(() => handle.value?.on(event, listener));
  }
  return { el, handle, on };
}
