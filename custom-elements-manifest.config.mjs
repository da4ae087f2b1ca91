/**
 * `npm run manifest` (cem analyze): custom-elements.json from the widget components' JSDoc.
 * `packagejson: false`: package.json already names the manifest (`customElements`), and the
 * analyzer would otherwise rewrite it on every run. `quiet`: nothing on stdout.
 */
export default {
  globs: ['widget/sov-*.ts'],
  exclude: ['widget/*.test.ts'],
  litelement: true,
  packagejson: false,
  quiet: true,
};
