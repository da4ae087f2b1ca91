// A Vue 3 app that shows the recipe's checkout until the test unmounts it.
import { SovEmbed } from 'sov-embed';
import { createApp, defineComponent, h, ref } from 'vue';
import { page, startSdk } from '../page-record.js';
import Checkout from './Checkout.vue';

startSdk(SovEmbed);

const App = defineComponent(() => {
  const shown = ref(true);
  page.unmount = () => {
    shown.value = false;
  };
  return () => (shown.value ? h(Checkout) : null);
});
createApp(App).mount('#root');
