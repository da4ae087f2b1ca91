// Single-file components are compiled by @vitejs/plugin-vue; to tsc each is a component.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent;
  export default component;
}
