/** Wire protocol generation; a host refuses a hello from another generation. */
export const PROTOCOL_VERSION = 1;
/** Package version carried in `hello` so host and widget can tell each other apart. */
export const SOV_VERSION = '0.1.0';
