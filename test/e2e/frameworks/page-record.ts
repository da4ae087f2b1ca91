// What the framework test pages expose to the test: ready events, every handle the app mounted, the app's
// navigations, a way to unmount the app.
import type { SovEmbedApi, WidgetHandle } from 'sov-embed';

export interface PageRecord {
  readies: number;
  handles: WidgetHandle[];
  navigations: string[];
  navigate: (path: string) => void;
  unmount: () => void;
  /** How many handles are still alive (destroy() makes a handle's element null). */
  alive: () => number;
}

export const page: PageRecord = {
  readies: 0,
  handles: [],
  navigations: [],
  navigate: (path) => page.navigations.push(path),
  unmount: () => {},
  alive: () => page.handles.filter((h) => h.element !== null).length,
};
(window as unknown as { sovTest: PageRecord }).sovTest = page;

/** Init the SDK for the page and record each mount the app makes through it. */
export function startSdk(sdk: SovEmbedApi): void {
  sdk.init({ bff: '/api/sov' });
  sdk.on('ready', () => page.readies++);
  const mount = sdk.mount.bind(sdk);
  sdk.mount = (target, options) => {
    const handle = mount(target, options);
    page.handles.push(handle);
    return handle;
  };
}
