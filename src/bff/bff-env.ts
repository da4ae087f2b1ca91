/** Values the BFF's middleware hands to its routes. */
export interface BffEnv {
  Variables: {
    /** The caller's Origin, set only after it was checked against ALLOWED_ORIGINS. */
    origin: string;
  };
}
